// The notifications module over the offline demo (the whole client, the in-page backend): the demo
// doctor's reply raises the bell from the server's count, the tab decides toast / browser notification /
// sound from the preferences and the page (hidden, permission), reading the thread clears the
// notification, mark all read, preferences saved and applied, and the #/notifications URLs.
#include <catch2/catch.hpp>

#include "app/demo/demo_correspondent.h"
#include "app_scene.h"

using namespace app;

namespace {

struct NotifiedApp {
    core::ManualClock clock{app_test::at("2026-11-21T09:00:00Z")};
    double now = 0;
    AppState state;
    MemoryTokenStore tokens;
    std::string route;
    bool hidden = false;
    std::string permission = "default";
    int permission_asked = 0;
    std::vector<BrowserNotice> shown;
    std::vector<Sound> played;
    bool audio_unlocked = true;
    Client client;
    App app;

    NotifiedApp() : client(std::make_unique<LocalTransport>(clock), [this] { return now; }), app(state, client, environment()) {
        app.start();
        settle();
    }
    Environment environment() {
        Environment env{clock, tokens, nullptr, [](const std::string&) {}, nullptr, nullptr};
        env.read_route = [this] { return route; };
        env.write_route = [this](const std::string& r, bool) { route = r; };
        env.page_hidden = [this] { return hidden; };
        env.notification_permission = [this] { return permission; };
        env.request_notification_permission = [this] {
            ++permission_asked;
            permission = "granted";
        };
        env.show_browser_notification = [this](const BrowserNotice& n) { shown.push_back(n); };
        env.play_sound = [this](Sound s) {
            if (audio_unlocked) played.push_back(s);
            return audio_unlocked;
        };
        return env;
    }
    void settle() {
        for (int i = 0; i < 10; ++i) app.poll();
    }
    void act(const Action& a) {
        app.apply(a);
        settle();
    }
    // The demo patient writes to their demo doctor; the doctor answers (the correspondent's timers).
    std::int64_t write_and_get_answer(const std::string& text) {
        const auto doctor = state.visits.appointments.front().doctor;
        act(MessageWith{doctor.id});
        REQUIRE(state.messaging.open);
        const auto id = *state.messaging.open;
        state.messaging.threads[id].draft = text;
        act(SendDraft{id});
        clock.advance(std::chrono::milliseconds(DemoCorrespondent::kReadAfterMs + 100));
        settle();
        clock.advance(std::chrono::milliseconds(DemoCorrespondent::kTypingAfterMs - DemoCorrespondent::kReadAfterMs));
        settle();
        clock.advance(std::chrono::milliseconds(DemoCorrespondent::kReplyAfterMs));
        settle();
        return id;
    }
    const core::msg::NotificationInfo* newest_message_notification() {
        for (const auto& n : state.notifications.list)
            if (n.kind == "message") return &n;
        return nullptr;
    }
};

}  // namespace

TEST_CASE("[app] notifications: the demo doctor's answer rings the bell; reading the thread clears it",
          "[app][notifications][demo]") {
    NotifiedApp a;
    a.act(DemoSignIn{0});
    REQUIRE(a.state.user);
    REQUIRE(a.state.notifications.loaded);
    CHECK(a.state.notifications.prefs.size() == 5);  // loaded with the defaults
    a.act(MarkAllRead{});
    CHECK(a.state.notifications.unread == 0);
    CHECK(a.permission_asked == 0);  // never asked on load

    SECTION("visible tab: a toast and the message sound, no browser notification") {
        a.state.notices.clear();
        const auto conversation = a.write_and_get_answer("The rash on my arm is back");
        const auto* n = a.newest_message_notification();
        REQUIRE(n);
        CHECK(n->conversation_id == conversation);
        CHECK_FALSE(n->read);
        CHECK(a.state.notifications.unread == 1);
        CHECK(a.shown.empty());
        CHECK(a.played == std::vector<Sound>{Sound::message});
        CHECK_FALSE(a.state.notices.empty());
        CHECK(title_with_count(a.state.notifications.unread, "Messages · Telemed") == "(1) Messages · Telemed");

        // The thread on screen up to the answer: the server reads its notification.
        const auto last = a.state.messaging.conversation(conversation)->last_number;
        a.act(MessagesSeen{conversation, last});
        CHECK(a.state.notifications.unread == 0);
        CHECK(a.newest_message_notification()->read);
    }
    SECTION("hidden tab with permission: one browser notification per conversation, opening the thread") {
        a.act(EnableBrowserNotifications{});
        CHECK(a.permission_asked == 1);
        a.hidden = true;
        const auto conversation = a.write_and_get_answer("Is it contagious?");
        REQUIRE(a.shown.size() == 1);
        CHECK(a.shown[0].tag == "conversation-" + std::to_string(conversation));
        CHECK(a.shown[0].route == "#/messages/" + std::to_string(conversation));
        // The click sets the fragment: the thread opens.
        a.act(SelectTab{Tab::overview});
        a.route = a.shown[0].route;
        a.settle();
        CHECK(a.state.tab == Tab::messages);
        CHECK(a.state.messaging.open == conversation);
    }
    SECTION("preferences: sound off is saved on the server and obeyed; audio still locked is remembered") {
        a.act(SetNotificationChannels{core::NotificationCategory::messages, {true, true, false}});
        CHECK_FALSE(channels_of(a.state.notifications.prefs, core::NotificationCategory::messages).sound);
        a.write_and_get_answer("Thanks");
        CHECK(a.played.empty());
        a.act(SetNotificationChannels{core::NotificationCategory::messages, {true, true, true}});
        a.audio_unlocked = false;
        a.write_and_get_answer("One more question");
        CHECK(a.state.notifications.sound_blocked);
    }
}

TEST_CASE("[app] notifications: opening one marks it read and opens its visit; the URLs", "[app][notifications][demo]") {
    NotifiedApp a;
    a.act(DemoSignIn{1});  // the demo doctor: the seeded visit's notifications
    REQUIRE(a.state.user);
    const auto& list = a.state.notifications.list;
    auto it = std::find_if(list.begin(), list.end(), [](const auto& n) { return n.appointment_id && !n.read; });
    REQUIRE(it != list.end());  // the seeded demo visit's booking
    const auto id = it->id;
    const auto appointment = *it->appointment_id;
    const int before = a.state.notifications.unread;

    a.act(SelectTab{Tab::notifications});
    CHECK(a.route == "#/notifications");
    a.act(ShowNotificationSettings{true});
    CHECK(a.route == "#/notifications/settings");
    a.act(ShowNotificationSettings{false});
    CHECK(a.route == "#/notifications");

    // A browser notification's link: #/notifications/<id> opens its visit and marks it read.
    a.route = "#/notifications/" + std::to_string(id);
    a.settle();
    CHECK(a.state.notifications.unread == before - 1);
    CHECK(a.state.tab == Tab::schedule);
    REQUIRE(a.state.visits.detail);
    CHECK(a.state.visits.detail->id == appointment);
    CHECK(a.route == "#/visits/" + std::to_string(appointment));  // the visit's own URL takes the link's place
}
