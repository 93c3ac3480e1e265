// The messaging slice: the person's conversations (last message, unread count, the other person), per
// open conversation the loaded messages by number, the outbox of messages not yet acknowledged, who is
// typing, and the search. Numbers are the server's (1, 2, 3… per conversation): merging by number is
// what makes a message that arrives twice (reply, event, resync) appear once.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/messaging/messages.h"

namespace app {

// A message the person wrote that the server has not acknowledged yet: shown as "sending…", kept in
// the tab across a reload (MessagingModule's outbox) and sent again on reconnect with the same
// client_message_id, which the server answers with the first result if it already has it.
struct OutgoingMessage {
    std::int64_t conversation_id = 0;
    std::string client_message_id;
    std::string text;
    std::optional<std::int64_t> appointment_id;
    core::Instant written_at{};
    bool in_flight = false;  // a send_message is waiting for its reply (not persisted)

    // Its stored form in the tab (in_flight is not stored: after a reload nothing is in flight).
    template <typename F>
    void fields(F& f) {
        f("conversation_id", conversation_id);
        f("client_message_id", client_message_id);
        f("text", text);
        f.optional("appointment_id", appointment_id);
        f("written_at", written_at);
    }
};

// One conversation's messages as far as they are loaded, and what the screen of it needs.
struct Thread {
    std::map<std::int64_t, core::msg::MessageInfo> messages;  // by number
    bool loaded = false;        // the newest page arrived
    bool loading = false;       // first page or a resync is under way
    bool older_loading = false;
    bool has_older = false;     // messages numbered below the first loaded one exist
    std::string draft;          // the composer
    double their_typing_until_ms = 0;  // "… is typing" until then (6 s after their last typing event)
    double typing_sent_ms = -1e18;     // when this person's last typing went out (at most every 3 s)
    double edited_ms = 0;              // when the draft last changed
    double typing_retry_ms = 0;        // the server held a typing back (its own 3 s): try again then
    std::int64_t revision = 0;         // every edit and deletion up to this revision is in `messages`:
                                       // the changed_since of the next resync (from the server's pages)
    std::int64_t read_sent = 0;        // the highest read receipt sent from this tab
    std::int64_t delivered_sent = 0;
    std::optional<core::Instant> their_read_at;  // when their read receipt moved forward here ("Read 14:02")
    std::optional<std::int64_t> editing;  // message id being edited
    std::string edit_draft;
    std::optional<std::int64_t> confirm_delete;  // message id the person is asked about
    std::optional<std::int64_t> focus_number;    // a search hit to bring into view and mark

    std::int64_t first_number() const { return messages.empty() ? 0 : messages.begin()->first; }
    std::int64_t last_number() const { return messages.empty() ? 0 : messages.rbegin()->first; }
};

// --- attachments (AttachmentsModule) ---------------------------------------------------------------

// A file on its way into a conversation: read from the person's device, announced (attachment_begin),
// sent in pieces, then sent as a message (send_message with attachment_id and its own client id, so a
// repeat after a lost reply returns the first message). Refused ones stay, with the server's sentence,
// until dismissed.
enum class UploadStage { uploading, sending, refused };
struct Upload {
    int local_id = 0;                 // this tab's own number for it
    std::int64_t conversation_id = 0;
    std::string name;
    std::int64_t size = 0;            // the file's size
    std::int64_t sent = 0;            // bytes the server has acknowledged
    UploadStage stage = UploadStage::uploading;
    std::string error;                // refused: why, in the server's words
    std::string client_message_id;
    std::int64_t attachment_id = 0;   // 0 until attachment_begin answered
    std::int64_t chunk_bytes = 0;
    std::string bytes;                // the file, until it is sent (never shown, never stored)
    bool in_flight = false;           // a request of this upload is waiting for its reply

    double progress() const { return size > 0 ? double(sent) / double(size) : 0.0; }
};

// An image attachment as the thread shows it: decoded by the browser into a texture.
enum class ImageStage { loading, ready, failed };
struct AttachmentImage {
    ImageStage stage = ImageStage::loading;
    int texture = 0;  // ImTextureID (a GL texture name) when ready
    int width = 0, height = 0;
};

struct AttachmentsState {
    std::vector<Upload> uploads;                         // oldest first
    std::map<std::int64_t, AttachmentImage> images;      // by attachment id
    std::optional<core::msg::AttachmentInfo> viewing;    // the image open full size (an overlay)
    std::optional<std::int64_t> downloading;             // a PDF being fetched for download
};

struct MessagingState {
    std::vector<core::msg::ConversationInfo> conversations;  // the most recently written first
    bool loading = false;
    bool loaded = false;
    int total_unread = 0;                                    // from the server: every tab agrees
    std::map<std::int64_t, Thread> threads;                  // by conversation id
    std::optional<std::int64_t> open;                        // the conversation on screen
    bool opening = false;                                    // open_conversation with someone is under way
    std::vector<OutgoingMessage> outbox;                     // oldest first
    std::string search;                                      // the search box
    std::string searched;                                    // the query the hits are for
    std::vector<core::msg::SearchHit> hits;
    bool searching = false;
    AttachmentsState files;                                  // uploads, decoded images, the full-size view

    const core::msg::ConversationInfo* conversation(std::int64_t id) const {
        for (const auto& c : conversations)
            if (c.id == id) return &c;
        return nullptr;
    }
    core::msg::ConversationInfo* conversation(std::int64_t id) {
        for (auto& c : conversations)
            if (c.id == id) return &c;
        return nullptr;
    }
};

// --- rules the module and its tests share (messaging_rules.cpp) -------------------------------------

inline constexpr double kTypingSendIntervalMs = 3000;  // send `typing` at most this often
inline constexpr double kTypingShownMs = 6000;         // "… is typing" lasts this long after the last event
inline constexpr double kTypingRetryMs = 1000;         // after the server held one back
inline constexpr int kHistoryPage = 50;

// Puts a message into its thread by number: a repeat replaces (edits, deletions), never doubles.
void merge_message(Thread& thread, const core::msg::MessageInfo& m);
// A message changed while this tab was away (a resync's `changed`): replaces the thread's copy. One the
// thread has not loaded is left out (it comes whole with its page), so the loaded numbers keep no gap.
void merge_changed(Thread& thread, const core::msg::MessageInfo& m);
// Keeps the list entry's last message and order current with a message of that conversation.
void note_last_message(MessagingState& s, const core::msg::MessageInfo& m);
// True while the other member's last typing event is fresh (kTypingShownMs).
bool their_typing(const Thread& thread, double now_ms);
// What the conversations list shows under the other person's name: "typing…" while they type (typing
// set), otherwise the last message: "You: " before one's own, "Message deleted", a file by what it is
// ("Photo: rash.jpg", "PDF: results.pdf", then " · " and the words if any were written).
struct ListPreview {
    std::string text;
    bool typing = false;
};
ListPreview list_preview(const MessagingState& s, const core::msg::ConversationInfo& c, std::int64_t viewer,
                         double now_ms);
// The outbox as text for the tab's storage, and back (entries of other users are dropped on load).
std::string outbox_to_text(std::int64_t user_id, const std::vector<OutgoingMessage>& outbox);
std::vector<OutgoingMessage> outbox_from_text(std::int64_t user_id, const std::string& text);
// A fresh client_message_id: random, 1-64 of [A-Za-z0-9-_.:].
std::string new_client_message_id();

}  // namespace app
