// The parsers as read_actuals uses them: good rows and errors of bad rows together.
#pragma once

#include <string_view>

#include "table.h"

namespace targetwatch::detail {

ParseOutput parse_csv(std::string_view utf8_text);
ParseOutput parse_json(std::string_view text);
ParseOutput parse_xlsx(std::string_view bytes);

}  // namespace targetwatch::detail
