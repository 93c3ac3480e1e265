// Text drawn by the browser's own font stack (Canvas 2D), for the glyphs the app's embedded fonts lack:
// the system's fonts and its text shaper (HarfBuzz in Chromium) serve every script and colour emoji.
// Synchronous: system fonts need no loading. The native stand-in draws nothing (an empty bitmap).
#pragma once
#include <string_view>
#include <vector>

namespace platform {

struct TextBitmap {
    int width = 0, height = 0;
    float advance = 0;     // pen advance of the text, px
    bool colored = false;  // has colour (emoji); otherwise the pixels are white and only alpha varies
    std::vector<unsigned char> rgba;  // width x height, not premultiplied
};

// `utf8` at `em` px in the page's sans-serif stack (bold or regular), the pen at (pad_x, baseline) of a
// bitmap `height` px tall and ceil(text width) + 2 pad_x wide.
TextBitmap draw_text(std::string_view utf8, float em, bool bold, int pad_x, float baseline, int height);

}  // namespace platform
