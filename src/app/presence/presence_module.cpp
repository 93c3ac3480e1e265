#include "app/presence/presence_module.h"

#include <algorithm>

#include "platform/activity.h"
#include "platform/frame.h"

namespace app {

namespace msg = core::msg;

PresenceModule::PresenceModule(Context& ctx) : FeatureModule(ctx) {
    ctx.events.on<msg::PresenceChanged>([this](const msg::PresenceChanged& e) { take(e.presence); });
}

void PresenceModule::take(const msg::PresenceInfo& p) {
    auto& people = state().presence.people;
    auto it = people.find(p.user_id);
    if (it != people.end() && it->second.seq > p.seq) return;  // older than what is held
    people[p.user_id] = p;
}

void PresenceModule::apply(const PresenceAction& action) {
    std::visit(overloaded{
                   [this](const SetPresenceVisible& a) {
                       PresenceSlice& s = state().presence;
                       s.saving = true;
                       client().call(msg::SetPresenceSettings{a.visible},
                                     [this](msg::PresenceSettings& r) {
                                         state().presence.saving = false;
                                         state().presence.visible = r.visible;
                                         ctx_.notify(Notice::Kind::success, r.visible ? "Patients can now see when you are online."
                                                                                      : "You now appear offline to everyone.");
                                     },
                                     [this](const core::Error&) {
                                         state().presence.saving = false;
                                         return false;  // the toast says why
                                     });
                   },
               },
               action);
}

void PresenceModule::on_signed_in() {
    const AppState& s = ctx_.state;
    if (!s.has_role(core::Role::patient) && !s.has_role(core::Role::doctor)) return;
    signed_in_ = true;
    signed_in_ms_ = platform::now_ms();
    state().presence.away_sent.reset();  // a new connection starts present: say so again if away
    asked_.clear();
    if (s.has_role(core::Role::doctor))
        client().call(msg::GetPresenceSettings{}, [this](msg::PresenceSettings& r) { state().presence.visible = r.visible; });
}

void PresenceModule::on_signed_out() {
    state().presence = PresenceSlice{};
    asked_.clear();
    signed_in_ = false;
}

void PresenceModule::tick(double now_ms) {
    if (!signed_in_ || !client().online()) return;
    report_away(now_ms);
    ask_for_people(now_ms);
}

void PresenceModule::report_away(double now_ms) {
    const double active_at = std::max(platform::last_input_ms(), signed_in_ms_);
    const bool away = platform::page_hidden() || now_ms - active_at >= kAwayAfterMs;
    PresenceSlice& s = state().presence;
    if (!s.away_sent) {  // a fresh connection: the server counts it present already
        if (away) client().send(msg::SetAway{true});
        s.away_sent = away;
    } else if (*s.away_sent != away) {
        s.away_sent = away;
        client().send(msg::SetAway{away});
    }
    // Nothing draws while the person does nothing: ask for a frame at the 5-minute mark.
    if (!away) {
        const double due = active_at + kAwayAfterMs + 50;
        if (due != idle_frame_due_ms_) {
            idle_frame_due_ms_ = due;
            platform::request_frame_in(std::max(0.0, due - now_ms));
        }
    }
}

void PresenceModule::ask_for_people(double now_ms) {
    std::set<std::int64_t> wanted;
    for (const msg::ConversationInfo& c : state().messaging.conversations) wanted.insert(c.with.id);
    if (wanted.empty()) return;
    if (wanted == asked_ && now_ms - asked_at_ms_ < kPresenceRefreshMs) return;
    asked_ = wanted;
    asked_at_ms_ = now_ms;
    msg::PresenceOf request;
    request.user_ids.assign(wanted.begin(), wanted.end());
    if (request.user_ids.size() > 100) request.user_ids.resize(100);
    client().call(request, [this](msg::PresenceList& r) {
        for (const msg::PresenceInfo& p : r.people) take(p);
    }, [this](const core::Error& e) {
        asked_.clear();  // try again on a later poll
        return e.code == core::ErrorCode::offline;
    });
}

}  // namespace app
