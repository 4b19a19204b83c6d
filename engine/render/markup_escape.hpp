// The one escape for text put into HTML or XML (the web pages, the timeline SVG, the
// generated rule documentation): & < > " ' become entities, so a case id, a Träger name or a
// rule title can stand in element text and in quoted attributes alike.
#pragma once

#include <string>
#include <string_view>

namespace klappt {

std::string markup_escaped(std::string_view text);

}  // namespace klappt
