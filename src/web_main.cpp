// The web entry point, the one file that wires platform, app and ui (as Dear ImGui's examples' main.cpp
// does): WebGL2 context on #canvas, Dear ImGui with our platform backend (src/platform/
// imgui_backend_web.cpp + web/platform.js) and imgui_impl_opengl3; the client (src/app) over the
// browser's WebSocket or the offline demo's in-page backend; and the on-demand frame loop, where each
// frame polls the app, turns its notices into toasts, lets src/ui draw the state and hands the actions
// the screens emitted back to the app.
//
// JS runs a frame (telemed_on_frame) only when one was requested: by input, by a network or timer
// callback (platform::request_frame), or because the last frame asked for more (animation, settle
// frames after input, queued input). A still screen costs no CPU.
#include <emscripten/emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>

#include <GLES3/gl3.h>

#include <algorithm>
#include <cstdint>
#include <cmath>
#include <cstdio>
#include <memory>
#include <vector>

#include "app/app.h"
#include "app/net/remote_transport.h"
#ifdef TELEMED_DEMO_BUILD
#include "app/demo/local_transport.h"
#endif
#include "core/time/format.h"
#include "core/time/zone_db.h"
#include "platform/activity.h"
#include "platform/assets.h"
#include "platform/attention.h"
#include "platform/download.h"
#include "platform/frame.h"
#include "platform/imgui_backend.h"
#include "platform/media_view.h"
#include "platform/navigation.h"
#include "platform/page.h"
#include "platform/storage.h"
#include "platform/text_raster.h"
#include "ui/screens/screens.h"
#include "ui/toolkit/fonts.h"
#include "ui/toolkit/glyphs.h"
#include "ui/toolkit/theme.h"
#include "ui/toolkit/toolkit.h"
#include "ui/toolkit/widgets.h"

extern "C" void telemed_mark_ready();

namespace {

// Two builds of this file: app.js talks to the server; demo.js (TELEMED_DEMO_BUILD) carries the offline
// demo's in-page backend, the clinic's whole core, which nobody else should download. shell/boot.js
// loads demo.js for "?demo" and app.js otherwise.
#ifdef TELEMED_DEMO_BUILD
constexpr bool kDemoBuild = true;
#else
constexpr bool kDemoBuild = false;
#endif

// ImGui needs a couple of frames after an input to settle hover/active states and layout.
constexpr int kSettleFrames = 3;

// The client: its state, the page's token stores, the protocol client and the app's modules.
struct WebClient {
    core::SystemClock clock;
    app::AppState state;
    std::unique_ptr<app::TokenStore> tokens;
    app::SessionTokenStore guest_keys{"telemed.guest"};
    app::SessionTokenStore outbox{"telemed.outbox"};  // messages not yet acknowledged, kept across a reload
    std::unique_ptr<app::Client> protocol;
    std::unique_ptr<app::App> app;
    ui::screens::Actions actions;

    WebClient(bool demo, [[maybe_unused]] const std::string& server_url, const std::string& time_zone, const std::string& invite_token) {
        state.browser_time_zone = time_zone.empty() ? "UTC" : time_zone;
        install_time_zones();
        std::unique_ptr<app::Transport> transport;
#ifdef TELEMED_DEMO_BUILD
        transport = std::make_unique<app::LocalTransport>(clock);
        tokens = std::make_unique<app::MemoryTokenStore>();  // demo data dies with the page anyway
#else
        transport = std::make_unique<app::RemoteTransport>(server_url);
        tokens = std::make_unique<app::SessionTokenStore>();
#endif
        protocol = std::make_unique<app::Client>(std::move(transport), [] { return platform::now_ms(); });
        app::Environment env{clock, *tokens, &guest_keys, [](const std::string& url) { platform::navigate(url); },
                             [](const std::string& name, const std::string& mime, const std::string& content) {
                                 platform::download(name, mime, content);
                             },
                             [](const std::string& url, const std::string& name) { platform::download_url(url, name); }};
        if (!demo) env.outbox = &outbox;  // the demo's data dies with the page: so do its unsent messages
        env.read_route = [] { return platform::location_hash(); };
        env.write_route = [](const std::string& route, bool replace) { platform::set_location_hash(route, replace); };
        env.page_hidden = [] { return platform::page_hidden(); };
        env.notification_permission = [] { return platform::notification_permission(); };
        env.request_notification_permission = [] { platform::request_notification_permission(); };
        env.show_browser_notification = [](const app::BrowserNotice& n) {
            platform::show_notification(n.tag, n.title, n.body, n.route);
        };
        env.play_sound = [](app::Sound s) {
            return platform::play_sound(s == app::Sound::ring ? platform::Tone::ring : platform::Tone::message);
        };
        env.load_setting = [](const std::string& key) { return platform::device_storage::get(key); };
        env.save_setting = [](const std::string& key, const std::string& value) { platform::device_storage::set(key, value); };
        env.system_prefers_dark = [] { return platform::system_prefers_dark(); };
        app = std::make_unique<app::App>(state, *protocol, std::move(env));
        if (!invite_token.empty() && !demo) {  // an invitation link: a guest of one visit, no account
            state.guest.token = invite_token;
            state.guest.phase = app::GuestEntry::Phase::loading;
        }
        app->start();
    }

    // Time-zone data, packed from Debian's tzdata at build time. The demo runs the clinic in the page and
    // preloads every zone (demo.data); the app loads the area of the browser's zone now (shell/boot.js
    // has already asked for it) and any other area when one of its zones is first shown.
    void install_time_zones() {
#ifdef TELEMED_DEMO_BUILD
        if (!core::install_zones_from_file("/tz/zones.bin"))
            state.notices.push_back({app::Notice::Kind::error, "Time-zone data is missing: times are shown in UTC."});
#else
        core::on_unknown_zone([](const std::string& name) { platform::assets::fetch(zone_pack(name)); });
        platform::assets::fetch(zone_pack(state.browser_time_zone));
#endif
    }

    static std::string zone_pack(const std::string& zone_name) { return "tz/" + core::ZoneDb::area_of(zone_name) + ".bin"; }

    // A zone pack that arrived is merged in; the frame that follows draws with it.
    void take_fetched_zones() {
        while (auto fetched = platform::assets::take_fetched()) {
            const auto db = fetched->bytes ? core::ZoneDb::unpack(*fetched->bytes) : std::nullopt;
            if (db) {
                core::add_zones(*db);
                platform::request_frame();
            } else if (fetched->name == zone_pack(state.browser_time_zone)) {
                state.notices.push_back({app::Notice::Kind::error, "Time-zone data could not be loaded: times are shown in UTC."});
            }
        }
    }

    // Between ImGui::NewFrame() and ImGui::Render().
    void draw() {
        take_fetched_zones();
        for (const app::Notice& n : std::exchange(state.notices, {})) ui::toast(toast_kind(n.kind), n.text);
        ui::screens::draw(state, actions);
        ui::draw_toasts();
        for (const app::Action& a : std::exchange(actions, {})) app->apply(a);
    }

    static ui::ToastKind toast_kind(app::Notice::Kind kind) {
        switch (kind) {
            case app::Notice::Kind::error: return ui::ToastKind::error;
            case app::Notice::Kind::success: return ui::ToastKind::success;
            case app::Notice::Kind::info: break;
        }
        return ui::ToastKind::info;
    }
};

struct Runtime {
    EMSCRIPTEN_WEBGL_CONTEXT_HANDLE gl = 0;
    std::unique_ptr<WebClient> client;
    int settle = kSettleFrames;
    int backing_w = 0, backing_h = 0;
    bool ready = false;
};
Runtime rt;

#ifdef TELEMED_TOOLKIT_GALLERY
void draw_gallery();
#endif

bool create_gl_context() {
    EmscriptenWebGLContextAttributes attrs;
    emscripten_webgl_init_context_attributes(&attrs);
    attrs.majorVersion = 2;
    attrs.minorVersion = 0;
    // Transparent where a call's video lies under the canvas (media_view_web.cpp clears those holes);
    // ImGui's blending keeps premultiplied colour and alpha everywhere else opaque.
    attrs.alpha = true;
    attrs.depth = false;
    attrs.stencil = false;
    attrs.antialias = false;  // ImGui anti-aliases its own geometry
    attrs.premultipliedAlpha = true;
    rt.gl = emscripten_webgl_create_context("#canvas", &attrs);
    if (rt.gl <= 0) return false;
    emscripten_webgl_make_context_current(rt.gl);
    return true;
}

// The atlas lives on the GPU now: drop the CPU copies (up to ~30 MB at 3x).
void io_fonts_uploaded() { ImGui::GetIO().Fonts->ClearTexData(); }

void rebuild_fonts(float dpr) {
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ui::load_fonts(dpr);
    ImGui_ImplOpenGL3_CreateFontsTexture();
    io_fonts_uploaded();
}

// Backing store = CSS size x devicePixelRatio; fonts follow dpr changes.
void sync_viewport(const platform::imgui_backend::Viewport& vp) {
    const int w = std::max(1, static_cast<int>(std::lround(vp.width * vp.dpr)));
    const int h = std::max(1, static_cast<int>(std::lround(vp.height * vp.dpr)));
    if (w != rt.backing_w || h != rt.backing_h) {
        emscripten_set_canvas_element_size("#canvas", w, h);
        rt.backing_w = w;
        rt.backing_h = h;
    }
    if (std::clamp(vp.dpr, 1.f, 3.f) != ui::fonts_dpr()) rebuild_fonts(vp.dpr);
}

// Glyphs the last frame lacked (other scripts, emoji), drawn by the browser and written into the atlas
// texture in place; a full rebuild only when the atlas' reserved region is full.
bool sync_glyphs(float dpr) {
    const auto rasterize = [](const ui::glyphs::RasterRequest& r) {
        platform::TextBitmap t = platform::draw_text(r.text, r.em, r.bold, r.pad_x, r.baseline, r.height);
        return ui::glyphs::Bitmap{t.width, t.height, t.advance, t.colored, std::move(t.rgba)};
    };
    const double start = emscripten_get_now();
    ui::glyphs::Update u = ui::glyphs::update(rasterize);
    if (u == ui::glyphs::Update::rebuild) {
        rebuild_fonts(dpr);
        u = ui::glyphs::update(rasterize);
    }
    const std::vector<ui::glyphs::Upload> uploads = ui::glyphs::take_uploads();
    if (uploads.empty()) return false;
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(reinterpret_cast<intptr_t>(ImGui::GetIO().Fonts->TexID)));
    glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
    for (const ui::glyphs::Upload& up : uploads)
        glTexSubImage2D(GL_TEXTURE_2D, 0, up.x, up.y, up.w, up.h, GL_RGBA, GL_UNSIGNED_BYTE, up.rgba);
    // One line per batch: the e2e test reads it for the frame-time figure (tests/e2e/scripts.test.mjs).
    const ui::glyphs::Stats st = ui::glyphs::stats();
    std::printf("glyphs: %d drawn by the browser in %.1f ms (%zu uploads in %.1f ms total), %d in all; atlas %dx%d, "
                "reserved rows %d/%d\n",
                st.last_update_runs, st.last_update_ms, uploads.size(), emscripten_get_now() - start, st.runs,
                st.atlas_w, st.atlas_h, st.reserve_used, st.reserve_h);
    return true;
}

void render() {
    const ImVec4 bg = ImGui::ColorConvertU32ToFloat4(ui::palette().background);
    glViewport(0, 0, rt.backing_w, rt.backing_h);
    glClearColor(bg.x, bg.y, bg.z, 1.f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

}  // namespace

// One frame, called from requestAnimationFrame (web/platform.js). Returns 1 to get another frame.
// "(3) Messages · Telemed": the server's unread notification count before the screen's title.
static void show_unread_in_title() {
    const int unread = rt.client->state.user ? rt.client->state.notifications.unread : 0;
    platform::set_title_prefix(app::title_with_count(unread, ""));
}

extern "C" EMSCRIPTEN_KEEPALIVE int telemed_on_frame(double now_ms) {
    if (!rt.client) return 0;
    ImGuiIO& io = ImGui::GetIO();
    const bool changed = rt.client->app->poll();
    show_unread_in_title();

    const auto vp = platform::imgui_backend::viewport();
    sync_viewport(vp);
    const double frame_start = emscripten_get_now();
    const bool new_glyphs = sync_glyphs(vp.dpr);
    platform::imgui_backend::new_frame(io, vp, now_ms);
    if (platform::imgui_backend::had_input() || changed) rt.settle = kSettleFrames;

    ui::set_safe_area(vp.safe_top, vp.safe_bottom);
    ui::begin_frame();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui::NewFrame();
#ifdef TELEMED_TOOLKIT_GALLERY
    draw_gallery();
#else
    platform::media_view::begin_frame();  // videos not placed by this frame's layout get hidden
    rt.client->draw();
    platform::media_view::end_frame();
#endif
    const bool interactive = ui::end_frame();
    platform::imgui_backend::end_frame();
    ImGui::Render();
    render();
    if (new_glyphs) std::printf("glyphs: frame with new glyphs took %.1f ms\n", emscripten_get_now() - frame_start);

    if (interactive && !rt.ready) {
        rt.ready = true;
        telemed_mark_ready();
    }
    if (rt.settle > 0) --rt.settle;
    // A frame that met text the fonts lack draws again at once, with the glyphs the browser drew.
    return rt.settle > 0 || ui::wants_animation() || ui::needs_another_frame() ||
           platform::imgui_backend::input_pending() || ui::glyphs::pending();
}

// What arrived (network messages) is handled at once, between frames (platform::request_poll). Returns 1
// when the screen must change: the JS side then asks for a frame.
extern "C" EMSCRIPTEN_KEEPALIVE int telemed_on_poll() {
    if (!rt.client) return 0;
    const bool changed = rt.client->app->poll();
    show_unread_in_title();  // also while the tab is hidden, when no frame is drawn
    if (!changed) return 0;
    // One frame shows what changed; the settle frames are for input (hover and active states). A burst
    // of signaling messages would otherwise keep software-rendered pages drawing for nothing.
    rt.settle = std::max(rt.settle, 1);
    return 1;
}

int main() {
    if (!create_gl_context()) {
        EM_ASM({ if (Module['telemedFatal']) Module['telemedFatal']('webgl2'); });
        return 1;
    }
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // no imgui.ini on the web
    io.LogFilename = nullptr;
    // Keyboard focus lives in the DOM accessibility layer (Tab, Enter, Space on real elements); ImGui's
    // own keyboard navigation would be a second, invisible focus.
    io.ConfigFlags &= ~ImGuiConfigFlags_NavEnableKeyboard;
    io.ConfigInputTextCursorBlink = false;  // a blinking caret would force a frame twice a second
    io.ConfigWindowsMoveFromTitleBarOnly = true;

    platform::imgui_backend::init(io);
    ui::init(platform::imgui_backend::viewport().dpr);
    ImGui_ImplOpenGL3_Init("#version 300 es");
    // Shaders and the font texture now (not lazily in the first NewFrame) so the CPU copy of the atlas
    // can be dropped: a lazy upload would find it gone and rebuild the whole atlas.
    ImGui_ImplOpenGL3_CreateDeviceObjects();
    io_fonts_uploaded();

    rt.client = std::make_unique<WebClient>(kDemoBuild, platform::websocket_url(), platform::time_zone(),
                                         platform::query_value("invite"));

    platform::request_frame();
    // Returning keeps the runtime alive (EXIT_RUNTIME=0); frames come from requestAnimationFrame.
    return 0;
}

#ifdef TELEMED_TOOLKIT_GALLERY
// A throwaway screen exercising every toolkit widget (build with -DTELEMED_TOOLKIT_GALLERY=ON).
namespace {
void draw_gallery() {
    static std::string email, password, name;
    static bool remember = true, dark = false, busy = false;
    static int role = 0, tab = 0;
    static int clicks = 0;
    const ui::Layout l = ui::layout();
    ui::begin_screen("Toolkit gallery");
    ui::begin_nav(l.phone);
    const char* tabs[][2] = {{ICON_CALENDAR, "Appointments"}, {ICON_COMMENTS, "Messages"},
                             {ICON_LIFE_RING, "Help"}, {ICON_USER, "Profile"}};
    for (int i = 0; i < 4; ++i) {
        if (ui::nav_item(tabs[i][0], tabs[i][1], tab == i)) tab = i;
    }
    ui::end_nav();
    if (ui::begin_column("main", 480)) {
        ui::connection_indicator(busy ? ui::Connection::reconnecting : ui::Connection::online);
        ui::heading("Sign in");
        ui::muted("Welcome back. Sign in to see your appointments \xE2\x80\x94 Zo\xC3\xAB \xC5\x81ukasiewicz, "
                  "\xD9\x85\xD8\xAD\xD9\x85\xD8\xAF, \xCE\x91\xCE\xB8\xCE\xAE\xCE\xBD\xCE\xB1, "
                  "\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0.");
        ui::spacing(8);
        ui::TextFieldOptions eo;
        eo.email = true;
        eo.autocomplete = "email";
        eo.placeholder = "you@example.org";
        eo.required = true;
        const bool bad = !email.empty() && email.find('@') == std::string::npos;
        eo.error = bad ? "Enter an e-mail address like name@example.org." : nullptr;
        bool submit = ui::text_field("E-mail", email, eo);
        ui::TextFieldOptions po;
        po.password = true;
        po.autocomplete = "current-password";
        submit |= ui::text_field("Password", password, po);
        ui::text_field("Full name", name, {.placeholder = "As on your insurance card", .autocomplete = "name"});
        if (!name.empty()) ui::text(("Hello, " + name + "!").c_str());
        ui::checkbox("Remember me on this device", remember);
        ui::segmented("I am a", role, {"Patient", "Doctor"});
        ui::spacing(8);
        if (ui::button(ICON_SIGN_IN "  Sign in") || submit) {
            ++clicks;
            ui::toast(ui::ToastKind::success, "Signed in as " + (email.empty() ? std::string("nobody") : email));
        }
        if (ui::button("Create an account", ui::ButtonKind::secondary)) ui::toast(ui::ToastKind::info, "Secondary");
        if (ui::button("Call emergency", ui::ButtonKind::danger)) ui::toast(ui::ToastKind::error, "Danger pressed");
        ui::button("Disabled", ui::ButtonKind::primary, true, false);
        if (ui::link("Forgot your password?")) ui::toast(ui::ToastKind::info, "Link clicked");
        if (ui::checkbox("Dark theme", dark)) ui::set_theme_dark(dark);
        ui::checkbox("Show spinner", busy);
        if (busy) ui::spinner("Loading your appointments\xE2\x80\xA6");
        ui::badge("Confirmed", ui::palette().success);
        ImGui::SameLine();
        ui::badge("Cancelled", ui::palette().danger);
        ImGui::SameLine();
        if (ui::icon_button(ICON_COG, "Settings")) ui::toast(ui::ToastKind::info, "Settings");
        ui::error_text("We could not reach the server. Check your connection and try again.");
        char buf[64];
        std::snprintf(buf, sizeof buf, "Sign-in clicks: %d", clicks);
        ui::text(buf);
        ui::end_column();
    }
    ui::end_screen();
    ui::draw_toasts();
}
}  // namespace
#endif
