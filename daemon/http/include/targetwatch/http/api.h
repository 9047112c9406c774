// The HTTP API of design.md over the application core: routes, request parameters in, the core's
// values or failures out. The one place where failure kinds become status codes.
#pragma once

#include "targetwatch/core/application.h"
#include "targetwatch/core/failure.h"
#include "targetwatch/http/message.h"
#include "targetwatch/http/router.h"

namespace targetwatch::http {

/// The status code of a failure kind: unauthenticated 401, forbidden 403, not found 404, bad
/// request and unreadable 400, unsupported media 415, too large 413, rate limited 429, invalid 422,
/// store unavailable 503 (with Retry-After), internal 500.
int status_for(core::FailureKind kind);

/// {"error": message, "errors": [{row, field, reason}...]} with status_for(kind), plus
/// WWW-Authenticate for 401 and Retry-After when the failure says when to retry.
HttpResponse failure_response(const core::Failure& failure);

/// Every endpoint of design.md's HTTP table plus POST /-/reload, answered by `app` (which must
/// outlive the router).
Router make_api_router(core::Application& app);

}  // namespace targetwatch::http
