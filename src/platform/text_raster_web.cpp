#include <cmath>
#include <string>

#include "platform/text_raster.h"

extern "C" {
double telemed_text_width(const char* text, float em, int bold);
int telemed_text_draw(const char* text, float em, int bold, int pad_x, float baseline, int width, int height,
                      unsigned char* out);
}

namespace platform {

TextBitmap draw_text(std::string_view utf8, float em, bool bold, int pad_x, float baseline, int height) {
    const std::string text(utf8);  // the JS side reads a NUL-terminated string
    const double advance = telemed_text_width(text.c_str(), em, bold);
    if (advance < 0 || height <= 0) return {};
    TextBitmap b;
    b.width = static_cast<int>(std::ceil(advance)) + 2 * pad_x;
    b.height = height;
    b.advance = static_cast<float>(advance);
    b.rgba.resize(static_cast<size_t>(b.width) * static_cast<size_t>(b.height) * 4);
    const int r = telemed_text_draw(text.c_str(), em, bold, pad_x, baseline, b.width, b.height, b.rgba.data());
    if (r < 0) return {};
    b.colored = r == 1;
    return b;
}

}  // namespace platform
