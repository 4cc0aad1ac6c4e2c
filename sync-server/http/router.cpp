#include "sync-server/http/router.h"

#include <chrono>
#include <regex>

#include "shared/encoding/json_error.h"
#include "sync-server/auth/session_token.h"
#include "sync-server/http/json_depth.h"
#include "sync-server/log.h"
#include "sync-server/store/session_records.h"
#include "sync-server/store/user_records.h"

namespace limn::server {

namespace {

constexpr std::int64_t kTouchEverySeconds = 30;  // last_seen writes, at most this often per session
constexpr const char* kBackgroundHeader = "X-Limn-Background";

std::int64_t unixNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string patternRegex(const std::string& pattern) {
  return std::regex_replace(pattern, std::regex(R"(\{[a-z_]+\})"), "([^/]+)");
}

bool isLoopback(const std::string& address) {
  return address == "127.0.0.1" || address == "::1" || address == "::ffff:127.0.0.1";
}

// The session behind the request's cookie, if it is live; expired ones are
// removed on sight. A request the page makes on its own (X-Limn-Background:
// a timer, a long poll) does not count as the person's activity, so an
// unattended tab still reaches the idle timeout.
std::optional<Caller> resolveSession(ServerContext& ctx, const httplib::Request& req, std::int64_t now,
                                     std::string* csrf) {
  const auto token = cookieValue(req.get_header_value("Cookie"), kSessionCookie);
  if (!token || token->empty()) return std::nullopt;
  const Blob hash = hashSessionToken(*token);
  auto session = findSession(ctx.db, hash);
  if (!session || !*session) return std::nullopt;
  const SessionRecord& s = **session;
  if (now - s.createdAt > ctx.config.sessionMaxSeconds || now - s.lastSeen > ctx.config.sessionIdleSeconds) {
    (void)deleteSession(ctx.db, hash);
    return std::nullopt;
  }
  auto user = findUserById(ctx.db, s.userId);
  if (!user || !*user || (*user)->disabled) return std::nullopt;
  const bool background = req.get_header_value(kBackgroundHeader) == "1";
  if (!background && now - s.lastSeen >= std::min(kTouchEverySeconds, ctx.config.sessionIdleSeconds / 2))
    (void)touchSession(ctx.db, hash, now);
  *csrf = s.csrfToken;
  return Caller{s.userId, (*user)->name, (*user)->isAdmin, s.mfa, hash};
}

bool changesState(const std::string& method) { return method != "GET" && method != "HEAD"; }

// A browser always sends Origin on cross-site state changes; if present it
// must be this server (the CSRF token is the main defence, this a second).
bool originAllowed(const httplib::Request& req) {
  if (!req.has_header("Origin")) return true;
  const std::string origin = req.get_header_value("Origin");
  const std::string host = req.get_header_value("Host");
  return origin == "https://" + host || origin == "http://" + host;
}

const char* outcomeOf(int status) {
  if (status < 400) return "ok";
  if (status == 401 || status == 403 || status == 429) return "denied";
  return "failed";
}

}  // namespace

std::string_view accessName(Access a) {
  switch (a) {
    case Access::kPublic: return "public";
    case Access::kSession: return "session";
    case Access::kServerAdmin: return "server_admin";
    case Access::kLoopback: return "loopback";
  }
  return "unknown";
}

nlohmann::json errorBody(const Error& e) {
  return {{"error", {{"code", std::string(errorCodeName(e.code))}, {"message", e.message}}}};
}

Status Call::change(const std::function<Status(Database&)>& body) {
  Status s = ctx.db.transaction([&](Database& tx) -> Status {
    if (auto r = body(tx); !r) return r;
    event.outcome = "ok";
    event.time = auditTimeNow();
    if (auto r = ctx.audit.append(tx, event); !r) return r.error();
    return okStatus();
  });
  if (s) m_audited = true;
  return s;
}

Result<std::string> Call::text(const char* field) const {
  if (!body.contains(field) || !body[field].is_string() || body[field].get<std::string>().empty())
    return makeError(ErrorCode::kInvalidArgument, std::string("the request needs a text field \"") + field + "\"");
  return body[field].get<std::string>();
}

std::optional<std::string> Call::optionalText(const char* field) const {
  if (!body.contains(field) || !body[field].is_string()) return std::nullopt;
  return body[field].get<std::string>();
}

Result<std::int64_t> Call::integer(const char* field, std::int64_t fallback, std::int64_t min, std::int64_t max) const {
  if (!body.contains(field)) return fallback;
  const nlohmann::json& v = body[field];
  const bool inRange = v.is_number_unsigned()  ? v.get<std::uint64_t>() <= static_cast<std::uint64_t>(max) &&
                                                    static_cast<std::int64_t>(v.get<std::uint64_t>()) >= min
                       : v.is_number_integer() ? v.get<std::int64_t>() >= min && v.get<std::int64_t>() <= max
                                               : false;
  if (!inRange)
    return makeError(ErrorCode::kInvalidArgument,
                     std::string(field) + " is a whole number from " + std::to_string(min) + " to " + std::to_string(max));
  return v.get<std::int64_t>();
}

void Router::add(Route route) {
  if (route.maxBody > kDefaultMaxBody)
    m_largeBodies.push_back({route.method, std::regex(patternRegex(route.pattern)), route.maxBody});
  m_routes.push_back(std::move(route));
}

std::size_t Router::bodyLimit(const std::string& method, const std::string& path) const {
  for (const LargeBody& l : m_largeBodies)
    if (l.method == method && std::regex_match(path, l.path)) return l.limit;
  return kDefaultMaxBody;
}

void Router::install(httplib::Server& http, ServerContext& ctx) const {
  for (const Route& route : m_routes) {
    if (route.method == "GET" && !route.action.empty()) ctx.readActions.insert(route.action);
    const std::string regex = patternRegex(route.pattern);
    auto handle = [&ctx, &route](const httplib::Request& req, httplib::Response& res) {
      ctx.metrics.requests++;
      Call call(ctx, req);
      call.now = unixNow();
      call.address = req.remote_addr;
      for (std::size_t i = 1; i < req.matches.size(); ++i) call.params.push_back(req.matches[i].str());
      call.event.action = route.action;
      call.event.address = call.address;
      call.event.actor = "-";
      call.event.resource = kNoResource;

      // The request goes on record before its answer leaves: a read the
      // audit log could not record is answered 503, without its data.
      auto respond = [&](int status, nlohmann::json body) {
        if (!route.action.empty() && !call.audited()) {
          call.event.outcome = outcomeOf(status);
          call.event.time = auditTimeNow();
          if (status >= 400) call.event.detail["status"] = status;
          if (auto r = ctx.audit.appendAlone(call.event); !r) {
            logEvent("audit_append_failed", {{"action", route.action}, {"error", r.error().message}});
            if (status < 400) {
              status = 503;
              body = errorBody(makeError(ErrorCode::kUnavailable,
                                         "the audit log could not record this request, so nothing is returned; retry"));
              call.plainText.reset();
            }
          }
        }
        res.status = status;
        res.set_header("Cache-Control", "no-store");
        // The throttle's wait, for clients that read headers (RFC 9110 10.2.3).
        if (status == 429 && call.event.detail.contains("retry_after"))
          res.set_header("Retry-After", call.event.detail["retry_after"].dump());
        for (const std::string& c : call.setCookies) res.set_header("Set-Cookie", c);
        if (call.plainText && status == 200) res.set_content(*call.plainText, "text/plain; version=0.0.4");
        // Invalid UTF-8 a request put in a message (a name in the path) is
        // replaced, not thrown.
        else res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/json");
        if (status == 401 || status == 403) ctx.metrics.denied++;
        else if (status >= 400) ctx.metrics.failed++;
      };
      auto fail = [&](const Error& e) { respond(httpStatusFor(e.code), errorBody(e)); };

      std::string csrf;
      call.caller = resolveSession(ctx, req, call.now, &csrf);
      if (call.caller) call.event.actor = call.caller->name;

      switch (route.access) {
        case Access::kPublic: break;
        case Access::kLoopback:
          if (!isLoopback(call.address)) return fail(makeError(ErrorCode::kForbidden, "only from the server's machine"));
          break;
        case Access::kServerAdmin:
        case Access::kSession:
          if (!call.caller) return fail(makeError(ErrorCode::kUnauthenticated, "log in first"));
          if (route.access == Access::kServerAdmin && !call.caller->isAdmin)
            return fail(makeError(ErrorCode::kForbidden, "forbidden: server administrators only"));
          break;
      }
      if (changesState(req.method)) {
        if (!originAllowed(req)) return fail(makeError(ErrorCode::kForbidden, "forbidden: cross-origin request"));
        // Public routes (login, accepting an invitation) act on no session's
        // authority, so a stale cookie in a new tab must not block them.
        if (call.caller && route.access != Access::kPublic &&
            !csrfTokenMatches(req.get_header_value(kCsrfHeader), csrf))
          return fail(makeError(ErrorCode::kForbidden, std::string("forbidden: missing or wrong ") + kCsrfHeader));
        if (req.body.size() > route.maxBody)  // sent in chunks, without a length to check first
          return fail(makeError(ErrorCode::kTooLarge, "the request body is larger than this endpoint takes (" +
                                                          std::to_string(route.maxBody) + " bytes)"));
        if (jsonNestedDeeperThan(req.body, kMaxJsonDepth))
          return fail(makeError(ErrorCode::kInvalidArgument, "the request body nests JSON deeper than " +
                                                                 std::to_string(kMaxJsonDepth) + " levels"));
        if (!req.body.empty()) {
          call.body = nlohmann::json::parse(req.body, nullptr, false);
          if (!call.body.is_object())
            return fail(makeError(ErrorCode::kInvalidArgument, "the request body must be a JSON object"));
        }
      }
      // A field of the wrong type (nlohmann's value() throws) is a bad
      // request, answered and audited like any other.
      Result<nlohmann::json> out = [&]() -> Result<nlohmann::json> {
        try {
          return route.handler(call);
        } catch (const nlohmann::json::exception& e) {
          return makeError(ErrorCode::kInvalidArgument, "malformed request field: " + jsonErrorText(e));
        } catch (const std::exception&) {
          // Answered and audited like any failure; what() may quote the
          // request, so neither the answer nor the log repeats it.
          logEvent("handler_exception", {{"action", route.action}});
          return makeError(ErrorCode::kInternal, "internal error");
        }
      }();
      if (!out) return fail(out.error());
      respond(200, *out);
    };
    if (route.method == "GET") http.Get(regex, handle);
    else if (route.method == "POST") http.Post(regex, handle);
    else if (route.method == "DELETE") http.Delete(regex, handle);
  }
}

}  // namespace limn::server
