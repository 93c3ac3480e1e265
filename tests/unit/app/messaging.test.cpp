// The messaging module over the real services: tabs of a patient and a doctor, each a whole App over a
// scripted WebSocket whose server side is the core's dispatcher with the server's fan-out rule
// (core::Subscribers). What is checked: messages merge by number (no gap, no duplicate after a lost
// reply and a resend), the outbox survives a reload and goes out once, typing is throttled and expires,
// unread counts and receipts come from the server and agree in every tab, and the URL follows the thread.
#include <catch2/catch.hpp>

#include <map>

#include "../../support/test_files.h"
#include "app/demo/demo_correspondent.h"
#include "app_scene.h"
#include "platform/activity.h"
#include "platform/files.h"
#include "platform/frame.h"
#include "platform/page.h"

using namespace app;
using namespace std::chrono_literals;

namespace {

// One browser tab: its App, its client, its socket and the server's view of that connection.
struct BrowserTab {
    AppState state;
    MemoryTokenStore& tokens;
    MemoryTokenStore& outbox;
    MemoryTokenStore guest_keys;
    double now = 0;
    std::string route;  // the URL fragment
    std::unique_ptr<Client> client;
    std::unique_ptr<App> app;
    platform::fake::Peer* peer = nullptr;
    core::ConnectionState server_side;

    BrowserTab(core::Clock& clock, MemoryTokenStore& tokens, MemoryTokenStore& outbox) : tokens(tokens), outbox(outbox) {
        client = std::make_unique<Client>(std::make_unique<RemoteTransport>("ws://test/ws"), [this] { return now; });
        Environment env{clock, tokens, &guest_keys, [](const std::string&) {}, nullptr, nullptr};
        env.outbox = &outbox;
        env.read_route = [this] { return route; };
        env.write_route = [this](const std::string& r, bool) { route = r; };
        app = std::make_unique<App>(state, *client, std::move(env));
        app->start();
        peer = platform::fake::last_peer();
        REQUIRE(peer);
        platform::fake::accept(*peer);
        app->poll();
    }
    MessagingState& m() { return state.messaging; }
};

// The server: the services of a ServerScene, the fan-out rule and every tab's connection.
struct MessagingScene : app_test::ServerScene {
    core::Subscribers subscribers;
    std::vector<std::unique_ptr<BrowserTab>> tabs;
    std::map<std::string, std::unique_ptr<MemoryTokenStore>> stores;  // per person: session and outbox
    std::uint64_t next_connection = 1;

    MessagingScene() : ServerScene(app_test::at("2026-11-16T08:50:00Z")) { platform::fake::reset(); }

    BrowserTab& open_tab(const std::string& who) {
        auto& session = store(who + ".session");
        auto& box = store(who + ".outbox");
        tabs.push_back(std::make_unique<BrowserTab>(clock, session, box));
        tabs.back()->server_side.id = next_connection++;
        serve();
        return *tabs.back();
    }
    BrowserTab& sign_in(const std::string& email) {
        BrowserTab& t = open_tab(email);
        t.state.accounts.sign_in.email = email;
        t.state.accounts.sign_in.password = "a long enough secret";
        t.app->apply(SubmitSignIn{});
        serve();
        REQUIRE(t.state.user);
        return t;
    }
    MemoryTokenStore& store(const std::string& key) {
        auto& s = stores[key];
        if (!s) s = std::make_unique<MemoryTokenStore>();
        return *s;
    }
    // Plays the server until nobody sends anything more.
    void serve() {
        for (int round = 0; round < 30; ++round) {
            bool any = false;
            for (auto& t : tabs) {
                if (!t->peer || !t->peer->socket) continue;
                for (const std::string& frame : std::exchange(t->peer->sent, {})) {
                    any = true;
                    handle(*t, frame, true);
                }
            }
            for (auto& t : tabs) t->app->poll();
            if (!any) return;
        }
    }
    // One request of a tab: the reply goes back and the events to their audience (lost: neither reaches
    // this tab, as when its connection breaks right after the server acted).
    void handle(BrowserTab& t, const std::string& frame, bool reply) {
        core::DispatchOutcome out = services.dispatcher.handle(t.server_side, frame);
        if (out.signed_out) subscribers.unbind(t.server_side.id);
        if (out.signed_in && t.server_side.user) subscribers.bind(t.server_side.id, *out.signed_in, *t.server_side.user);
        if (reply) platform::fake::deliver(*t.peer, out.reply);
        for (const core::Delivery& d : out.effects.deliveries)
            for (auto id : subscribers.audience(d.to))
                for (auto& other : tabs)
                    if (other->server_side.id == id && other->peer && other->peer->socket && (reply || other.get() != &t))
                        platform::fake::deliver(*other->peer, core::protocol::encode_event(d.event));
    }
    // The tab's connection drops (its requests in flight fail "offline").
    void drop(BrowserTab& t) {
        subscribers.unbind(t.server_side.id);
        platform::fake::drop(*t.peer);
        t.app->poll();
    }
    // It comes back after the backoff, says hello and resumes its session.
    void reconnect(BrowserTab& t) {
        t.now += 60000;
        t.app->poll();
        t.peer = platform::fake::last_peer();
        REQUIRE(t.peer);
        t.server_side = {};
        t.server_side.id = next_connection++;
        platform::fake::accept(*t.peer);
        t.app->poll();
        serve();
    }
    // The page reloads: the tab's objects go, a new one starts with the same tab storage.
    BrowserTab& reload(BrowserTab& t, const std::string& who) {
        subscribers.unbind(t.server_side.id);
        const std::string route = t.route;
        for (auto it = tabs.begin(); it != tabs.end(); ++it)
            if (it->get() == &t) {
                tabs.erase(it);
                break;
            }
        BrowserTab& fresh = open_tab(who);
        fresh.route = route;
        fresh.app->poll();
        serve();
        return fresh;
    }
    // The patient writes to the doctor; returns the conversation id.
    std::int64_t first_message(BrowserTab& p, const std::string& text) {
        p.app->apply(MessageWith{doctor});
        serve();
        REQUIRE(p.m().open);
        const std::int64_t id = *p.m().open;
        p.m().threads[id].draft = text;
        p.app->apply(SendDraft{id});
        serve();
        return id;
    }
    std::int64_t stored_count(std::int64_t conversation) {
        return std::int64_t(services.messaging.after(patient, conversation, 0, 200)->messages.size());
    }
};

const std::string kPatient = "pat@example.com", kDoctor = "dr@example.com";

}  // namespace

TEST_CASE("[app] messaging: merge by number keeps one copy of each message", "[app][messaging]") {
    Thread t;
    core::msg::MessageInfo m;
    m.number = 2;
    m.text = "first";
    merge_message(t, m);
    m.text = "edited";
    merge_message(t, m);
    m.number = 1;
    merge_message(t, m);
    CHECK(t.messages.size() == 2);
    CHECK(t.first_number() == 1);
    CHECK(t.messages.at(2).text == "edited");
}

TEST_CASE("[app] messaging: the outbox keeps its messages as text, for its own person only", "[app][messaging]") {
    OutgoingMessage o{7, new_client_message_id(), "Zoë: مرحبا 👋\nline two", std::nullopt, app_test::at("2026-11-16T10:00:00Z")};
    const std::string text = outbox_to_text(3, {o});
    const auto back = outbox_from_text(3, text);
    REQUIRE(back.size() == 1);
    CHECK(back[0].text == o.text);
    CHECK(back[0].client_message_id == o.client_message_id);
    CHECK(back[0].conversation_id == 7);
    CHECK(outbox_from_text(4, text).empty());
    CHECK(outbox_from_text(3, "not json").empty());
    CHECK(new_client_message_id() != new_client_message_id());
    CHECK(o.client_message_id.size() <= 64);
}

TEST_CASE("[app] messaging: a patient writes, the doctor's tabs get it live with the same unread count", "[app][messaging]") {
    MessagingScene s;
    BrowserTab& doc1 = s.sign_in(kDoctor);
    BrowserTab& doc2 = s.sign_in(kDoctor);
    BrowserTab& pat = s.sign_in(kPatient);
    CHECK(pat.m().outbox.empty());

    const auto id = s.first_message(pat, "Hello doctor, the rash is back 😟");
    CHECK(pat.route == "#/messages/" + std::to_string(id));
    CHECK(pat.state.tab == Tab::messages);
    REQUIRE(pat.m().threads[id].messages.size() == 1);
    CHECK(pat.m().threads[id].messages.at(1).text == "Hello doctor, the rash is back 😟");
    CHECK(pat.m().outbox.empty());
    CHECK_FALSE(pat.outbox.load());

    for (BrowserTab* d : {&doc1, &doc2}) {
        REQUIRE(d->m().conversation(id));
        CHECK(d->m().conversation(id)->with.display_name == "Zoë");
        CHECK(d->m().total_unread == 1);
        CHECK(d->m().conversation(id)->unread == 1);
    }
    // The doctor's devices got it: the patient sees "Delivered".
    REQUIRE(pat.m().conversation(id));
    CHECK(pat.m().conversation(id)->theirs.delivered_upto == 1);
    CHECK(pat.m().conversation(id)->theirs.read_upto == 0);

    SECTION("reading in one tab clears the badge in every tab, and the patient sees Read") {
        doc1.app->apply(OpenConversation{id});
        s.serve();
        doc1.app->apply(MessagesSeen{id, 1});
        s.serve();
        CHECK(doc1.m().total_unread == 0);
        CHECK(doc2.m().total_unread == 0);
        CHECK(doc2.m().conversation(id)->unread == 0);
        CHECK(pat.m().conversation(id)->theirs.read_upto == 1);
        CHECK(pat.m().threads[id].their_read_at);
    }
    SECTION("seen is only read while the thread is on screen") {
        doc1.app->apply(MessagesSeen{id, 1});
        s.serve();
        CHECK(doc1.m().total_unread == 1);
    }
}

TEST_CASE("[app] messaging: typing goes out at most every 3 s and shows for 6 s", "[app][messaging]") {
    MessagingScene s;
    BrowserTab& doc = s.sign_in(kDoctor);
    BrowserTab& pat = s.sign_in(kPatient);
    const auto id = s.first_message(pat, "Hello");
    doc.app->apply(OpenConversation{id});
    s.serve();

    doc.m().threads[id].draft = "Th";
    doc.app->apply(ComposerEdited{id});
    doc.m().threads[id].draft = "Thanks";
    doc.app->apply(ComposerEdited{id});
    int typing_sent = 0;
    for (const std::string& f : doc.peer->sent) typing_sent += f.find("\"typing\"") != std::string::npos;
    CHECK(typing_sent == 1);
    s.serve();
    CHECK(pat.m().threads[id].their_typing_until_ms > 0);
    // The conversations list says it too, in place of the last message.
    const auto preview = [&] { return list_preview(pat.m(), *pat.m().conversation(id), s.patient, platform::now_ms()); };
    CHECK(preview().typing);
    CHECK(preview().text == "typing…");

    SECTION("gone 6 s after the last event") {
        platform::advance_now_ms_native(6100);
        CHECK_FALSE(preview().typing);  // already by the clock, before the tick clears it
        CHECK(preview().text == "You: Hello");
        pat.app->poll();
        CHECK(pat.m().threads[id].their_typing_until_ms == 0);
    }
    SECTION("one the server holds back (its own 3 s) is tried again while they still type") {
        pat.m().threads[id].their_typing_until_ms = 0;
        platform::advance_now_ms_native(3100);  // the client's 3 s have passed; the server's clock has not moved
        doc.m().threads[id].draft = "Thanks, and";
        doc.app->apply(ComposerEdited{id});
        s.serve();
        CHECK(pat.m().threads[id].their_typing_until_ms == 0);
        s.clock.advance(3s);
        platform::advance_now_ms_native(1100);
        doc.app->poll();
        s.serve();
        CHECK(pat.m().threads[id].their_typing_until_ms > 0);
    }
    SECTION("gone at once when their message arrives") {
        doc.app->apply(SendDraft{id});
        s.serve();
        CHECK(pat.m().threads[id].their_typing_until_ms == 0);
        CHECK(pat.m().threads[id].messages.size() == 2);
    }
}

TEST_CASE("[app] messaging: nothing lost, nothing doubled across drops and reloads", "[app][messaging]") {
    MessagingScene s;
    BrowserTab& doc = s.sign_in(kDoctor);
    BrowserTab* pat = &s.sign_in(kPatient);
    const auto id = s.first_message(*pat, "First");

    SECTION("a lost reply: the resend on reconnect returns the first result, shown once") {
        pat->m().threads[id].draft = "Second";
        pat->app->apply(SendDraft{id});
        REQUIRE(pat->m().outbox.size() == 1);
        CHECK(pat->outbox.load());  // kept in the tab's storage while unacknowledged
        for (const std::string& f : std::exchange(pat->peer->sent, {})) s.handle(*pat, f, false);  // stored; reply lost
        s.drop(*pat);
        pat->peer->sent.clear();
        s.reconnect(*pat);
        CHECK(s.stored_count(id) == 2);
        CHECK(pat->m().outbox.empty());
        CHECK(pat->m().threads[id].messages.size() == 2);
        CHECK_FALSE(pat->outbox.load());
    }
    SECTION("written while the connection is down: sending…, kept across a reload, sent once") {
        s.drop(*pat);
        pat->m().threads[id].draft = "Written offline";
        pat->app->apply(SendDraft{id});
        REQUIRE(pat->m().outbox.size() == 1);
        CHECK(s.stored_count(id) == 1);
        pat = &s.reload(*pat, kPatient);  // the page reloads on the thread's URL
        CHECK(pat->state.tab == Tab::messages);
        CHECK(pat->m().open == id);
        CHECK(s.stored_count(id) == 2);
        CHECK(pat->m().outbox.empty());
        const auto& msgs = pat->m().threads[id].messages;
        REQUIRE(msgs.size() == 2);
        CHECK(msgs.at(2).text == "Written offline");
        CHECK(doc.m().conversation(id)->last_message->text == "Written offline");
    }
    SECTION("after a reconnect the thread asks for what it missed: no gap, no duplicate") {
        s.drop(*pat);
        doc.app->apply(OpenConversation{id});
        s.serve();
        for (const char* text : {"Reply one", "Reply two"}) {
            doc.m().threads[id].draft = text;
            doc.app->apply(SendDraft{id});
            s.serve();
        }
        s.reconnect(*pat);
        const auto& msgs = pat->m().threads[id].messages;
        REQUIRE(msgs.size() == 3);
        CHECK(msgs.at(3).text == "Reply two");
        CHECK(pat->m().conversation(id)->unread == 2);
    }
    SECTION("an edit and a deletion made while it was away are in the thread and the list after a reconnect") {
        doc.app->apply(OpenConversation{id});
        s.serve();
        for (const char* text : {"Take 50 mg", "Wrong chat, sorry"}) {
            doc.m().threads[id].draft = text;
            doc.app->apply(SendDraft{id});
            s.serve();
        }
        REQUIRE(pat->m().threads[id].messages.size() == 3);
        s.drop(*pat);
        doc.m().threads[id].editing = doc.m().threads[id].messages.at(2).id;
        doc.m().threads[id].edit_draft = "Take 500 mg";
        doc.app->apply(SubmitEdit{id});
        doc.app->apply(AskDelete{id, doc.m().threads[id].messages.at(3).id});
        doc.app->apply(ConfirmDelete{id});
        s.serve();
        REQUIRE(doc.m().threads[id].messages.at(3).deleted);
        CHECK(pat->m().threads[id].messages.at(2).text == "Take 50 mg");  // it heard nothing while away

        s.reconnect(*pat);
        const auto& msgs = pat->m().threads[id].messages;
        REQUIRE(msgs.size() == 3);
        CHECK(msgs.at(2).text == "Take 500 mg");
        CHECK(msgs.at(2).edited_at);
        CHECK(msgs.at(3).deleted);
        CHECK(msgs.at(3).text.empty());
        CHECK(pat->m().conversation(id)->last_message->deleted);
        CHECK(pat->m().threads[id].revision == 5);  // 3 sent, 1 edit, 1 deletion
    }
}

TEST_CASE("[app] messaging: the list's preview of the last message", "[app][messaging]") {
    MessagingState s;
    core::msg::ConversationInfo c;
    c.id = 7;
    CHECK(list_preview(s, c, 1, 0).text == "No messages yet");
    core::msg::MessageInfo m;
    m.conversation_id = 7;
    m.sender_id = 2;
    m.text = "It itches";
    c.last_message = m;
    CHECK(list_preview(s, c, 1, 0).text == "It itches");
    CHECK(list_preview(s, c, 2, 0).text == "You: It itches");
    // A file says what it is; the words follow only when someone wrote some.
    c.last_message->attachment = core::msg::AttachmentInfo{3, core::AttachmentKind::jpeg, "image/jpeg", "rash.jpg", 1000};
    CHECK(list_preview(s, c, 1, 0).text == "Photo: rash.jpg · It itches");
    c.last_message->text = " ";
    CHECK(list_preview(s, c, 1, 0).text == "Photo: rash.jpg");
    c.last_message->attachment->kind = core::AttachmentKind::pdf;
    c.last_message->attachment->name = "results.pdf";
    CHECK(list_preview(s, c, 2, 0).text == "You: PDF: results.pdf");
    c.last_message->deleted = true;
    CHECK(list_preview(s, c, 1, 0).text == "Message deleted");
    // The other member typing wins over all of it, for as long as it is fresh.
    s.threads[7].their_typing_until_ms = 5000;
    CHECK(list_preview(s, c, 1, 4999).text == "typing…");
    CHECK(list_preview(s, c, 1, 4999).typing);
    CHECK_FALSE(list_preview(s, c, 1, 5000).typing);
}

TEST_CASE("[app] messaging: a changed message replaces only a loaded copy", "[app][messaging]") {
    Thread t;
    core::msg::MessageInfo m;
    m.number = 5;
    m.text = "five";
    merge_message(t, m);
    m.text = "five, edited";
    merge_changed(t, m);
    CHECK(t.messages.at(5).text == "five, edited");
    m.number = 2;  // older than the loaded page: it comes whole when that page loads
    merge_changed(t, m);
    CHECK(t.messages.size() == 1);
    CHECK(t.first_number() == 5);
}

TEST_CASE("[app] messaging: history in pages, edit, delete, search and the URL", "[app][messaging]") {
    MessagingScene s;
    BrowserTab& pat = s.sign_in(kPatient);
    const auto id = s.first_message(pat, "Rash on the left arm");
    core::Effects fx;
    for (int i = 2; i <= 120; ++i)
        REQUIRE(s.services.messaging.send(s.patient, id, "c" + std::to_string(i), "note " + std::to_string(i), std::nullopt, fx));

    BrowserTab& again = s.reload(pat, kPatient);
    Thread& t = again.m().threads[id];
    CHECK(t.messages.size() == 50);
    CHECK(t.first_number() == 71);
    CHECK(t.has_older);
    again.app->apply(LoadOlderMessages{id});
    s.serve();
    CHECK(t.first_number() == 21);

    again.state.messaging.search = "rash";
    again.app->apply(SubmitSearch{});
    s.serve();
    REQUIRE(again.m().hits.size() == 1);
    CHECK(again.m().hits[0].snippet.highlights.at(0).start == 0);
    again.app->apply(OpenSearchHit{id, 1});
    s.serve();
    CHECK(t.first_number() == 1);
    CHECK(t.focus_number == 1);

    const auto first_id = t.messages.at(1).id;
    again.app->apply(StartEdit{id, first_id});
    t.edit_draft = "Rash on the right arm";
    again.app->apply(SubmitEdit{id});
    s.serve();
    CHECK(t.messages.at(1).edited_at);
    CHECK(t.messages.at(1).text == "Rash on the right arm");
    again.app->apply(AskDelete{id, first_id});
    again.app->apply(ConfirmDelete{id});
    s.serve();
    CHECK(t.messages.at(1).deleted);

    // Back to the list, and Back/Forward in the browser.
    again.app->apply(CloseConversation{});
    CHECK(again.route == "#/messages");
    again.route = "#/messages/" + std::to_string(id);
    again.app->poll();
    CHECK(again.m().open == id);
    again.route = "";
    again.app->poll();
    CHECK(again.state.tab == Tab::overview);
}

TEST_CASE("[app] messaging: a link in a message opens in the browser, nothing else does", "[app][messaging]") {
    MessagingScene s;
    BrowserTab& pat = s.sign_in(kPatient);
    pat.app->apply(OpenLink{"https://www.nhs.uk/conditions/eczema/"});
    CHECK(platform::last_opened_url_native() == "https://www.nhs.uk/conditions/eczema/");
    for (const char* bad : {"javascript:alert(1)", "data:text/html,x", "file:///etc/passwd", "https://user@evil.example/"}) {
        pat.app->apply(OpenLink{bad});
        CHECK(platform::last_opened_url_native() == "https://www.nhs.uk/conditions/eczema/");
    }
}

TEST_CASE("[app] messaging: in the offline demo the doctor reads, types and answers", "[app][messaging][demo]") {
    app_test::DemoApp app;
    app.act(DemoSignIn{0});  // the demo patient, who has a visit with a demo doctor
    REQUIRE(app.state.user);
    REQUIRE_FALSE(app.state.visits.appointments.empty());
    const auto doctor = app.state.visits.appointments.front().doctor;
    app.act(MessageWith{doctor.id});
    REQUIRE(app.state.messaging.open);
    const auto id = *app.state.messaging.open;
    app.state.messaging.threads[id].draft = "The rash on my arm is back since yesterday";
    app.act(SendDraft{id});
    REQUIRE(app.state.messaging.threads[id].messages.size() == 1);

    app.clock.advance(std::chrono::milliseconds(DemoCorrespondent::kReadAfterMs + 100));
    app.settle();
    CHECK(app.state.messaging.conversation(id)->theirs.read_upto == 1);
    app.clock.advance(std::chrono::milliseconds(DemoCorrespondent::kTypingAfterMs - DemoCorrespondent::kReadAfterMs));
    app.settle();
    CHECK(app.state.messaging.threads[id].their_typing_until_ms > 0);
    app.clock.advance(std::chrono::milliseconds(DemoCorrespondent::kReplyAfterMs));
    app.settle();
    const auto& msgs = app.state.messaging.threads[id].messages;
    REQUIRE(msgs.size() == 2);
    CHECK(msgs.at(2).sender_id == doctor.id);
    CHECK(msgs.at(2).text.find("rash") != std::string::npos);
    CHECK(app.state.messaging.threads[id].their_typing_until_ms == 0);
}

// Presence (app/presence) rides on the conversations list: the people in it are asked about, and
// presence.changed keeps them current. The tab reports itself away when hidden or idle for 5 minutes.
TEST_CASE("[app] presence: the patient's list shows the doctor online, away, and hidden", "[app][presence]") {
    using core::PresenceState;
    MessagingScene s;
    BrowserTab& pat = s.sign_in(kPatient);
    s.first_message(pat, "Are you there?");
    BrowserTab& doc = s.sign_in(kDoctor);
    s.serve();
    const auto seen = [&] { return pat.state.presence.of(s.doctor); };
    REQUIRE(seen());
    CHECK(seen()->state == PresenceState::online);
    CHECK(doc.state.presence.visible == true);

    // Every tab of this test hides (the stand-in is one page): the doctor's only tab is away.
    platform::set_page_hidden_native(true);
    doc.app->poll();
    s.serve();
    CHECK(seen()->state == PresenceState::away);
    platform::set_page_hidden_native(false);
    doc.app->poll();
    s.serve();
    CHECK(seen()->state == PresenceState::online);

    // No input for 5 minutes: away; an input: back.
    platform::advance_now_ms_native(kAwayAfterMs + 1000);
    doc.app->poll();
    s.serve();
    CHECK(seen()->state == PresenceState::away);
    platform::set_last_input_ms_native(platform::now_ms());
    doc.app->poll();
    s.serve();
    CHECK(seen()->state == PresenceState::online);

    // The doctor hides: offline with no last seen, on the patient's screen at once.
    doc.app->apply(SetPresenceVisible{false});
    s.serve();
    CHECK(doc.state.presence.visible == false);
    CHECK(seen()->state == PresenceState::offline);
    CHECK_FALSE(seen()->last_seen.has_value());
}

// --- attachments (AttachmentsModule) -----------------------------------------------------------------

TEST_CASE("[app] attachments: a picked photo goes up in pieces, is sent, and shows on both sides", "[app][messaging][attachments]") {
    MessagingScene s;
    BrowserTab& doc = s.sign_in(kDoctor);
    BrowserTab& pat = s.sign_in(kPatient);
    const auto id = s.first_message(pat, "Hello doctor");
    const int opens = platform::files::fake_picker_opens();
    pat.app->apply(PickAttachment{id});
    CHECK(platform::files::fake_picker_opens() == opens + 1);  // the chooser opened in the click's frame

    std::string photo = test_files::jpeg_with_exif();
    photo.insert(2, test_files::segment(0xFE, std::string(60000, 'x')) + test_files::segment(0xFE, std::string(30000, 'y')));
    platform::files::fake_pick({"C:\\fakepath\\rash.jpg", std::int64_t(photo.size()), photo});
    pat.app->poll();  // the module takes the file and announces it
    REQUIRE(pat.m().files.uploads.size() == 1);
    CHECK(pat.m().files.uploads[0].name == "rash.jpg");
    s.serve();
    CHECK(pat.m().files.uploads.empty());  // sent: the upload line went away
    const auto& thread = pat.m().threads[id].messages;
    REQUIRE(thread.size() == 2);
    const auto& sent = thread.rbegin()->second;
    REQUIRE(sent.attachment);
    CHECK(sent.attachment->kind == core::AttachmentKind::jpeg);
    CHECK(sent.attachment->bytes < std::int64_t(photo.size()));  // stripped of EXIF and comments
    CHECK(s.stored_count(id) == 2);

    // The patient's thumbnail: fetched through a link, decoded (natively: at once) into a texture.
    for (int i = 0; i < 4; ++i) {
        pat.app->poll();
        s.serve();
    }
    const std::int64_t file = sent.attachment->id;
    REQUIRE(pat.m().files.images.count(file));
    CHECK(pat.m().files.images[file].stage == ImageStage::ready);
    CHECK(pat.m().files.images[file].texture > 0);
    pat.app->apply(ViewAttachment{file});
    REQUIRE(pat.m().files.viewing);
    CHECK(pat.m().files.viewing->name == "rash.jpg");
    pat.app->apply(CloseAttachmentView{});
    CHECK_FALSE(pat.m().files.viewing);

    // The doctor got it live and sees the thumbnail once the thread is open; the opening is logged.
    doc.app->apply(OpenConversation{id});
    for (int i = 0; i < 4; ++i) {
        doc.app->poll();
        s.serve();
    }
    REQUIRE(doc.m().threads[id].messages.rbegin()->second.attachment);
    CHECK(doc.m().files.images[file].stage == ImageStage::ready);
    const auto log = s.app_test::ServerScene::store.transact([&](core::Transaction& tx) { return tx.messaging().attachment_accesses(file); }).value;
    REQUIRE(log.size() == 2);
    CHECK(log[1].user_id == s.doctor);
}

TEST_CASE("[app] attachments: a refused file shows the server's sentence and sends nothing", "[app][messaging][attachments]") {
    MessagingScene s;
    BrowserTab& pat = s.sign_in(kPatient);
    const auto id = s.first_message(pat, "Hello doctor");
    pat.app->apply(PickAttachment{id});
    const std::string gif("GIF89a\x01\x00\x01\x00\x80\x00\x00", 13);
    platform::files::fake_pick({"funny.jpg", std::int64_t(gif.size()), gif});
    pat.app->poll();
    s.serve();
    REQUIRE(pat.m().files.uploads.size() == 1);
    const Upload& u = pat.m().files.uploads[0];
    CHECK(u.stage == UploadStage::refused);
    CHECK(u.error == "This file is a GIF image; you can send photos (JPEG, PNG, WebP) or PDF documents up to 10 MB.");
    CHECK(s.stored_count(id) == 1);
    pat.app->apply(DismissUpload{u.local_id});
    CHECK(pat.m().files.uploads.empty());

    // Over 10 MB: only the size is announced, and refused.
    pat.app->apply(PickAttachment{id});
    platform::files::fake_pick({"video.mp4", 50LL * 1024 * 1024, std::string("\0\0\0\x18" "ftypisom", 12)});
    pat.app->poll();
    s.serve();
    REQUIRE(pat.m().files.uploads.size() == 1);
    CHECK(pat.m().files.uploads[0].error.starts_with("This file is 50 MB; files up to 10 MB can be sent."));
}
