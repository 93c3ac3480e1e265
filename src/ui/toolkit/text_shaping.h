// Display form of text for ImGui, which draws code points left to right one by one: Arabic letters are
// replaced by their contextual presentation forms (initial/medial/final/isolated, lam-alef ligatures)
// and right-to-left runs are reversed into visual order, so "محمد" reads correctly inside an
// otherwise left-to-right line. A small subset of the Unicode bidi algorithm (LTR paragraphs only,
// no nesting); text without Arabic is returned unchanged at the cost of one scan. Code points the fonts
// cannot have (emoji, beyond U+FFFF) are drawn as "◌", never as a misleading "?".
#pragma once
#include <string>
#include <string_view>

namespace ui {

bool has_rtl(std::string_view utf8);
std::string display_text(std::string_view utf8);

}  // namespace ui
