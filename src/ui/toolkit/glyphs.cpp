#include "ui/toolkit/glyphs.h"
#include "ui/toolkit/utf8.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <unordered_map>
#include <utility>

namespace ui::glyphs {
namespace {

// Private-use code points standing for shaped runs. U+F000.. holds the icons (Fork Awesome).
constexpr char32_t kFirstPrivate = 0xE000, kLastPrivate = 0xEFFF;
// A run longer than this (Thai without spaces, a row of emoji) is cut: one glyph cannot wrap.
constexpr size_t kMaxRun = 24;
// WebGL2 guarantees 2048 but every browser we target gives at least 4096; beyond it the atlas stops growing.
constexpr int kMaxAtlasHeight = 4096;

enum Style { regular = 0, bold = 1 };

struct Slot {
    bool wanted = false;  // a frame drew the run in this style
    bool placed = false;  // in the atlas and the fonts (until the next rebuild)
    bool failed = false;  // the platform could not draw it, or it does not fit
    Bitmap bitmap;        // kept: a rebuild re-adds it without drawing again
};

struct Run {
    std::string text;
    ImWchar cp = 0;  // what ImGui draws: the code point itself, or a private-use one for a shaped run
    Slot slots[2];
};

struct Shelf {
    int y = 0, h = 0, x = 0;
};

struct Cache {
    std::vector<Run> runs;
    std::unordered_map<std::string, size_t> by_text;
    char32_t next_private = kFirstPrivate;
    std::vector<Face> faces;
    float dpr = 0;
    // The reserved region of the atlas and its shelves (glyph rows of one height).
    int reserve_id = -1;
    int reserve_x = 0, reserve_y = 0, reserve_w = 0, reserve_h = 0;
    int used_h = 0;
    std::vector<Shelf> shelves;
    ImVec2 uv_scale;
    int atlas_w = 0, atlas_h = 0;
    std::vector<Upload> uploads;
    bool pending = false;
    Stats stats;
};
Cache cache;

using utf8::decode;

void encode(char32_t cp, std::string& out) { utf8::append(cp, out); }

// Scripts whose letters change shape and order with their neighbours (Indic vowel signs and conjuncts,
// Thai and Lao marks, Myanmar, Khmer) and everything beyond U+FFFF (emoji; ImGui 1.86 draws only the
// BMP): drawn by the browser a run at a time, never a code point at a time.
bool needs_shaping(char32_t c) {
    return (c >= 0x0900 && c <= 0x0DFF) || (c >= 0x0E00 && c <= 0x0FFF) || (c >= 0x1000 && c <= 0x109F) ||
           (c >= 0x1780 && c <= 0x17FF) || c >= 0x10000;
}

// Code points that only modify the one before: joiners, variation selectors, the keycap.
bool modifier(char32_t c) { return c == 0x200C || c == 0x200D || (c >= 0xFE00 && c <= 0xFE0F) || c == 0x20E3; }

const Face* face_of(const ImFont* font) {
    for (const Face& f : cache.faces)
        if (f.font == font) return &f;
    return nullptr;
}

// The face a style is drawn at: the largest of that style (headings share one bitmap, scaled down).
const Face* raster_face(Style s) {
    const Face* best = nullptr;
    for (const Face& f : cache.faces)
        if (f.bold == (s == bold) && (!best || f.em > best->em)) best = &f;
    return best;
}

Run* run_for(const std::string& text, char32_t cp) {
    if (auto it = cache.by_text.find(text); it != cache.by_text.end()) return &cache.runs[it->second];
    if (cp == 0) {
        if (cache.next_private > kLastPrivate) return nullptr;  // 4096 distinct runs on one page: "◌" after that
        cp = cache.next_private++;
    }
    cache.by_text.emplace(text, cache.runs.size());
    cache.runs.push_back(Run{text, static_cast<ImWchar>(cp), {}});
    return &cache.runs.back();
}

// Notes that `run` is drawn with `font` this frame; true when the font can draw it already.
bool want(Run& run, const ImFont* font, Style style) {
    if (font->FindGlyphNoFallback(run.cp)) return true;
    Slot& slot = run.slots[style];
    if (slot.failed) return false;
    slot.wanted = true;
    cache.pending = true;
    return false;
}

// Row of the reserved region for a w x h bitmap (1 px apart: linear filtering must not bleed).
bool allocate(int w, int h, int& x, int& y) {
    w += 1;
    h += 1;
    if (w > cache.reserve_w) return false;
    for (Shelf& s : cache.shelves) {
        if (h <= s.h && h * 4 >= s.h * 3 && s.x + w <= cache.reserve_w) {
            x = cache.reserve_x + s.x;
            y = cache.reserve_y + s.y;
            s.x += w;
            return true;
        }
    }
    if (cache.used_h + h > cache.reserve_h) return false;
    cache.shelves.push_back(Shelf{cache.used_h, h, w});
    x = cache.reserve_x;
    y = cache.reserve_y + cache.used_h;
    cache.used_h += h;
    return true;
}

// Puts a drawn bitmap into the atlas and into every font of its style.
bool place(Run& run, Style style) {
    Slot& slot = run.slots[style];
    const Bitmap& b = slot.bitmap;
    int x = 0, y = 0;
    if (!allocate(b.width, b.height, x, y)) return false;
    const Face* r = raster_face(style);
    const float pad_x = std::ceil(r->em * 0.2f);
    const float baseline = std::ceil(r->em * 0.3f) + r->font->Ascent;
    const float u0 = x * cache.uv_scale.x, v0 = y * cache.uv_scale.y;
    const float u1 = (x + b.width) * cache.uv_scale.x, v1 = (y + b.height) * cache.uv_scale.y;
    for (const Face& f : cache.faces) {
        if (f.bold != (style == bold)) continue;
        const float k = f.em / r->em;
        const float x0 = -pad_x * k, y0 = f.font->Ascent - baseline * k;
        f.font->AddGlyph(nullptr, run.cp, x0, y0, x0 + b.width * k, y0 + b.height * k, u0, v0, u1, v1, b.advance * k);
        f.font->Glyphs.back().Colored = b.colored;
    }
    cache.uploads.push_back(Upload{x, y, b.width, b.height, b.rgba.data()});
    slot.placed = true;
    return true;
}

void rebuild_lookups() {
    for (const Face& f : cache.faces) f.font->BuildLookupTable();
}

}  // namespace

std::string substitute(std::string_view utf8) {
    if (!ImGui::GetCurrentContext() || cache.faces.empty()) return std::string(utf8);
    const ImFont* font = ImGui::GetFont();
    const Face* face = face_of(font);
    if (!face) return std::string(utf8);
    const Style style = face->bold ? bold : regular;
    // Fast path: ASCII only (most strings) is always in the fonts.
    if (std::all_of(utf8.begin(), utf8.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; }))
        return std::string(utf8);

    const std::vector<char32_t> t = decode(utf8);
    std::string out;
    out.reserve(utf8.size());
    for (size_t i = 0; i < t.size();) {
        const char32_t c = t[i];
        const bool starts_run = needs_shaping(c) || (i + 1 < t.size() && modifier(t[i + 1]) && c >= 0x80);
        if (starts_run) {
            size_t end = i + 1;
            while (end < t.size() && (needs_shaping(t[end]) || modifier(t[end]) || t[end - 1] == 0x200D) &&
                   (end - i < kMaxRun || modifier(t[end])))
                ++end;
            std::string text;
            for (size_t k = i; k < end; ++k) encode(t[k], text);
            Run* run = run_for(text, 0);
            encode(run ? run->cp : 0x25CC, out);  // U+25CC DOTTED CIRCLE: what browsers draw for a lost mark
            if (run) want(*run, font, style);
            i = end;
            continue;
        }
        if (modifier(c)) {  // a stray selector or joiner draws nothing
            ++i;
            continue;
        }
        encode(c, out);
        if (c >= 0x20 && !font->FindGlyphNoFallback(static_cast<ImWchar>(c))) {
            std::string text;
            encode(c, text);
            if (Run* run = run_for(text, c)) want(*run, font, style);
        }
        ++i;
    }
    return out;
}

void before_build(ImFontAtlas& atlas, float dpr) {
    if (dpr != cache.dpr) {
        // Bitmaps are drawn at device pixels: a new ratio needs them drawn again (on demand, as at start).
        cache.dpr = dpr;
        cache.reserve_h = static_cast<int>(std::ceil(256.f * dpr));
        for (Run& run : cache.runs)
            for (Slot& s : run.slots) s = Slot{s.wanted, false, false, {}};
    }
    cache.faces.clear();
    // A fixed width, so the reserved region (as wide as the texture) always fits beside the glyphs; wide
    // enough that the atlas stays under 4096 px tall (at 3x the embedded fonts alone fill 2048 x ~5800).
    cache.reserve_w = dpr > 2.f ? 4094 : dpr > 1.f ? 2046 : 1022;
    atlas.TexDesiredWidth = cache.reserve_w + 2;
    cache.reserve_id = atlas.AddCustomRectRegular(cache.reserve_w, cache.reserve_h);
}

void after_build(ImFontAtlas& atlas, std::vector<Face> faces) {
    cache.faces = std::move(faces);
    const ImFontAtlasCustomRect* r = atlas.GetCustomRectByIndex(cache.reserve_id);
    cache.reserve_x = r->X;
    cache.reserve_y = r->Y;
    cache.uv_scale = atlas.TexUvScale;
    cache.atlas_w = atlas.TexWidth;
    cache.atlas_h = atlas.TexHeight;
    cache.used_h = 0;
    cache.shelves.clear();
    cache.uploads.clear();
    // The fonts were made anew: every run drawn so far goes back in (its pixels are uploaded again).
    for (Run& run : cache.runs) {
        for (int s = 0; s < 2; ++s) {
            Slot& slot = run.slots[s];
            slot.placed = false;
            if (!slot.bitmap.rgba.empty() && !place(run, static_cast<Style>(s))) slot.failed = true;
        }
    }
    rebuild_lookups();
    cache.pending = true;  // the first update() reports the uploads
}

Update update(const Rasterizer& rasterize) {
    if (!cache.pending || cache.faces.empty()) return Update::none;
    const auto start = std::chrono::steady_clock::now();
    int added = 0;
    Update result = cache.uploads.empty() ? Update::none : Update::upload;
    for (Run& run : cache.runs) {
        for (int s = 0; s < 2; ++s) {
            Slot& slot = run.slots[s];
            if (!slot.wanted || slot.placed || slot.failed) continue;
            const Style style = static_cast<Style>(s);
            if (slot.bitmap.rgba.empty()) {
                const Face* f = raster_face(style);
                if (!f) {
                    slot.failed = true;
                    continue;
                }
                const float pad_y = std::ceil(f->em * 0.3f);
                RasterRequest req{run.text, f->em, style == bold, static_cast<int>(std::ceil(f->em * 0.2f)),
                                  pad_y + f->font->Ascent, static_cast<int>(std::ceil(f->font->FontSize + 2 * pad_y))};
                slot.bitmap = rasterize(req);
                if (slot.bitmap.rgba.empty()) {
                    slot.failed = true;
                    continue;
                }
            }
            if (!place(run, style)) {
                if (cache.atlas_h + cache.reserve_h <= kMaxAtlasHeight) {
                    cache.reserve_h *= 2;  // the caller rebuilds the atlas, after_build() re-adds everything
                    rebuild_lookups();
                    return Update::rebuild;
                }
                slot.failed = true;  // the atlas is as large as it gets: this run stays a fallback glyph
                continue;
            }
            ++added;
            result = Update::upload;
        }
    }
    rebuild_lookups();
    cache.pending = false;
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    if (added > 0) {
        cache.stats.last_update_ms = ms;
        cache.stats.last_update_runs = added;
    }
    return result;
}

std::vector<Upload> take_uploads() { return std::exchange(cache.uploads, {}); }

bool pending() { return cache.pending; }

Stats stats() {
    Stats s = cache.stats;
    s.runs = static_cast<int>(cache.runs.size());
    s.atlas_w = cache.atlas_w;
    s.atlas_h = cache.atlas_h;
    s.reserve_h = cache.reserve_h;
    s.reserve_used = cache.used_h;
    return s;
}

}  // namespace ui::glyphs
