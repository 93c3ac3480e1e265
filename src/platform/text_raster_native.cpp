// Native stand-in: no font stack to ask, so nothing is drawn (glyphs the fonts lack stay fallbacks).
#include "platform/text_raster.h"

namespace platform {
TextBitmap draw_text(std::string_view, float, bool, int, float, int) { return {}; }
}  // namespace platform
