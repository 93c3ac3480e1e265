// Glyphs the embedded fonts lack (CJK, Devanagari, Thai, emoji, symbols missing from the bold headings…),
// drawn on demand by the browser's own font stack and added to the ImGui font atlas, so the system's
// fonts serve every script and app.data ships only Noto Sans, Arabic, Hebrew and the icons.
//
// How: while a frame is drawn, display_text() passes every string through substitute(), which notes the
// code points the current font lacks and replaces each run that needs shaping (Indic and Southeast Asian
// scripts, emoji sequences) by one private-use code point standing for the whole run: the browser shapes
// it as one bitmap, ImGui draws it as one glyph. Before the next frame, update() has those runs drawn by
// a Rasterizer (platform: Canvas 2D), packs them into a region reserved in the atlas at build time and
// adds them to the fonts (ImFont::AddGlyph); the entry point uploads the new pixels into the atlas
// texture. Only when the reserved region is full is the atlas rebuilt, with a region twice as tall.
//
// Threading: the UI thread only. Invariant: private-use assignments live as long as the page, so a
// string shaped in an earlier frame keeps drawing the same glyphs after a rebuild or a dpr change.
#pragma once
#include <imgui.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace ui::glyphs {

// One run drawn by the platform: RGBA, not premultiplied; white where it is not colour (ImGui tints it).
struct Bitmap {
    int width = 0, height = 0;
    float advance = 0;     // pen advance, px
    bool colored = false;  // colour emoji: drawn untinted
    std::vector<unsigned char> rgba;
};

// What the Rasterizer draws: `text` at `em` px (bold or regular), the pen at (pad_x, baseline) of a bitmap
// `height` px tall and as wide as the text plus 2 pad_x. Returns an empty bitmap when it cannot draw.
struct RasterRequest {
    std::string_view text;
    float em = 16;
    bool bold = false;
    int pad_x = 0;
    float baseline = 0;
    int height = 0;
};
using Rasterizer = std::function<Bitmap(const RasterRequest&)>;

// A font of the family, as load_fonts() built it.
struct Face {
    ImFont* font = nullptr;
    float em = 16;  // device px
    bool bold = false;
};

// The display form's last step (text_shaping.cpp): shaped runs -> private-use code points, missing code
// points noted for the next update(). Outside a frame (no ImGui context) the text is returned unchanged.
std::string substitute(std::string_view utf8);

// fonts.cpp, around ImFontAtlas::Build(): reserve the region, then re-add the glyphs drawn so far.
void before_build(ImFontAtlas& atlas, float dpr);
void after_build(ImFontAtlas& atlas, std::vector<Face> faces);

// A rectangle of the atlas texture to (re)write; the pixels stay valid until the next update().
struct Upload {
    int x = 0, y = 0, w = 0, h = 0;
    const unsigned char* rgba = nullptr;
};
enum class Update { none, upload, rebuild };

// Before a frame: draws what the last frame lacked and places it. `rebuild`: the reserved region is full,
// rebuild the atlas (load_fonts) and call update() again. The uploads are then in take_uploads().
Update update(const Rasterizer& rasterize);
std::vector<Upload> take_uploads();
bool pending();  // code points noted but not drawn yet: the next frame shows them

struct Stats {
    int runs = 0;           // distinct runs and code points drawn by the browser
    int atlas_w = 0, atlas_h = 0;
    int reserve_h = 0;      // rows of the atlas reserved for them
    int reserve_used = 0;   // rows used so far
    double last_update_ms = 0;
    int last_update_runs = 0;
};
Stats stats();

}  // namespace ui::glyphs
