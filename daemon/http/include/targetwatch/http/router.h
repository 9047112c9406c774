// Router: maps (method, path) to a handler; pure, no sockets, so the whole API is unit-testable.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "targetwatch/http/message.h"

namespace targetwatch::http {

using Handler = std::function<HttpResponse(const HttpRequest&)>;

/// Routing table of exact paths and path prefixes. Unknown paths answer 404, known paths with
/// another method 405 with an Allow header. Thread-safety: add() and add_prefix() before serving;
/// route() is const and may run concurrently.
class Router {
 public:
  void add(std::string method, std::string path, Handler handler);
  /// Every path that starts with `prefix` and is longer than it ("/projects/" matches
  /// "/projects/P1", not "/projects/"). Exact routes win over prefixes, whatever the order.
  void add_prefix(std::string method, std::string prefix, Handler handler);
  HttpResponse route(const HttpRequest& request) const;

 private:
  struct Route {
    std::string method;
    std::string path;
    Handler handler;
    bool prefix = false;
  };
  std::vector<Route> routes_;
};

}  // namespace targetwatch::http
