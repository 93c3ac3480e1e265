// The Messages tab: on a desktop the conversations list beside the open thread, on a phone one at a
// time (the thread has a back button). Also the "Message" buttons other screens show.
#include "ui/screens/screens.h"
#include "ui/toolkit/widgets.h"

namespace ui::screens {

void draw_messages(app::AppState& state, Actions& out) {
    const app::MessagingState& m = state.messaging;
    if (layout().phone) {
        if (m.open) return draw_thread(state, out, *m.open);
        return draw_conversation_list(state, out);
    }
    begin_split("messages", 360.f);
    draw_conversation_list(state, out);
    next_split_pane();
    if (m.open) {
        draw_thread(state, out, *m.open);
    } else {
        spacing(24);
        muted("Choose a conversation on the left to read and write messages.");
    }
    end_split();
}

void message_button(const app::AppState& state, Actions& out, std::int64_t user_id, const std::string& name) {
    const std::string label = std::string(ICON_COMMENTS "  Message ") + name + "##msg" + std::to_string(user_id);
    if (button(label.c_str(), ButtonKind::secondary, true, !state.messaging.opening)) out.push_back(app::MessageWith{user_id});
}

}  // namespace ui::screens
