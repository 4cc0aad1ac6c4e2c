#include "sync-server/api/api_routes.h"

namespace limn::server {

Router allRoutes() {
  Router router;
  addAuthRoutes(router);
  addProjectRoutes(router);
  addTaskRoutes(router);
  addKeyRoutes(router);
  addOpRoutes(router);
  addPasswordRoutes(router);
  addBlobRoutes(router);
  addAuditRoutes(router);
  return router;
}

}  // namespace limn::server
