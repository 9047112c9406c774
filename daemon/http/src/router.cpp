// Router: exact (method, path) dispatch with 404 and 405 + Allow.
#include "targetwatch/http/router.h"

namespace targetwatch::http {

void Router::add(std::string method, std::string path, Handler handler) {
  routes_.push_back(Route{std::move(method), std::move(path), std::move(handler)});
}

HttpResponse Router::route(const HttpRequest& request) const {
  std::string allow;
  for (const Route& r : routes_) {
    if (r.path != request.path) continue;
    if (r.method == request.method) return r.handler(request);
    if (!allow.empty()) allow += ", ";
    allow += r.method;
  }
  if (allow.empty()) return HttpResponse::json_error(404, "no such path: " + request.path);
  HttpResponse response =
      HttpResponse::json_error(405, "method " + request.method + " not allowed; use " + allow);
  response.headers.emplace_back("Allow", allow);
  return response;
}

}  // namespace targetwatch::http
