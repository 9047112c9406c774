// Router: (method, path) dispatch by exact path, then by prefix, with 404 and 405 + Allow.
#include "targetwatch/http/router.h"

namespace targetwatch::http {

void Router::add(std::string method, std::string path, Handler handler) {
  routes_.push_back(Route{std::move(method), std::move(path), std::move(handler)});
}

void Router::add_prefix(std::string method, std::string prefix, Handler handler) {
  routes_.push_back(Route{std::move(method), std::move(prefix), std::move(handler), true});
}

HttpResponse Router::route(const HttpRequest& request) const {
  std::string allow;
  // Exact paths first, so that a prefix never shadows an endpoint below it.
  for (bool prefixes : {false, true}) {
    for (const Route& r : routes_) {
      if (r.prefix != prefixes) continue;
      const bool match =
          r.prefix ? request.path.size() > r.path.size() && request.path.starts_with(r.path)
                   : r.path == request.path;
      if (!match) continue;
      if (r.method == request.method) return r.handler(request);
      if (!allow.empty()) allow += ", ";
      allow += r.method;
    }
    if (!allow.empty()) break;
  }
  if (allow.empty()) return HttpResponse::json_error(404, "no such path: " + request.path);
  HttpResponse response =
      HttpResponse::json_error(405, "method " + request.method + " not allowed; use " + allow);
  response.headers.emplace_back("Allow", allow);
  return response;
}

}  // namespace targetwatch::http
