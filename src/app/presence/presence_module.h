// Presence, both sides: reports this tab away (hidden, or no input for 5 minutes) and back, keeps the
// presence of the people on screen (the other members of the conversations list) from presence_of and
// presence.changed, and a doctor's "Show when I'm online" setting.
//
// The people asked about are read from the messaging slice each poll: when that list changes (or every
// 5 minutes, as "last seen" moves on) one presence_of asks for all of them. Events are applied only when
// newer (seq) than what is held, so a late reply cannot undo a fresh event.
#pragma once
#include <set>

#include "app/module.h"

namespace app {

class PresenceModule final : public FeatureModule<PresenceAction> {
public:
    explicit PresenceModule(Context& ctx);

    void on_signed_in() override;
    void on_signed_out() override;
    void tick(double now_ms) override;

private:
    void apply(const PresenceAction& action) override;
    void take(const core::msg::PresenceInfo& p);
    void report_away(double now_ms);
    void ask_for_people(double now_ms);

    std::set<std::int64_t> asked_;  // the ids of the last presence_of
    double asked_at_ms_ = 0;
    double signed_in_ms_ = 0;       // idle time counts from here when there was no input since
    double idle_frame_due_ms_ = 0;  // a frame is asked for at the 5-minute mark
    bool signed_in_ = false;
};

}  // namespace app
