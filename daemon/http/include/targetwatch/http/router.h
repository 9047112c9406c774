// Router: maps (method, path) to a handler; pure, no sockets, so the whole API is unit-testable.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "targetwatch/http/message.h"

namespace targetwatch::http {

using Handler = std::function<HttpResponse(const HttpRequest&)>;

/// Exact-path routing table. Unknown paths answer 404, known paths with another method 405 with
/// an Allow header. Thread-safety: add() before serving; route() is const and may run concurrently.
class Router {
 public:
  void add(std::string method, std::string path, Handler handler);
  HttpResponse route(const HttpRequest& request) const;

 private:
  struct Route {
    std::string method;
    std::string path;
    Handler handler;
  };
  std::vector<Route> routes_;
};

}  // namespace targetwatch::http
