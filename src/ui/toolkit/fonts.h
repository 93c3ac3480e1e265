// Text fonts: Noto Sans (Regular body, Bold headings) with Fork Awesome icons and Noto Sans Arabic merged
// in, rasterized at size x devicePixelRatio and drawn at 1/dpr (io.FontGlobalScale) so text is sharp
// on HiDPI screens. Files come from app.data (/fonts/, see cmake/wasm.cmake). Every other script (CJK,
// Devanagari, Thai, emoji…) is drawn by the browser on demand and added to the same fonts (glyphs.h).
#pragma once
#include <imgui.h>

namespace ui {

struct Fonts {
    ImFont* body = nullptr;   // 16 px regular
    ImFont* small = nullptr;  // the body font; draw it at kSmallSize (captions, pills, tab labels)
    ImFont* h1 = nullptr;     // 28 px bold
    ImFont* h2 = nullptr;     // 22 px bold
    ImFont* h3 = nullptr;     // 18 px bold (also button labels)
};

inline constexpr float kSmallSize = 14.f;  // CSS px

// (Re)builds the atlas for this devicePixelRatio. Call outside a frame; the renderer's font texture
// must be recreated afterwards. Returns false when the font files are missing (ImGui's default font
// is used then, still scaled).
bool load_fonts(float dpr);
float fonts_dpr();
const Fonts& fonts();

}  // namespace ui
