// The review's wording and formats moved to the public header (the web pages share them).
#pragma once

#include "targetwatch/report/review_text.h"
