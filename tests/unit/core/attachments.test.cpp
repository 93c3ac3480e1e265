// Attachments through MessagingService (over the composition root and the memory store): upload in
// chunks, refusals that store nothing (too large, mistyped, lying about the size, malformed JPEG),
// sending keeps the messaging guarantees (numbering, client id idempotency, events, unread), the JPEG
// kept is stripped, links are signed, short-lived and bound to their viewer, every open is logged,
// strangers get not_found, abandoned uploads are swept.
#include <catch2/catch.hpp>

#include "../../support/test_files.h"
#include "confirmed_visit.h"
#include "core/messaging/attachment_rules.h"
#include "core/messaging/messages.h"
#include "events.h"

using namespace core;
using namespace std::chrono_literals;
using test_events::events_of;

namespace {

struct Files : test_scene::ConfirmedVisit {
    ConversationId conversation = 0;
    int sent = 0;

    Files() : ConfirmedVisit("UTC") {
        auto me = *store.transact([&](Transaction& tx) { return tx.accounts().find_user(patient); }).value;
        auto v = messaging().open(me, doctor);
        REQUIRE(v);
        conversation = v->conversation.id;
    }
    MessagingService& messaging() { return services.messaging; }

    // Uploads `bytes` in policy-sized chunks; returns the attachment id.
    AttachmentId upload(const std::string& bytes, UserId who = 0, const std::string& name = "photo.jpg") {
        auto begun = messaging().begin_upload(who ? who : patient, conversation, name, std::int64_t(bytes.size()));
        REQUIRE(begun);
        const std::size_t step = messaging().policy().attachment_chunk_bytes;
        std::int64_t seq = 0;
        for (std::size_t at = 0; at < bytes.size(); at += step, ++seq) {
            auto r = messaging().append_upload(who ? who : patient, begun->id, seq, bytes.substr(at, step));
            REQUIRE(r);
        }
        return begun->id;
    }
    Result<Posted> send_with(AttachmentId id, const std::string& client_id, const std::string& text = "") {
        return messaging().send(patient, conversation, client_id, text, std::nullopt, fx, id);
    }
    std::optional<Attachment> find(AttachmentId id) {
        return store.transact([&](Transaction& tx) { return tx.messaging().find_attachment(id); }).value;
    }
    std::string stored_bytes(AttachmentId id) {
        auto a = find(id);
        REQUIRE(a);
        return messaging().read_attachment(id, 0, a->bytes);
    }
    std::vector<AttachmentAccess> log(AttachmentId id) {
        return store.transact([&](Transaction& tx) { return tx.messaging().attachment_accesses(id); }).value;
    }
};

bool contains(std::string_view hay, std::string_view needle) { return hay.find(needle) != std::string_view::npos; }

}  // namespace

TEST_CASE("[core] attachments: a photo with EXIF is sent, stripped, numbered and announced", "[core][messaging][attachments]") {
    Files f;
    f.messaging().send(f.patient, f.conversation, "first", "Hello", std::nullopt, f.fx);
    const std::string photo = test_files::jpeg_with_exif();
    const AttachmentId id = f.upload(photo, 0, "IMG_2024 rash.jpg");
    f.fx = {};
    auto posted = f.send_with(id, "photo-1");
    REQUIRE(posted);
    CHECK(posted->message.number == 2);
    REQUIRE(posted->message.attachment);
    CHECK(posted->message.attachment->kind == AttachmentKind::jpeg);
    CHECK(posted->message.attachment->name == "IMG_2024 rash.jpg");

    const std::string kept = f.stored_bytes(id);
    CHECK(kept == *strip_jpeg_metadata(photo));
    CHECK_FALSE(contains(kept, test_files::kGpsMarker));
    CHECK_FALSE(contains(kept, "Exif"));
    CHECK(posted->message.attachment->bytes == std::int64_t(kept.size()));

    // Both members hear message.created with the attachment; the doctor's unread count moves.
    auto created = events_of<msg::MessageCreated>(f.fx);
    REQUIRE(created.size() == 2);
    REQUIRE(created[0].message.attachment);
    CHECK(created[0].message.attachment->mime_type == "image/jpeg");
    CHECK(created[0].message.attachment->id == id);
    CHECK(events_of<msg::UnreadChanged>(f.fx).size() == 1);

    SECTION("a repeat of the client id returns the first message, unchanged, announcing nothing") {
        f.fx = {};
        auto again = f.send_with(id, "photo-1");
        REQUIRE(again);
        CHECK(again->message.id == posted->message.id);
        CHECK(again->message.attachment->id == id);
        CHECK(f.fx.deliveries.empty());
    }
    SECTION("the same upload cannot be attached twice") {
        auto twice = f.send_with(id, "photo-2");
        REQUIRE_FALSE(twice);
        CHECK(twice.error().code == ErrorCode::invalid_transition);
    }
    SECTION("history carries the attachment; a deleted message no longer shows or serves it") {
        auto page = f.messaging().history(f.doctor, f.conversation, std::nullopt, 50);
        REQUIRE(page);
        REQUIRE(page->messages.back().attachment);
        REQUIRE(f.messaging().remove(f.patient, posted->message.id, f.fx));
        auto after = f.messaging().history(f.doctor, f.conversation, std::nullopt, 50);
        REQUIRE(after);
        CHECK_FALSE(msg::MessageInfo::of(after->messages.back()).attachment);
        auto link = f.messaging().attachment_link(f.doctor, id);
        REQUIRE_FALSE(link);
        CHECK(link.error().code == ErrorCode::not_found);
    }
}

TEST_CASE("[core] attachments: PNG, WebP and PDF are kept byte for byte; text is optional", "[core][messaging][attachments]") {
    Files f;
    int n = 0;
    for (const std::string& bytes : {test_files::tiny_png(), test_files::tiny_webp(), test_files::tiny_pdf()}) {
        const AttachmentId id = f.upload(bytes, 0, "file");
        ++n;
        auto posted = f.send_with(id, "f" + std::to_string(n), n == 3 ? "Here are my results" : "");
        REQUIRE(posted);
        CHECK(f.stored_bytes(id) == bytes);
    }
    SECTION("a blank text without a file is still refused") {
        auto r = f.messaging().send(f.patient, f.conversation, "blank", "  ", std::nullopt, f.fx);
        REQUIRE_FALSE(r);
        CHECK(r.error().code == ErrorCode::invalid_field);
    }
}

TEST_CASE("[core] attachments: refusals store nothing", "[core][messaging][attachments]") {
    Files f;
    const auto uploads = [&] {
        return f.store.transact([&](Transaction& tx) { return tx.messaging().uploads_idle_since(f.clock.now() + 1h); }).value;
    };
    SECTION("over 10 MB is refused at begin") {
        auto r = f.messaging().begin_upload(f.patient, f.conversation, "big.jpg", 10LL * 1024 * 1024 + 1);
        REQUIRE_FALSE(r);
        CHECK(r.error().code == ErrorCode::attachment_too_large);
        CHECK(r.error().message.starts_with("This file is 10.1 MB; files up to 10 MB can be sent."));
        CHECK(uploads().empty());
        CHECK_FALSE(f.messaging().begin_upload(f.patient, f.conversation, "empty.jpg", 0));
    }
    SECTION("more bytes than announced: refused and deleted") {
        auto begun = f.messaging().begin_upload(f.patient, f.conversation, "liar.jpg", 10);
        REQUIRE(begun);
        auto r = f.messaging().append_upload(f.patient, begun->id, 0, test_files::plain_jpeg().substr(0, 20));
        REQUIRE_FALSE(r);
        CHECK(r.error().code == ErrorCode::attachment_too_large);
        CHECK_FALSE(f.find(begun->id));
    }
    SECTION("a mistyped file is refused at its first piece, with the sentence") {
        const std::string gif = "GIF89a\x01\x00\x01\x00\x80\x00\x00";
        auto begun = f.messaging().begin_upload(f.patient, f.conversation, "rash.jpg", std::int64_t(gif.size()));
        REQUIRE(begun);
        auto r = f.messaging().append_upload(f.patient, begun->id, 0, gif);
        REQUIRE_FALSE(r);
        CHECK(r.error().code == ErrorCode::attachment_unsupported);
        CHECK(r.error().message == "This file is a GIF image; you can send photos (JPEG, PNG, WebP) or PDF documents up to 10 MB.");
        CHECK_FALSE(f.find(begun->id));
        CHECK(uploads().empty());
    }
    SECTION("a malformed JPEG is refused when sent; no message, nothing kept") {
        const std::string broken = test_files::jpeg_with_exif().substr(0, 600);
        const AttachmentId id = f.upload(broken);
        auto r = f.send_with(id, "broken");
        REQUIRE_FALSE(r);
        CHECK(r.error().code == ErrorCode::attachment_unsupported);
        CHECK_FALSE(f.find(id));
        auto page = f.messaging().history(f.patient, f.conversation, std::nullopt, 50);
        CHECK(page->messages.empty());
    }
    SECTION("pieces out of order, and a send before the last piece") {
        const std::string photo = test_files::plain_jpeg();
        auto begun = f.messaging().begin_upload(f.patient, f.conversation, "p.jpg", std::int64_t(photo.size()));
        REQUIRE(begun);
        auto gap = f.messaging().append_upload(f.patient, begun->id, 1, photo.substr(0, 100));
        REQUIRE_FALSE(gap);
        CHECK(gap.error().code == ErrorCode::attachment_incomplete);
        REQUIRE(f.messaging().append_upload(f.patient, begun->id, 0, photo.substr(0, 100)));
        auto dup = f.messaging().append_upload(f.patient, begun->id, 0, photo.substr(0, 100));
        REQUIRE(dup);
        CHECK(dup->duplicate);
        auto early = f.send_with(begun->id, "early");
        REQUIRE_FALSE(early);
        CHECK(early.error().code == ErrorCode::attachment_incomplete);
        CHECK(f.find(begun->id));  // kept: the rest may still come
    }
}

TEST_CASE("[core] attachments: strangers get not_found", "[core][messaging][attachments]") {
    Files f;
    const AttachmentId id = f.upload(test_files::plain_jpeg());
    auto begin = f.messaging().begin_upload(f.stranger, f.conversation, "x.jpg", 10);
    REQUIRE_FALSE(begin);
    CHECK(begin.error().code == ErrorCode::not_found);
    auto chunk = f.messaging().append_upload(f.stranger, id, 0, "x");
    REQUIRE_FALSE(chunk);
    CHECK(chunk.error().code == ErrorCode::not_found);
    // The doctor may not add to the patient's upload, nor send it.
    CHECK(f.messaging().append_upload(f.doctor, id, 1, "x").error().code == ErrorCode::not_found);
    auto theirs = f.messaging().send(f.doctor, f.conversation, "d1", "", std::nullopt, f.fx, id);
    REQUIRE_FALSE(theirs);
    CHECK(theirs.error().code == ErrorCode::not_found);
    REQUIRE(f.send_with(id, "mine"));
    CHECK(f.messaging().attachment_link(f.stranger, id).error().code == ErrorCode::not_found);
    CHECK(f.messaging().attachment_link(f.stranger, id + 999).error().code == ErrorCode::not_found);
}

TEST_CASE("[core] attachments: links are signed, short-lived, bound to their viewer, and logged", "[core][messaging][attachments]") {
    Files f;
    const AttachmentId id = f.upload(test_files::jpeg_with_exif());
    REQUIRE(f.send_with(id, "p"));
    auto link = f.messaging().attachment_link(f.doctor, id);
    REQUIRE(link);
    CHECK(link->url == "/attachments/" + std::to_string(id) + "?token=" + link->token);
    CHECK(link->expires_at == f.clock.now() + f.messaging().policy().attachment_link_ttl);

    auto opened = f.messaging().redeem_attachment(link->token, id);
    REQUIRE(opened);
    CHECK(opened->user == f.doctor);
    CHECK(opened->first_use);
    auto again = f.messaging().redeem_attachment(link->token, id);
    REQUIRE(again);
    CHECK_FALSE(again->first_use);  // one log row per link
    auto rows = f.log(id);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].user_id == f.doctor);
    CHECK(rows[0].at == f.clock.now());

    SECTION("a changed token (another viewer's id, another file) is refused") {
        std::string forged = link->token;
        const auto dot = forged.find('.');
        forged.replace(dot + 1, std::to_string(f.doctor).size(), std::to_string(f.stranger));
        CHECK(f.messaging().redeem_attachment(forged, id).error().code == ErrorCode::forbidden);
        CHECK(f.messaging().redeem_attachment(link->token, id + 1).error().code == ErrorCode::forbidden);
        CHECK(f.messaging().redeem_attachment("", id).error().code == ErrorCode::forbidden);
        CHECK(f.messaging().redeem_attachment(link->token.substr(0, link->token.size() - 2), id).error().code == ErrorCode::forbidden);
    }
    SECTION("it expires") {
        f.clock.advance(f.messaging().policy().attachment_link_ttl + 1s);
        auto late = f.messaging().redeem_attachment(link->token, id);
        REQUIRE_FALSE(late);
        CHECK(late.error().message.find("expired") != std::string::npos);
    }
    // Found by the authorization matrix: someone else's fresh link presented over the protocol
    // (attachment_data) was refused only after its opening had been logged in the owner's name.
    SECTION("someone else's link presented by a signed-in person is refused and logs nothing") {
        auto fresh = f.messaging().attachment_link(f.patient, id);
        REQUIRE(fresh);
        CHECK(f.messaging().redeem_attachment(fresh->token, id, f.stranger).error().code == ErrorCode::forbidden);
        CHECK(f.messaging().redeem_attachment(fresh->token, id, f.doctor).error().code == ErrorCode::forbidden);
        CHECK(f.log(id).size() == 1);  // the doctor's own opening above, nothing in the patient's name
        REQUIRE(f.messaging().redeem_attachment(fresh->token, id, f.patient));
        CHECK(f.log(id).size() == 2);
    }
    SECTION("the patient's own link logs the patient") {
        auto mine = f.messaging().attachment_link(f.patient, id);
        REQUIRE(mine);
        REQUIRE(f.messaging().redeem_attachment(mine->token, id));
        auto both = f.log(id);
        REQUIRE(both.size() == 2);
        CHECK(both[1].user_id == f.patient);
    }
}

TEST_CASE("[core] attachments: abandoned uploads are swept", "[core][messaging][attachments]") {
    Files f;
    const std::string photo = test_files::plain_jpeg();
    auto begun = f.messaging().begin_upload(f.patient, f.conversation, "p.jpg", std::int64_t(photo.size()));
    REQUIRE(begun);
    REQUIRE(f.messaging().append_upload(f.patient, begun->id, 0, photo.substr(0, 100)));
    const AttachmentId sent = f.upload(photo);
    REQUIRE(f.send_with(sent, "kept"));
    f.clock.advance(f.messaging().policy().upload_abandoned_after - 1s);
    CHECK(f.messaging().sweep_uploads() == 0);
    f.clock.advance(2s);
    CHECK(f.messaging().sweep_uploads() == 1);
    CHECK_FALSE(f.find(begun->id));
    CHECK(f.find(sent));  // attached files stay with their message
}
