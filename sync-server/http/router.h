// The API's one route table. Every route names its access rule, so the
// server enforces authentication, admin rights and CSRF before any handler
// runs, and the authorization test matrix can list every endpoint (a route
// without a rule cannot be written). Handlers return JSON or an Error; the
// router turns either into a response and writes the request's audit event.
#pragma once

#include <httplib.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "shared/audit/audit_entry.h"
#include "sync-server/http/server_context.h"

namespace limn::server {

enum class Access : std::uint8_t {
  kPublic,       // anyone (login, invitation acceptance, health)
  kSession,      // a logged-in person; finer checks (project role, own task) in the handler
  kServerAdmin,  // a logged-in server administrator
  kLoopback,     // only from the server's own machine (/metrics)
};

std::string_view accessName(Access a);

struct Caller {
  std::int64_t userId = 0;
  std::string name;
  bool isAdmin = false;
  bool mfa = false;
  Blob sessionHash;
};

// The resource of a request that names none (yet).
inline constexpr const char* kNoResource = "-";

// One request as a handler sees it.
class Call {
 public:
  Call(ServerContext& ctx, const httplib::Request& req) : ctx(ctx), req(req) {}
  ServerContext& ctx;
  const httplib::Request& req;
  std::optional<Caller> caller;
  std::string address;
  std::int64_t now = 0;
  nlohmann::json body = nlohmann::json::object();
  std::vector<std::string> params;  // path parameters, in pattern order
  audit::AuditEvent event;          // handlers set resource and detail
  std::vector<std::string> setCookies;
  std::optional<std::string> plainText;  // set to answer text/plain instead of JSON (/metrics)

  const Caller& user() const { return *caller; }
  // Runs `change` and appends this request's audit event in one
  // transaction: the change and its record commit together or not at all.
  Status change(const std::function<Status(Database&)>& change);
  bool audited() const { return m_audited; }

  // Body fields with clear errors.
  Result<std::string> text(const char* field) const;
  std::optional<std::string> optionalText(const char* field) const;
  // An integer field from min to max (fallback when absent); a fraction, a
  // text or a number out of range is an error naming the range.
  Result<std::int64_t> integer(const char* field, std::int64_t fallback, std::int64_t min, std::int64_t max) const;

 private:
  bool m_audited = false;
};

using Handler = std::function<Result<nlohmann::json>(Call&)>;

// Request bodies are small JSON except where a route says otherwise (ops,
// relayed images): a bound on what anyone, signed in or not, can make the
// server hold and parse. JSON nested deeper than kMaxJsonDepth is refused
// before it is parsed (each level costs the parser memory and stack).
inline constexpr std::size_t kDefaultMaxBody = std::size_t{1} << 20;
inline constexpr std::size_t kLargestBody = std::size_t{64} << 20;  // what any route may allow
inline constexpr int kMaxJsonDepth = 64;

struct Route {
  std::string method;   // GET, POST
  std::string pattern;  // "/api/v1/projects/{name}/tasks"
  Access access;
  std::string action;   // audit action, e.g. "task.create"; empty: not audited (health, metrics)
  std::string rule;     // the finer rule the handler applies, in words (documentation, matrix)
  Handler handler;
  std::size_t maxBody = kDefaultMaxBody;
};

class Router {
 public:
  void add(Route route);
  const std::vector<Route>& routes() const { return m_routes; }
  void install(httplib::Server& http, ServerContext& ctx) const;
  // The largest body a request to `method` `path` may send: checked on its
  // Content-Length before the body is read. Quick: only the few routes that
  // allow more than kDefaultMaxBody are matched.
  std::size_t bodyLimit(const std::string& method, const std::string& path) const;

 private:
  struct LargeBody {
    std::string method;
    std::regex path;
    std::size_t limit;
  };
  std::vector<Route> m_routes;
  std::vector<LargeBody> m_largeBodies;
};

// An Error as the JSON body every API failure has.
nlohmann::json errorBody(const Error& e);

}  // namespace limn::server
