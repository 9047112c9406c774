// XmlStream over expat: no namespace processing (prefixes are stripped instead, so files with
// undeclared or unusual prefixes still read), no DTDs (rejected: they are never in OOXML parts
// and are how entity bombs come in).
#include "xml_stream.h"

#include <expat.h>

#include <climits>
#include <cstring>

namespace targetwatch::xlsx::detail {
namespace {

struct Context {
  XML_Parser parser;
  XmlHandler* handler;
  std::string doctype_failure;
};

void stop_if_failed(Context& context) {
  if (!context.handler->failure().empty()) XML_StopParser(context.parser, XML_FALSE);
}

void XMLCALL on_start(void* data, const XML_Char* name, const XML_Char** attributes) {
  auto& context = *static_cast<Context*>(data);
  context.handler->start(local_name(name), Attributes(attributes));
  stop_if_failed(context);
}

void XMLCALL on_end(void* data, const XML_Char* name) {
  auto& context = *static_cast<Context*>(data);
  context.handler->end(local_name(name));
  stop_if_failed(context);
}

void XMLCALL on_text(void* data, const XML_Char* text, int length) {
  auto& context = *static_cast<Context*>(data);
  context.handler->text(std::string_view(text, static_cast<std::size_t>(length)));
  stop_if_failed(context);
}

void XMLCALL on_doctype(void* data, const XML_Char*, const XML_Char*, const XML_Char*, int) {
  auto& context = *static_cast<Context*>(data);
  context.doctype_failure = "DTD (<!DOCTYPE>) not allowed in a workbook part";
  XML_StopParser(context.parser, XML_FALSE);
}

}  // namespace

std::string_view local_name(std::string_view name) {
  const auto colon = name.rfind(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

std::optional<std::string_view> Attributes::get(std::string_view wanted) const {
  for (const char** pair = pairs_; pair[0] != nullptr; pair += 2) {
    if (local_name(pair[0]) == wanted) return std::string_view(pair[1]);
  }
  return std::nullopt;
}

struct XmlStream::Parser {
  explicit Parser(XmlHandler& handler) : parser(XML_ParserCreate(nullptr)) {
    context = {parser, &handler, {}};
    XML_SetUserData(parser, &context);
    XML_SetElementHandler(parser, on_start, on_end);
    XML_SetCharacterDataHandler(parser, on_text);
    XML_SetStartDoctypeDeclHandler(parser, on_doctype);
  }
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;
  ~Parser() { XML_ParserFree(parser); }

  XML_Parser parser;
  Context context;
};

XmlStream::XmlStream(std::string part, XmlHandler& handler)
    : part_(std::move(part)), handler_(handler), parser_(std::make_unique<Parser>(handler)) {}

XmlStream::~XmlStream() = default;

Result<Ok> XmlStream::feed(std::string_view chunk) {
  // XML_Parse takes an int length; the zip reader's chunks are far smaller, but stay safe.
  while (chunk.size() > static_cast<std::size_t>(INT_MAX / 2)) {
    if (auto r = parse(chunk.data(), INT_MAX / 2, false); !r) return r;
    chunk.remove_prefix(INT_MAX / 2);
  }
  return parse(chunk.data(), static_cast<int>(chunk.size()), false);
}

Result<Ok> XmlStream::finish() { return parse("", 0, true); }

Result<Ok> XmlStream::parse(const char* data, int size, bool final) {
  XML_Parser parser = parser_->parser;
  if (XML_Parse(parser, data, size, final ? XML_TRUE : XML_FALSE) == XML_STATUS_OK) return Ok{};
  const Context& context = parser_->context;
  const std::string where =
      "xlsx: " + part_ + " line " + std::to_string(XML_GetCurrentLineNumber(parser)) + ": ";
  if (!handler_.failure().empty()) return Error{where + handler_.failure()};
  if (!context.doctype_failure.empty()) return Error{where + context.doctype_failure};
  return Error{where + "malformed XML: " + XML_ErrorString(XML_GetErrorCode(parser))};
}

}  // namespace targetwatch::xlsx::detail
