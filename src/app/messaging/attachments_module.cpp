#include "app/messaging/attachments_module.h"

#include <algorithm>

#include "core/crypto/base64.h"
#include "core/messaging/attachment_rules.h"
#include "platform/files.h"
#include "platform/frame.h"

namespace app {

namespace msg = core::msg;

namespace {

constexpr int kParallelFetches = 2;
// Files over this are not read whole: the server refuses them by their announced size (10 MB).
constexpr std::int64_t kReadLimit = 10LL * 1024 * 1024;

bool is_image(core::AttachmentKind k) { return k != core::AttachmentKind::pdf; }

}  // namespace

AttachmentsModule::AttachmentsModule(Context& ctx) : FeatureModule(ctx) {}

void AttachmentsModule::apply(const AttachmentsAction& action) {
    AttachmentsState& f = state().messaging.files;
    std::visit(overloaded{
                   [this](const PickAttachment& a) {
                       picking_for_ = a.conversation_id;
                       platform::files::open_picker();  // in the click's frame: the browser allows it
                   },
                   [&f](const DismissUpload& a) {
                       std::erase_if(f.uploads, [&](const Upload& u) { return u.local_id == a.local_id && u.stage == UploadStage::refused; });
                   },
                   [this](const ViewAttachment& a) { view(a.attachment_id); },
                   [&f](const CloseAttachmentView&) { f.viewing.reset(); },
               },
               action);
}

void AttachmentsModule::on_signed_in() {
    platform::files::set_read_limit(kReadLimit);
    platform::files::enable_drop();
    // After a reconnect: what was under way goes on (a piece sent twice, or the message, is answered
    // with what the server already has).
    for (Upload& u : state().messaging.files.uploads) {
        u.in_flight = false;
        if (u.stage != UploadStage::refused) advance(u.local_id);
    }
}

void AttachmentsModule::on_signed_out() {
    for (const auto& [id, handle] : handles_) platform::images::release(handle);
    handles_.clear();
    decoding_.clear();
    fetching_ = 0;
    picking_for_ = 0;
    state().messaging.files = AttachmentsState{};
}

void AttachmentsModule::tick(double) {
    if (!state().user) return;
    // Files the person chose or dropped go to the conversation whose Attach was pressed, or the open one.
    while (auto picked = platform::files::take()) {
        const std::int64_t to = picking_for_ ? picking_for_ : state().messaging.open.value_or(0);
        if (!to) {
            ctx_.notify(Notice::Kind::error, "Open a conversation first, then drop the file on it.");
            continue;
        }
        start_upload(to, std::move(picked->name), picked->size, std::move(picked->bytes));
    }
    // Decoded images become textures.
    AttachmentsState& f = state().messaging.files;
    for (auto it = decoding_.begin(); it != decoding_.end();) {
        const platform::images::ImageState s = platform::images::state(it->second);
        AttachmentImage& img = f.images[it->first];
        if (s.failed) {
            img.stage = ImageStage::failed;
            it = decoding_.erase(it);
        } else if (s.texture) {
            img = {ImageStage::ready, s.texture, s.width, s.height};
            it = decoding_.erase(it);
        } else {
            ++it;
        }
    }
    load_images();
}

// --- uploading ------------------------------------------------------------------------------------

Upload* AttachmentsModule::upload(int local_id) {
    for (Upload& u : state().messaging.files.uploads)
        if (u.local_id == local_id) return &u;
    return nullptr;
}

void AttachmentsModule::start_upload(std::int64_t conversation_id, std::string name, std::int64_t size, std::string bytes) {
    Upload u;
    u.local_id = next_local_++;
    u.conversation_id = conversation_id;
    u.name = core::clean_attachment_name(name);
    u.size = size;
    u.bytes = std::move(bytes);
    u.client_message_id = new_client_message_id();
    state().messaging.files.uploads.push_back(std::move(u));
    advance(state().messaging.files.uploads.back().local_id);
}

void AttachmentsModule::refuse(int local_id, const std::string& why) {
    Upload* u = upload(local_id);
    if (!u) return;
    u->stage = UploadStage::refused;
    u->error = why;
    u->in_flight = false;
    u->bytes.clear();
    u->bytes.shrink_to_fit();
}

// One request at a time per upload: begin, then each piece in order, then the message.
void AttachmentsModule::advance(int local_id) {
    Upload* u = upload(local_id);
    if (!u || u->in_flight || u->stage == UploadStage::refused || !client().online()) return;
    u->in_flight = true;
    // A failure that is only the connection keeps the upload for the next sign-in; anything else is the
    // server's refusal, shown in the thread (never a toast alone).
    auto on_error = [this, local_id](const core::Error& e) {
        Upload* u = upload(local_id);
        if (!u) return true;
        if (e.code == core::ErrorCode::offline) {
            u->in_flight = false;
            return true;
        }
        refuse(local_id, e.message);
        return true;
    };
    if (u->attachment_id == 0) {
        client().call(
            msg::BeginAttachment{u->conversation_id, u->name, u->size},
            [this, local_id](msg::AttachmentUpload& r) {
                Upload* u = upload(local_id);
                if (!u) return;
                u->in_flight = false;
                u->attachment_id = r.attachment_id;
                u->chunk_bytes = std::max<std::int64_t>(1, r.chunk_bytes);
                u->name = r.name;
                advance(local_id);
            },
            on_error);
        return;
    }
    if (u->sent < u->size) {
        const std::int64_t seq = u->sent / u->chunk_bytes;
        const std::int64_t from = seq * u->chunk_bytes;
        const std::string piece = u->bytes.substr(std::size_t(from), std::size_t(u->chunk_bytes));
        client().call(
            msg::SendAttachmentChunk{u->attachment_id, seq, core::base64_encode(piece)},
            [this, local_id, from, n = std::int64_t(piece.size())](msg::AttachmentChunkStored&) {
                Upload* u = upload(local_id);
                if (!u) return;
                u->in_flight = false;
                u->sent = std::max(u->sent, from + n);
                platform::request_frame();
                advance(local_id);
            },
            on_error);
        return;
    }
    u->stage = UploadStage::sending;
    client().call(
        msg::SendMessage{u->conversation_id, u->client_message_id, "", std::nullopt, u->attachment_id},
        [this, local_id](msg::MessageReply& r) {
            MessagingState& s = state().messaging;
            merge_message(s.threads[r.message.conversation_id], r.message);
            note_last_message(s, r.message);
            std::erase_if(s.files.uploads, [&](const Upload& u) { return u.local_id == local_id; });
        },
        on_error);
}

// --- fetching and showing -------------------------------------------------------------------------

const msg::AttachmentInfo* AttachmentsModule::find_info(std::int64_t attachment_id) const {
    for (const auto& [cid, t] : ctx_.state.messaging.threads)
        for (const auto& [n, m] : t.messages)
            if (m.attachment && m.attachment->id == attachment_id) return &*m.attachment;
    return nullptr;
}

// The open thread's images, newest first, a couple at a time.
void AttachmentsModule::load_images() {
    MessagingState& s = state().messaging;
    if (!s.open || !client().online()) return;
    auto it = s.threads.find(*s.open);
    if (it == s.threads.end()) return;
    for (auto m = it->second.messages.rbegin(); m != it->second.messages.rend() && fetching_ < kParallelFetches; ++m) {
        if (!m->second.attachment || m->second.deleted || !is_image(m->second.attachment->kind)) continue;
        const std::int64_t id = m->second.attachment->id;
        if (s.files.images.count(id)) continue;
        s.files.images[id] = AttachmentImage{};
        ++fetching_;
        fetch(
            id,
            [this, id](std::string bytes, std::string mime) {
                --fetching_;
                const int handle = platform::images::decode(bytes, mime);
                handles_[id] = handle;
                decoding_[id] = handle;
                platform::request_frame();
            },
            [this, id](const core::Error&) {
                --fetching_;
                state().messaging.files.images[id].stage = ImageStage::failed;
            });
    }
}

void AttachmentsModule::fetch(std::int64_t attachment_id, std::function<void(std::string, std::string)> done,
                              std::function<void(const core::Error&)> failed) {
    client().call(
        msg::OpenAttachment{attachment_id},
        [this, attachment_id, done, failed](msg::AttachmentLinkInfo& link) {
            read_from(attachment_id, link.token, {}, done, failed);
        },
        [failed](const core::Error& e) {
            failed(e);
            return true;
        });
}

// attachment_data from the bytes held so far until the server says done.
void AttachmentsModule::read_from(std::int64_t attachment_id, std::string token, std::string bytes,
                                  std::function<void(std::string, std::string)> done,
                                  std::function<void(const core::Error&)> failed) {
    const std::int64_t offset = std::int64_t(bytes.size());
    client().call(
        msg::ReadAttachment{attachment_id, token, offset},
        [this, attachment_id, token, bytes = std::move(bytes), done, failed](msg::AttachmentBytes& r) mutable {
            auto piece = core::base64_decode(r.data);
            if (!piece || (piece->empty() && !r.done)) return failed(core::Error::of(core::ErrorCode::internal, "The file arrived damaged."));
            bytes += *piece;
            if (r.done || std::int64_t(bytes.size()) >= r.bytes) return done(std::move(bytes), r.mime_type);
            read_from(attachment_id, std::move(token), std::move(bytes), done, failed);
        },
        [failed](const core::Error& e) {
            failed(e);
            return true;
        });
}

void AttachmentsModule::view(std::int64_t attachment_id) {
    const msg::AttachmentInfo* info = find_info(attachment_id);
    if (!info) return;
    AttachmentsState& f = state().messaging.files;
    if (is_image(info->kind)) {
        f.viewing = *info;
        return;
    }
    // A PDF: fetched through its link and handed to the browser's download.
    if (f.downloading) return;
    f.downloading = attachment_id;
    const std::string name = info->name;
    fetch(
        attachment_id,
        [this, name](std::string bytes, std::string mime) {
            state().messaging.files.downloading.reset();
            if (ctx_.env.download) ctx_.env.download(name, mime, bytes);
            ctx_.notify(Notice::Kind::success, "Downloaded " + name + ".");
        },
        [this](const core::Error& e) {
            state().messaging.files.downloading.reset();
            ctx_.notify(Notice::Kind::error, e.message);
        });
}

}  // namespace app
