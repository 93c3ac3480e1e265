// Display form of text for ImGui, which draws code points left to right one by one: Arabic letters are
// replaced by their contextual presentation forms (initial/medial/final/isolated, lam-alef ligatures)
// and right-to-left runs are reversed into visual order, so "محمد" reads correctly inside an
// otherwise left-to-right line. A small subset of the Unicode bidi algorithm (LTR paragraphs only,
// no nesting). Last, glyphs::substitute() notes what the current font lacks (drawn by the browser before
// the next frame) and stands one private-use code point for each run the browser must shape (Devanagari,
// Thai, emoji…): see glyphs.h. Call it inside a frame, with the font the text is drawn in pushed.
#pragma once
#include <string>
#include <string_view>

namespace ui {

bool has_rtl(std::string_view utf8);
std::string display_text(std::string_view utf8);

}  // namespace ui
