// MessagingService's attachments: the upload in chunks, the check when it is sent (service.cpp's send
// calls check_upload_for_sending inside its transaction), signed links, reading, and the sweep of
// abandoned uploads. The byte rules (sniffing, JPEG stripping) are in attachment_rules.h.
#include <algorithm>

#include "core/crypto/base64.h"
#include "core/crypto/link_token.h"
#include "core/crypto/random.h"
#include "core/crypto/sha256.h"
#include "core/messaging/attachment_rules.h"
#include "core/messaging/rules.h"
#include "core/messaging/service.h"
#include "core/protocol/protocol.h"

namespace core {
namespace {

Error no_such_attachment() { return Error::of(ErrorCode::not_found, "There is no such file."); }

// The sender's own upload in a conversation they are still a member of; strangers (and the other
// member) learn nothing: not_found.
std::optional<Attachment> own_upload(Transaction& tx, UserId uploader, AttachmentId id) {
    auto a = tx.messaging().find_attachment(id);
    if (!a || a->uploader_id != uploader) return std::nullopt;
    auto c = tx.messaging().find_conversation(a->conversation_id);
    if (!c || !c->has_member(uploader)) return std::nullopt;
    return a;
}

// The whole stored file.
std::string read_all(Transaction& tx, const Attachment& a) {
    std::string out;
    out.reserve(std::size_t(a.bytes));
    for (const AttachmentChunk& c : tx.messaging().attachment_chunks(a.id, 0, a.bytes)) out += c.data;
    return out;
}

}  // namespace

Result<Attachment> MessagingService::begin_upload(UserId uploader, ConversationId conversation, const std::string& name,
                                                  std::int64_t size) {
    if (size <= 0) return Error::of(ErrorCode::invalid_field, "This file is empty; choose another one.", "size");
    if (size > policy_.max_attachment_bytes) return attachment_too_large(size, policy_.max_attachment_bytes);
    if (name.size() > 1024) return Error::of(ErrorCode::invalid_field, "The file's name is too long (at most 1024 bytes).", "name");
    const std::string clean = clean_attachment_name(name);
    const Instant now = clock_.now();
    return store_.transact([&](Transaction& tx) -> Result<Attachment> {
                     auto c = tx.messaging().find_conversation(conversation);
                     if (!c || !c->has_member(uploader)) return no_such_conversation();
                     if (!tx.clinic().has_visit_between(c->doctor_id, c->patient_id))
                         return Error::of(ErrorCode::forbidden,
                                          "You can write here again once there is a visit between you and this doctor.");
                     Attachment a;
                     a.conversation_id = c->id;
                     a.uploader_id = uploader;
                     a.name = clean;
                     a.declared_bytes = size;
                     a.created_at = now;
                     a.last_chunk_at = now;
                     a.id = tx.messaging().insert_attachment(a);
                     return a;
                 })
        .value;
}

Result<AttachmentChunkAccepted> MessagingService::append_upload(UserId uploader, AttachmentId id, std::int64_t seq,
                                                                const std::string& bytes) {
    if (seq < 0) return Error::of(ErrorCode::invalid_field, "\"seq\" counts from 0.", "seq");
    if (bytes.empty()) return Error::of(ErrorCode::invalid_field, "\"data\" is empty.", "data");
    if (bytes.size() > policy_.attachment_chunk_bytes)
        return Error::of(ErrorCode::invalid_field,
                         "A piece holds at most " + std::to_string(policy_.attachment_chunk_bytes) + " bytes; split it.", "data");
    const Instant now = clock_.now();
    return store_.transact([&](Transaction& tx) -> Result<AttachmentChunkAccepted> {
                     auto a = own_upload(tx, uploader, id);
                     if (!a) return no_such_attachment();
                     AttachmentChunkAccepted out{seq, a->bytes, false};
                     if (a->status != AttachmentStatus::uploading || seq < a->chunks) {  // a resend: stored already
                         out.duplicate = true;
                         return out;
                     }
                     if (seq > a->chunks)
                         return Error::of(ErrorCode::attachment_incomplete,
                                          "Piece " + std::to_string(seq) + " arrived, but " + std::to_string(a->chunks) +
                                              " is next; send the pieces in order.",
                                          "seq");
                     // Refused as early as the bytes allow; the commit of this transaction deletes the upload.
                     if (seq == 0) {
                         const SniffedType sniffed = sniff_attachment(bytes);
                         if (!sniffed.kind) {
                             tx.messaging().delete_upload(id);
                             return unsupported_attachment(sniffed);
                         }
                     }
                     if (a->bytes + std::int64_t(bytes.size()) > a->declared_bytes) {
                         tx.messaging().delete_upload(id);
                         return Error::of(ErrorCode::attachment_too_large,
                                          "This file is larger than its announced " + std::to_string(a->declared_bytes) +
                                              " bytes; nothing was kept. Choose the file again.");
                     }
                     tx.messaging().insert_attachment_chunk({id, seq, a->bytes, bytes});
                     a->bytes += std::int64_t(bytes.size());
                     a->chunks = seq + 1;
                     a->last_chunk_at = now;
                     tx.messaging().update_attachment(*a);
                     out.bytes = a->bytes;
                     return out;
                 })
        .value;
}

Result<Attachment> MessagingService::check_upload_for_sending(Transaction& tx, UserId sender, const Conversation& c,
                                                              AttachmentId id) {
    auto a = own_upload(tx, sender, id);
    if (!a || a->conversation_id != c.id) return Error::of(ErrorCode::not_found, "There is no such file.", "attachment_id");
    if (a->status != AttachmentStatus::uploading)
        return Error::of(ErrorCode::invalid_transition, "This file was already sent with another message.", "attachment_id");
    if (a->bytes != a->declared_bytes)
        return Error::of(ErrorCode::attachment_incomplete,
                         "Only " + std::to_string(a->bytes) + " of the file's " + std::to_string(a->declared_bytes) +
                             " bytes arrived; send the rest first.",
                         "attachment_id");
    std::string bytes = read_all(tx, *a);
    const SniffedType sniffed = sniff_attachment(bytes);
    if (!sniffed.kind) {
        tx.messaging().delete_upload(id);
        return unsupported_attachment(sniffed);
    }
    if (*sniffed.kind == AttachmentKind::jpeg) {
        auto stripped = strip_jpeg_metadata(bytes);
        if (!stripped) {
            tx.messaging().delete_upload(id);
            return Error::of(ErrorCode::attachment_unsupported,
                             "This photo is damaged or incomplete (not a readable JPEG); nothing was kept. "
                             "You can send photos (JPEG, PNG, WebP) or PDF documents up to 10 MB.");
        }
        // What is kept is the stripped file: the chunks are written again from it.
        tx.messaging().delete_attachment_chunks(id);
        const std::size_t step = policy_.attachment_chunk_bytes;
        std::int64_t seq = 0;
        for (std::size_t at = 0; at < stripped->size(); at += step, ++seq)
            tx.messaging().insert_attachment_chunk({id, seq, std::int64_t(at), stripped->substr(at, step)});
        a->chunks = seq;
        a->bytes = std::int64_t(stripped->size());
    }
    a->kind = *sniffed.kind;
    return *a;
}

std::string MessagingService::sign(std::string_view payload) const { return sign_link(link_key_, payload); }

// A link names the attachment, the viewer it was made for, its expiry and a nonce (the access log's
// token_id), signed with HMAC-SHA256: "<id>.<viewer>.<expires ms>.<nonce>.<mac>".
Result<AttachmentLink> MessagingService::attachment_link(UserId viewer, AttachmentId id) {
    auto found = store_.transact([&](Transaction& tx) -> std::optional<Attachment> {
                           auto a = tx.messaging().find_attachment(id);
                           if (!a || a->status != AttachmentStatus::attached || !a->message_id) return std::nullopt;
                           auto c = tx.messaging().find_conversation(a->conversation_id);
                           auto m = tx.messaging().find_message(*a->message_id);
                           if (!c || !c->has_member(viewer) || !m || m->deleted()) return std::nullopt;
                           return a;
                       })
                     .value;
    if (!found) return no_such_attachment();
    AttachmentLink out;
    out.attachment = *found;
    out.expires_at = clock_.now() + policy_.attachment_link_ttl;
    std::uint8_t nonce[12];
    secure_random_bytes(nonce, sizeof nonce);
    const std::string payload = std::to_string(id) + "." + std::to_string(viewer) + "." +
                                std::to_string(out.expires_at.time_since_epoch().count()) + "." +
                                base64url_encode(nonce, sizeof nonce);
    out.token = payload + "." + sign(payload);
    out.url = "/attachments/" + std::to_string(id) + "?token=" + out.token;
    return out;
}

Result<AttachmentRedeemed> MessagingService::redeem_attachment(const std::string& token, AttachmentId id,
                                                                std::optional<UserId> as) {
    const Error invalid = Error::of(ErrorCode::forbidden, "This file link is not valid. Open the file again from the conversation.");
    const auto parts = split_dots(token);
    if (token.size() > 300 || parts.size() != 5) return invalid;
    const std::string_view payload = std::string_view(token).substr(0, token.size() - parts[4].size() - 1);
    if (!constant_time_equal(sign(payload), parts[4])) return invalid;
    const auto aid = parse_decimal(parts[0]);
    const auto user = parse_decimal(parts[1]);
    const auto expires = parse_decimal(parts[2]);
    if (!aid || !user || !expires || *aid != id || parts[3].empty()) return invalid;
    if (as && *as != *user) return Error::of(ErrorCode::forbidden, "This file link belongs to someone else.");
    const Instant now = clock_.now();
    if (now.time_since_epoch().count() > *expires)
        return Error::of(ErrorCode::forbidden, "This file link has expired. Open the file again from the conversation.");
    return store_.transact([&](Transaction& tx) -> Result<AttachmentRedeemed> {
                     auto a = tx.messaging().find_attachment(id);
                     if (!a || a->status != AttachmentStatus::attached || !a->message_id) return invalid;
                     auto c = tx.messaging().find_conversation(a->conversation_id);
                     auto m = tx.messaging().find_message(*a->message_id);
                     if (!c || !c->has_member(*user) || !m || m->deleted()) return invalid;
                     const bool first_use = tx.messaging().insert_attachment_access({0, id, *user, now, std::string(parts[3])});
                     return AttachmentRedeemed{*a, *user, first_use};
                 })
        .value;
}

std::string MessagingService::read_attachment(AttachmentId id, std::int64_t from, std::int64_t to) {
    if (to <= from) return {};
    return store_.transact([&](Transaction& tx) {
                     std::string out;
                     for (const AttachmentChunk& c : tx.messaging().attachment_chunks(id, from, to)) {
                         const std::int64_t begin = std::max(from, c.offset);
                         const std::int64_t end = std::min(to, c.offset + std::int64_t(c.data.size()));
                         if (begin < end) out.append(c.data, std::size_t(begin - c.offset), std::size_t(end - begin));
                     }
                     return out;
                 })
        .value;
}

int MessagingService::sweep_uploads() {
    const Instant before = clock_.now() - policy_.upload_abandoned_after;
    return store_.transact([&](Transaction& tx) {
                     int n = 0;
                     for (const Attachment& a : tx.messaging().uploads_idle_since(before)) {
                         tx.messaging().delete_upload(a.id);
                         ++n;
                     }
                     return n;
                 })
        .value;
}

}  // namespace core
