// The toolkit's frame hooks, for the entry point (src/app/main.cpp) only.
#pragma once

namespace ui {

// After ImGui::CreateContext(): theme, a11y hooks, fonts for this devicePixelRatio.
void init(float dpr);
// Before ImGui::NewFrame() (after the platform backend filled io): per-frame toolkit state.
void begin_frame();
// After the app drew, before ImGui::Render(): publishes the accessibility layer. True when the frame
// showed an interactive screen (a button, field… exists).
bool end_frame();
// The page's safe-area insets (CSS px), from the platform backend each frame.
void set_safe_area(float top, float bottom);
// True when the layout needs another frame to settle (navigation appeared, toasts changed…).
bool needs_another_frame();

}  // namespace ui
