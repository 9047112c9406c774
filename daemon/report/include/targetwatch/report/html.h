// HTML building blocks shared by the review page and the web pages: the one escape function, the
// lamp badge, the spending-vs-plan SVG chart and the review's stylesheet (screen and print).
#pragma once

#include <string>
#include <string_view>

#include "targetwatch/report/review.h"

namespace targetwatch {

/// Text as HTML text or attribute value: & < > " ' escaped.
std::string html_escape(std::string_view s);
/// html_escape, with line breaks kept as <br> (notes may span lines).
std::string html_escape_lines(std::string_view s);

/// <span class="lamp red">红灯</span>, followed by the change since the previous review if any.
std::string lamp_span(Lamp lamp, LampChange change = LampChange::kNone);

/// The spent share against the plan over the fiscal year as an inline SVG (400x210), with the
/// checkpoints, the as-of line and a legend. Colours come from the stylesheet's --plan/--spent.
std::string spending_chart_svg(const ReviewSpending& spending, int fiscal_year, Date as_of);

/// The review's CSS: lamps, tables, cards, the chart's colours, A4 landscape print rules.
std::string_view review_stylesheet();

}  // namespace targetwatch
