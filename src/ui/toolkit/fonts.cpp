#include "ui/toolkit/fonts.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "ui/toolkit/glyphs.h"
#include "ui/toolkit/icons.h"

namespace ui {
namespace {

Fonts loaded;
float loaded_dpr = 0.f;

// Body: Latin + Latin Extended-A/B (Zoë Łukasiewicz), Greek, Cyrillic, general punctuation
// (… – — “ ” ’ •), currency, letterlike, arrows, math operators (− ×), geometric shapes (● ▲).
const ImWchar kTextRanges[] = {
    0x0020, 0x024F, 0x0370, 0x03FF, 0x0400, 0x04FF, 0x2000, 0x206F, 0x20A0, 0x20BF,
    0x2100, 0x214F, 0x2190, 0x21FF, 0x2212, 0x2212, 0x25A0, 0x25FF, 0,
};
// Headings: the scripts only (the atlas at 3x is large; symbols rarely appear in headings).
const ImWchar kHeadingRanges[] = {0x0020, 0x024F, 0x0370, 0x03FF, 0x0400, 0x04FF, 0x2000, 0x206F, 0};
// Arabic basic + presentation forms B (ImGui does no shaping: isolated letters, left to right).
const ImWchar kArabicRanges[] = {0x0600, 0x06FF, 0xFE70, 0xFEFF, 0};
// Hebrew letters and points, and the Hebrew presentation forms.
const ImWchar kHebrewRanges[] = {0x0590, 0x05FF, 0xFB1D, 0xFB4F, 0};

bool exists(const char* path) {
    if (FILE* f = std::fopen(path, "rb")) {
        std::fclose(f);
        return true;
    }
    return false;
}

const char* kRegular = "/fonts/NotoSans-Regular.ttf";
const char* kBold = "/fonts/NotoSans-Bold.ttf";
const char* kArabic = "/fonts/NotoSansArabic-Regular.ttf";
const char* kHebrew = "/fonts/NotoSansHebrew-Regular.ttf";
const char* kIcons = "/fonts/forkawesome-webfont.ttf";

// ImGui sizes a font by its line height (ascent - descent), CSS by its em. These factors (hhea
// ascent - descent over units per em, read from the Debian files) turn a CSS size into ImGui's, so
// "16 px" looks as large as 16 px text in the browser and merged scripts share one em.
constexpr float kNotoLine = 1.362f;    // Noto Sans Regular and Bold: (1069 + 293) / 1000
constexpr float kArabicLine = 2.112f;  // Noto Sans Arabic: (1374 + 738) / 1000
constexpr float kHebrewLine = 1.360f;  // Noto Sans Hebrew: (1068 + 292) / 1000
constexpr float kIconLine = 1.096f;    // Fork Awesome: (1554 + 410) / 1792

ImFont* add(ImFontAtlas* atlas, const char* file, float css_px, float dpr, const ImWchar* ranges) {
    ImFontConfig cfg;
    cfg.OversampleH = 1;  // rasterized at device resolution already: no horizontal oversampling needed
    cfg.OversampleV = 1;
    cfg.PixelSnapH = false;
    const float em = css_px * dpr;
    const float px = std::round(em * kNotoLine);
    ImFont* font = atlas->AddFontFromFileTTF(file, px, &cfg, ranges);
    if (!font) return nullptr;

    static ImVector<ImWchar> icon_ranges;
    if (icon_ranges.empty()) {
        for (unsigned cp : icon::kCodepoints) {
            icon_ranges.push_back(static_cast<ImWchar>(cp));
            icon_ranges.push_back(static_cast<ImWchar>(cp));
        }
        icon_ranges.push_back(0);
    }
    ImFontConfig merge;
    merge.MergeMode = true;
    merge.OversampleH = 1;
    merge.OversampleV = 1;
    merge.GlyphMinAdvanceX = em * 1.15f;  // icons line up in lists
    merge.GlyphOffset = ImVec2(0, std::round(em * 0.06f));
    atlas->AddFontFromFileTTF(kIcons, std::round(em * 0.95f * kIconLine), &merge, icon_ranges.Data);
    ImFontConfig ar;
    ar.MergeMode = true;
    ar.OversampleH = 1;
    ar.OversampleV = 1;
    atlas->AddFontFromFileTTF(kArabic, std::round(em * kArabicLine), &ar, kArabicRanges);
    if (exists(kHebrew)) atlas->AddFontFromFileTTF(kHebrew, std::round(em * kHebrewLine), &ar, kHebrewRanges);
    return font;
}

}  // namespace

bool load_fonts(float dpr) {
    // Cap the raster scale: at 3x the atlas is already ~4 MB of alpha, beyond that it only grows.
    dpr = std::clamp(dpr, 1.f, 3.f);
    ImGuiIO& io = ImGui::GetIO();
    ImFontAtlas* atlas = io.Fonts;
    atlas->Clear();
    // Height as needed, not rounded up to a power of two (a 3x atlas would otherwise be 4096 tall).
    atlas->Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;
    loaded = {};
    loaded_dpr = dpr;
    io.FontGlobalScale = 1.f / dpr;
    if (!exists(kRegular) || !exists(kBold) || !exists(kIcons) || !exists(kArabic)) {
        std::fprintf(stderr, "fonts: files missing under /fonts, using ImGui's default font\n");
        ImFontConfig cfg;
        cfg.SizePixels = 13.f * dpr;
        ImFont* f = atlas->AddFontDefault(&cfg);
        loaded = {f, f, f, f, f};
        return false;
    }
    glyphs::before_build(*atlas, dpr);  // room for what the browser draws (scripts not embedded here)
    loaded.body = add(atlas, kRegular, 16.f, dpr, kTextRanges);
    loaded.h1 = add(atlas, kBold, 28.f, dpr, kHeadingRanges);
    loaded.h2 = add(atlas, kBold, 22.f, dpr, kHeadingRanges);
    loaded.h3 = add(atlas, kBold, 18.f, dpr, kHeadingRanges);
    loaded.small = loaded.body;  // drawn at kSmallSize from the body glyphs: one atlas entry fewer
    io.FontDefault = loaded.body;
    const bool built = atlas->Build();
    if (built)
        glyphs::after_build(*atlas, {{loaded.body, 16.f * dpr, false}, {loaded.h1, 28.f * dpr, true},
                                     {loaded.h2, 22.f * dpr, true}, {loaded.h3, 18.f * dpr, true}});
    return built;
}

float fonts_dpr() { return loaded_dpr; }

const Fonts& fonts() { return loaded; }

}  // namespace ui
