// The /api/v1 endpoints, one file per area; each adds its routes (with
// their access rules) to the router. `allRoutes` is the complete table the
// server installs and `limn-server routes --json` prints.
#pragma once

#include "sync-server/http/router.h"

namespace limn::server {

void addAuthRoutes(Router& router);
void addProjectRoutes(Router& router);
void addTaskRoutes(Router& router);
void addAuditRoutes(Router& router);
void addKeyRoutes(Router& router);
void addOpRoutes(Router& router);
void addPasswordRoutes(Router& router);
void addBlobRoutes(Router& router);

Router allRoutes();

}  // namespace limn::server
