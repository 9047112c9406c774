// The people's web pages: none yet (the web interface is routed here).
#include "web_routes.h"

namespace targetwatch::http {

void add_web_routes(Router& router, core::Application& app) {
  (void)router;
  (void)app;
}

}  // namespace targetwatch::http
