// What a person does with messages. The composer's and the search box's text are already in the
// state (MessagingState), so submit actions carry no payload.
#pragma once
#include <cstdint>
#include <string>
#include <variant>

namespace app {

struct LoadConversations {};
struct OpenConversation {  // a conversation of the list (or a link): its thread on screen
    std::int64_t conversation_id;
};
struct MessageWith {  // the "Message" buttons: the conversation with this person, made on first use
    std::int64_t user_id;
};
struct CloseConversation {};  // back to the list (phones)
struct ComposerEdited {       // the draft of the open thread changed: maybe tell them "typing"
    std::int64_t conversation_id;
};
struct SendDraft {
    std::int64_t conversation_id;
};
struct LoadOlderMessages {
    std::int64_t conversation_id;
};
struct MessagesSeen {  // the thread showed messages up to this number on screen
    std::int64_t conversation_id;
    std::int64_t up_to;
};
struct StartEdit {
    std::int64_t conversation_id;
    std::int64_t message_id;
};
struct SubmitEdit {
    std::int64_t conversation_id;
};
struct CancelEdit {
    std::int64_t conversation_id;
};
struct AskDelete {
    std::int64_t conversation_id;
    std::int64_t message_id;
};
struct ConfirmDelete {
    std::int64_t conversation_id;
};
struct CancelDelete {
    std::int64_t conversation_id;
};
struct SubmitSearch {};
struct ClearSearch {};
struct OpenSearchHit {
    std::int64_t conversation_id;
    std::int64_t number;
};
struct OpenLink {  // a web link inside a message (core::messaging::find_links)
    std::string url;
};
// --- attachments (AttachmentsModule)
struct PickAttachment {  // the composer's Attach button: the file chooser opens in this same frame
    std::int64_t conversation_id;
};
struct DismissUpload {  // a refused upload's line goes away
    int local_id;
};
struct ViewAttachment {  // an image full size (an overlay); a PDF downloads
    std::int64_t attachment_id;
};
struct CloseAttachmentView {};
using AttachmentsAction = std::variant<PickAttachment, DismissUpload, ViewAttachment, CloseAttachmentView>;

using MessagingAction = std::variant<LoadConversations, OpenConversation, MessageWith, CloseConversation, ComposerEdited, SendDraft,
                                     LoadOlderMessages, MessagesSeen, StartEdit, SubmitEdit, CancelEdit, AskDelete, ConfirmDelete,
                                     CancelDelete, SubmitSearch, ClearSearch, OpenSearchHit, OpenLink>;

}  // namespace app
