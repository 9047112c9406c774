// The people's web pages (overview, department, project, upload), routed beside the API.
#pragma once

#include "targetwatch/core/application.h"
#include "targetwatch/http/router.h"

namespace targetwatch::http {

/// Adds GET routes of the web interface to `router`; `app` must outlive it.
void add_web_routes(Router& router, core::Application& app);

}  // namespace targetwatch::http
