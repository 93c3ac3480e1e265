#include "app/messaging/messaging_module.h"

#include <algorithm>
#include <cstdlib>

#include "core/messaging/links.h"
#include "platform/frame.h"
#include "platform/page.h"

namespace app {

namespace msg = core::msg;
using core::ErrorCode;
using core::ReceiptKind;

namespace {

constexpr std::string_view kRoute = "#/messages";
constexpr int kMaxPagesToFind = 40;  // a search hit up to 2,000 messages back

bool blank(const std::string& text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; });
}

bool offline(const core::Error& e) { return e.code == ErrorCode::offline; }

}  // namespace

MessagingModule::MessagingModule(Context& ctx) : FeatureModule(ctx) {
    ctx.events.on<msg::MessageCreated>([this](const msg::MessageCreated& e) { on_message(e.message, true); });
    ctx.events.on<msg::MessageEdited>([this](const msg::MessageEdited& e) { on_message(e.message, false); });
    ctx.events.on<msg::MessageDeleted>([this](const msg::MessageDeleted& e) { on_message(e.message, false); });
    ctx.events.on<msg::ReceiptUpdated>([this](const msg::ReceiptUpdated& e) {
        MessagingState& s = state().messaging;
        msg::ConversationInfo* c = s.conversation(e.conversation_id);
        if (!c || !state().user) return;
        if (e.receipt.user_id == state().user->id) {
            c->mine = e.receipt;
            return;
        }
        if (e.receipt.read_upto > c->theirs.read_upto) s.threads[c->id].their_read_at = state().now;
        c->theirs = e.receipt;
    });
    ctx.events.on<msg::UnreadChanged>([this](const msg::UnreadChanged& e) {
        MessagingState& s = state().messaging;
        s.total_unread = e.total_unread;
        if (msg::ConversationInfo* c = s.conversation(e.conversation_id)) c->unread = e.unread;
    });
    ctx.events.on<msg::TypingRelayed>([this](const msg::TypingRelayed& e) {
        if (!state().user || e.user_id == state().user->id) return;
        state().messaging.threads[e.conversation_id].their_typing_until_ms = platform::now_ms() + kTypingShownMs;
        platform::request_frame_in(kTypingShownMs + 50);  // the line goes away by itself
    });
}

void MessagingModule::apply(const MessagingAction& action) {
    MessagingState& s = state().messaging;
    std::visit(overloaded{
                   [this](const LoadConversations&) { load_conversations(); },
                   [this](const OpenConversation& a) { open(a.conversation_id); },
                   [this](const MessageWith& a) { message_with(a.user_id); },
                   [this](const CloseConversation&) { close(); },
                   [this](const ComposerEdited& a) { composer_edited(a.conversation_id); },
                   [this](const SendDraft& a) { send_draft(a.conversation_id); },
                   [this](const LoadOlderMessages& a) { load_older(a.conversation_id); },
                   [this](const MessagesSeen& a) { seen(a.conversation_id, a.up_to); },
                   [this](const StartEdit& a) { start_edit(a.conversation_id, a.message_id); },
                   [this](const SubmitEdit& a) { submit_edit(a.conversation_id); },
                   [&s](const CancelEdit& a) { s.threads[a.conversation_id].editing.reset(); },
                   [&s](const AskDelete& a) { s.threads[a.conversation_id].confirm_delete = a.message_id; },
                   [this](const ConfirmDelete& a) { confirm_delete(a.conversation_id); },
                   [&s](const CancelDelete& a) { s.threads[a.conversation_id].confirm_delete.reset(); },
                   [this](const SubmitSearch&) { search(); },
                   [&s](const ClearSearch&) {
                       s.search.clear();
                       s.searched.clear();
                       s.hits.clear();
                   },
                   [this](const OpenSearchHit& a) { open_hit(a.conversation_id, a.number); },
                   // Checked again here: only what find_links would make ever reaches the browser.
                   [](const OpenLink& a) {
                       if (core::messaging::is_openable_url(a.url)) platform::open_url(a.url);
                   },
               },
               action);
}

bool MessagingModule::has_messages() const {
    const AppState& s = ctx_.state;
    return s.has_role(core::Role::patient) || s.has_role(core::Role::doctor);
}

// --- the session ------------------------------------------------------------------------------------

void MessagingModule::on_signed_in() {
    if (!has_messages()) return;
    MessagingState& s = state().messaging;
    if (!outbox_loaded_) {
        outbox_loaded_ = true;
        if (ctx_.env.outbox)
            if (auto text = ctx_.env.outbox->load()) s.outbox = outbox_from_text(state().user->id, *text);
    }
    load_conversations();
    for (auto& [id, thread] : s.threads)
        if (thread.loaded) resync(id);  // also tells the server this connection has the thread open
    flush_outbox();
    if (s.open && !s.threads[*s.open].loaded) load_newest(*s.open);
}

void MessagingModule::on_signed_out() {
    state().messaging = MessagingState{};
    outbox_loaded_ = false;
}

void MessagingModule::on_tab(Tab tab) {
    if (tab == Tab::messages && has_messages()) load_conversations();
}

void MessagingModule::tick(double now_ms) {
    for (auto& [id, thread] : state().messaging.threads) {
        if (thread.their_typing_until_ms > 0 && now_ms >= thread.their_typing_until_ms) thread.their_typing_until_ms = 0;
        if (thread.typing_retry_ms > 0 && now_ms >= thread.typing_retry_ms) {
            thread.typing_retry_ms = 0;
            if (!blank(thread.draft) && now_ms - thread.edited_ms < kTypingShownMs) send_typing(id, now_ms);
        }
    }
}

// --- the list and the threads -----------------------------------------------------------------------

void MessagingModule::load_conversations() {
    MessagingState& s = state().messaging;
    s.loading = true;
    client().call(
        msg::ListConversations{},
        [this](msg::ConversationList& r) {
            MessagingState& s = state().messaging;
            // A conversation opened with someone but not written in yet is not listed: keep it while open.
            std::optional<msg::ConversationInfo> keep;
            if (s.open && !std::any_of(r.conversations.begin(), r.conversations.end(), [&](auto& c) { return c.id == *s.open; }))
                if (const msg::ConversationInfo* c = s.conversation(*s.open)) keep = *c;
            s.conversations = std::move(r.conversations);
            if (keep) s.conversations.push_back(*keep);
            s.total_unread = r.total_unread;
            s.loading = false;
            s.loaded = true;
            for (const msg::ConversationInfo& c : s.conversations) deliver_newest(c);
        },
        [this](const core::Error& e) {
            state().messaging.loading = false;
            return offline(e);
        });
}

void MessagingModule::open(std::int64_t conversation_id) {
    MessagingState& s = state().messaging;
    s.opening = false;
    s.open = conversation_id;
    Thread& t = s.threads[conversation_id];
    t.focus_number.reset();
    if (state().tab != Tab::messages) ctx_.dispatch(SelectTab{Tab::messages});
    if (!t.loaded && !t.loading) load_newest(conversation_id);
}

void MessagingModule::message_with(std::int64_t user_id) {
    state().messaging.opening = true;
    client().call(
        msg::OpenConversation{user_id},
        [this](msg::ConversationReply& r) {
            MessagingState& s = state().messaging;
            if (!s.conversation(r.conversation.id)) s.conversations.insert(s.conversations.begin(), r.conversation);
            open(r.conversation.id);
        },
        [this](const core::Error&) {
            state().messaging.opening = false;
            return false;  // the server's sentence as a toast
        });
}

void MessagingModule::close() {
    state().messaging.open.reset();
}

void MessagingModule::load_newest(std::int64_t conversation_id, std::function<void()> then) {
    state().messaging.threads[conversation_id].loading = true;
    client().call(
        msg::ConversationHistory{conversation_id, std::nullopt, kHistoryPage},
        [this, conversation_id, then](msg::MessagePage& page) {
            Thread& t = state().messaging.threads[conversation_id];
            t.loading = false;
            t.loaded = true;
            t.has_older = page.has_more;
            t.revision = std::max(t.revision, page.revision);
            take_page(page);
            if (then) then();
        },
        [this, conversation_id](const core::Error& e) {
            state().messaging.threads[conversation_id].loading = false;
            return offline(e);
        });
}

void MessagingModule::resync(std::int64_t conversation_id) {
    Thread& t = state().messaging.threads[conversation_id];
    t.loading = true;
    // New messages by number, and what was edited or deleted among the loaded ones by revision: both
    // may have happened while this tab was away.
    client().call(
        msg::MessagesAfter{conversation_id, t.last_number(), 200, t.revision},
        [this, conversation_id](msg::MessagePage& page) {
            MessagingState& s = state().messaging;
            Thread& t = s.threads[conversation_id];
            t.loading = false;
            for (const msg::MessageInfo& m : page.changed) {
                merge_changed(t, m);
                // The list's preview ("Message deleted", the edited words); an edit does not reorder the list.
                if (msg::ConversationInfo* c = s.conversation(conversation_id); c && m.number == c->last_number)
                    c->last_message = m;
            }
            take_page(page);
            t.revision = std::max(t.revision, page.revision);
            const bool progressed = !page.messages.empty() || !page.changed.empty();
            if (page.has_more && progressed) resync(conversation_id);
        },
        [this, conversation_id](const core::Error& e) {
            state().messaging.threads[conversation_id].loading = false;
            return offline(e);
        });
}

void MessagingModule::load_older(std::int64_t conversation_id, std::function<void()> then) {
    Thread& t = state().messaging.threads[conversation_id];
    if (t.older_loading || !t.has_older || t.messages.empty()) return;
    t.older_loading = true;
    client().call(
        msg::ConversationHistory{conversation_id, t.first_number(), kHistoryPage},
        [this, conversation_id, then](msg::MessagePage& page) {
            Thread& t = state().messaging.threads[conversation_id];
            t.older_loading = false;
            t.has_older = page.has_more;
            take_page(page);
            if (then) then();
        },
        [this, conversation_id](const core::Error& e) {
            state().messaging.threads[conversation_id].older_loading = false;
            return offline(e);
        });
}

void MessagingModule::load_until(std::int64_t conversation_id, std::int64_t number, int pages_left) {
    Thread& t = state().messaging.threads[conversation_id];
    if (t.first_number() <= number || !t.has_older || pages_left <= 0) {
        t.focus_number = number;
        return;
    }
    load_older(conversation_id, [this, conversation_id, number, pages_left] { load_until(conversation_id, number, pages_left - 1); });
}

void MessagingModule::take_page(msg::MessagePage& page) {
    MessagingState& s = state().messaging;
    Thread& t = s.threads[page.conversation_id];
    for (const msg::MessageInfo& m : page.messages) {
        merge_message(t, m);
        if (state().user && m.sender_id == state().user->id) acknowledged(m.client_message_id);
    }
    if (!page.messages.empty()) note_last_message(s, page.messages.back());
    if (const msg::ConversationInfo* c = s.conversation(page.conversation_id)) deliver_newest(*c);
}

// --- writing ----------------------------------------------------------------------------------------

void MessagingModule::composer_edited(std::int64_t conversation_id) {
    Thread& t = state().messaging.threads[conversation_id];
    const double now = platform::now_ms();
    t.edited_ms = now;
    if (blank(t.draft) || now - t.typing_sent_ms < kTypingSendIntervalMs) return;
    send_typing(conversation_id, now);
}

// The server relays one typing per 3 s of its own: one held back (say, right after a message was sent)
// is tried again a second later while the person is still typing, so the other side sees it.
void MessagingModule::send_typing(std::int64_t conversation_id, double now_ms) {
    if (!client().online()) return;
    state().messaging.threads[conversation_id].typing_sent_ms = now_ms;
    client().call(
        msg::Typing{conversation_id},
        [this, conversation_id](msg::TypingReply& r) {
            if (r.relayed) return;
            state().messaging.threads[conversation_id].typing_retry_ms = platform::now_ms() + kTypingRetryMs;
            platform::request_frame_in(kTypingRetryMs);
        },
        // Best effort: a lost "typing" is not worth telling anyone about.
        [](const core::Error& e) { return offline(e) || e.code == ErrorCode::not_found; });
}

void MessagingModule::send_draft(std::int64_t conversation_id) {
    MessagingState& s = state().messaging;
    Thread& t = s.threads[conversation_id];
    if (blank(t.draft)) return;
    OutgoingMessage m;
    m.conversation_id = conversation_id;
    m.client_message_id = new_client_message_id();
    m.text = std::exchange(t.draft, {});
    m.written_at = state().now;
    t.typing_sent_ms = -1e18;
    s.outbox.push_back(std::move(m));
    save_outbox();
    send(s.outbox.back());
}

void MessagingModule::flush_outbox() {
    std::vector<std::string> ids;
    for (const OutgoingMessage& m : state().messaging.outbox) ids.push_back(m.client_message_id);
    for (const std::string& id : ids) {
        auto& box = state().messaging.outbox;
        auto it = std::find_if(box.begin(), box.end(), [&](const OutgoingMessage& m) { return m.client_message_id == id; });
        if (it != box.end()) send(*it);
    }
}

void MessagingModule::send(OutgoingMessage& m) {
    if (m.in_flight || !client().online()) return;  // the next sign-in (reconnect) sends it
    m.in_flight = true;
    const std::string id = m.client_message_id;
    client().call(
        msg::SendMessage{m.conversation_id, id, m.text, m.appointment_id},
        [this](msg::MessageReply& r) { on_message(r.message, true); },
        [this, id](const core::Error& e) {
            auto& box = state().messaging.outbox;
            auto it = std::find_if(box.begin(), box.end(), [&](const OutgoingMessage& m) { return m.client_message_id == id; });
            if (it == box.end()) return true;
            if (offline(e)) {
                it->in_flight = false;  // stays "sending…" and goes out on reconnect
                return true;
            }
            // Refused (too long, no longer allowed): the text goes back to the composer, the reason to a toast.
            Thread& t = state().messaging.threads[it->conversation_id];
            if (blank(t.draft)) t.draft = it->text;
            box.erase(it);
            save_outbox();
            return false;
        });
}

void MessagingModule::acknowledged(const std::string& client_message_id) {
    auto& box = state().messaging.outbox;
    const auto before = box.size();
    box.erase(std::remove_if(box.begin(), box.end(), [&](const OutgoingMessage& m) { return m.client_message_id == client_message_id; }),
              box.end());
    if (box.size() != before) save_outbox();
}

void MessagingModule::save_outbox() {
    TokenStore* store = ctx_.env.outbox;
    if (!store || !state().user) return;
    const auto& box = state().messaging.outbox;
    if (box.empty()) store->clear();
    else store->save(outbox_to_text(state().user->id, box));
}

void MessagingModule::start_edit(std::int64_t conversation_id, std::int64_t message_id) {
    Thread& t = state().messaging.threads[conversation_id];
    for (const auto& [number, m] : t.messages)
        if (m.id == message_id) {
            t.editing = message_id;
            t.edit_draft = m.text;
        }
}

void MessagingModule::submit_edit(std::int64_t conversation_id) {
    Thread& t = state().messaging.threads[conversation_id];
    if (!t.editing || blank(t.edit_draft)) return;
    client().call(msg::EditMessage{*t.editing, t.edit_draft}, [this, conversation_id](msg::MessageReply& r) {
        state().messaging.threads[conversation_id].editing.reset();
        on_message(r.message, false);
    });
}

void MessagingModule::confirm_delete(std::int64_t conversation_id) {
    Thread& t = state().messaging.threads[conversation_id];
    if (!t.confirm_delete) return;
    const std::int64_t id = *std::exchange(t.confirm_delete, std::nullopt);
    client().call(msg::DeleteMessage{id}, [this](msg::MessageReply& r) { on_message(r.message, false); });
}

// --- what arrives -----------------------------------------------------------------------------------

void MessagingModule::on_message(const msg::MessageInfo& m, bool created) {
    if (!state().user) return;
    MessagingState& s = state().messaging;
    Thread& t = s.threads[m.conversation_id];
    merge_message(t, m);
    if (!s.conversation(m.conversation_id)) load_conversations();  // someone wrote for the first time
    note_last_message(s, m);
    if (!created) return;
    if (m.sender_id == state().user->id) return acknowledged(m.client_message_id);
    t.their_typing_until_ms = 0;  // their message is here: they stopped typing
    receipt(m.conversation_id, ReceiptKind::delivered, m.number);
}

void MessagingModule::receipt(std::int64_t conversation_id, ReceiptKind kind, std::int64_t up_to) {
    MessagingState& s = state().messaging;
    Thread& t = s.threads[conversation_id];
    std::int64_t stored = 0;
    if (const msg::ConversationInfo* c = s.conversation(conversation_id))
        stored = kind == ReceiptKind::read ? c->mine.read_upto : c->mine.delivered_upto;
    std::int64_t& sent = kind == ReceiptKind::read ? t.read_sent : t.delivered_sent;
    if (up_to <= std::max(sent, stored) || !client().online()) return;
    sent = up_to;
    client().call(
        msg::MessageReceipt{conversation_id, kind, up_to},
        [this](msg::ReceiptReply& r) {
            MessagingState& s = state().messaging;
            s.total_unread = r.total_unread;
            if (msg::ConversationInfo* c = s.conversation(r.conversation_id)) {
                c->mine = r.receipt;
                c->unread = r.unread;
            }
        },
        [this, conversation_id, kind](const core::Error& e) {
            Thread& t = state().messaging.threads[conversation_id];
            (kind == ReceiptKind::read ? t.read_sent : t.delivered_sent) = 0;  // sent again next time
            return offline(e) || e.code == ErrorCode::not_found;
        });
}

// The thread showed messages up to `up_to`: read, if any of theirs is among the unread ones.
void MessagingModule::seen(std::int64_t conversation_id, std::int64_t up_to) {
    MessagingState& s = state().messaging;
    if (state().tab != Tab::messages || s.open != conversation_id || !state().user) return;
    const Thread& t = s.threads[conversation_id];
    std::int64_t theirs = 0;
    for (auto it = t.messages.begin(); it != t.messages.end() && it->first <= up_to; ++it)
        if (it->second.sender_id != state().user->id) theirs = it->first;
    if (theirs > 0) receipt(conversation_id, ReceiptKind::read, theirs);
}

void MessagingModule::deliver_newest(const msg::ConversationInfo& c) {
    if (!state().user || !c.last_message || c.last_message->sender_id == state().user->id) return;
    receipt(c.id, ReceiptKind::delivered, c.last_number);
}

// --- search -----------------------------------------------------------------------------------------

void MessagingModule::search() {
    MessagingState& s = state().messaging;
    if (blank(s.search)) {
        s.hits.clear();
        s.searched.clear();
        return;
    }
    s.searching = true;
    const std::string query = s.search;
    client().call(
        msg::SearchMessages{query, 20},
        [this, query](msg::SearchResults& r) {
            MessagingState& s = state().messaging;
            s.searching = false;
            s.searched = query;
            s.hits = std::move(r.hits);
        },
        [this](const core::Error&) {
            state().messaging.searching = false;
            return false;  // "… no word in it": the server's sentence
        });
}

void MessagingModule::open_hit(std::int64_t conversation_id, std::int64_t number) {
    open(conversation_id);
    Thread& t = state().messaging.threads[conversation_id];
    if (t.loaded) return load_until(conversation_id, number, kMaxPagesToFind);
    if (t.loading && !t.messages.empty()) return load_until(conversation_id, number, kMaxPagesToFind);
    load_newest(conversation_id, [this, conversation_id, number] { load_until(conversation_id, number, kMaxPagesToFind); });
}

// --- the URL ----------------------------------------------------------------------------------------

std::string MessagingModule::route() const {
    const AppState& s = ctx_.state;
    if (!s.user || s.tab != Tab::messages) return {};
    if (s.messaging.open) return std::string(kRoute) + "/" + std::to_string(*s.messaging.open);
    return std::string(kRoute);
}

void MessagingModule::follow(const std::string& route) {
    if (!has_messages() || route.rfind(kRoute, 0) != 0) return;
    if (auto id = route_number(route, kRoute)) {
        if (state().messaging.open != id) open(*id);
    } else if (route == kRoute) {
        close();
    }
}

}  // namespace app
