// Attachments over the real server and real sockets: a patient uploads a JPEG carrying EXIF GPS in
// pieces and sends it; the doctor's socket hears the message with its attachment; the file fetched back
// over HTTP through a signed link has no EXIF; an oversized and a mistyped upload are refused and
// nothing is kept; a stranger gets not_found; a link works only signed, only for its viewer (over the
// protocol), and not after it expires; every open is in the access log.
#include <catch2/catch.hpp>

#include <thread>

#include "../support/test_files.h"
#include "clinic_flows.h"
#include "conversation_scene.h"
#include "core/crypto/base64.h"

using namespace test;

namespace {

struct Scene : ConversationScene {
    explicit Scene(std::uint16_t p) : ConversationScene(p, "att") {}
    json begin(Person& who, const std::string& name, std::int64_t size) {
        return who.request("attachment_begin", {{"conversation_id", conversation}, {"name", name}, {"size", size}});
    }
    // Begins and sends every piece; returns the last reply (an error reply stops the upload).
    std::pair<std::int64_t, json> upload(Person& who, const std::string& bytes, const std::string& name) {
        const json begun = data_of(begin(who, name, std::int64_t(bytes.size())), "attachment_begin");
        const std::int64_t id = begun["attachment_id"];
        const std::size_t step = begun["chunk_bytes"];
        json last;
        std::int64_t seq = 0;
        for (std::size_t at = 0; at < bytes.size(); at += step, ++seq) {
            last = who.request("attachment_chunk", {{"attachment_id", id}, {"seq", seq},
                                                    {"data", core::base64_encode(bytes.substr(at, step))}});
            if (!last.value("ok", false)) break;
        }
        return {id, last};
    }
    json send(Person& who, std::int64_t attachment, const std::string& client_id, const std::string& text = "") {
        return who.request("send_message", {{"conversation_id", conversation}, {"client_message_id", client_id},
                                            {"text", text}, {"attachment_id", attachment}});
    }
};

bool contains(const std::string& hay, std::string_view needle) { return hay.find(needle) != std::string::npos; }

}  // namespace

TEST_CASE("[server] attachments: a photo with EXIF goes up in pieces and comes back without it", "[server][attachments]") {
    Scene s(shared_server().port());
    // A photo big enough for several pieces: the EXIF photo with a long comment segment (stripped too).
    std::string photo = test_files::jpeg_with_exif();
    photo.insert(2, test_files::segment(0xFE, std::string(60000, 'c')) + test_files::segment(0xFE, std::string(60000, 'd')));
    REQUIRE(photo.size() > 120000);
    auto [id, last] = s.upload(s.patient, photo, "IMG_0042.jpg");
    REQUIRE(last.value("ok", false));
    CHECK(last["data"]["bytes"] == photo.size());

    const json sent = data_of(s.send(s.patient, id, "photo-1", "This is the rash"), "send_message")["message"];
    REQUIRE(sent.contains("attachment"));
    CHECK(sent["attachment"]["id"] == id);
    CHECK(sent["attachment"]["kind"] == "jpeg");
    CHECK(sent["attachment"]["mime_type"] == "image/jpeg");
    CHECK(sent["attachment"]["name"] == "IMG_0042.jpg");
    CHECK(sent["attachment"]["bytes"].get<std::size_t>() < photo.size());

    // The doctor's socket hears it with the attachment.
    const json event = s.doctor.ws->await_event("message.created");
    CHECK(event["data"]["message"]["attachment"]["id"] == id);
    // A repeat of the client id answers with the same message.
    CHECK(data_of(s.send(s.patient, id, "photo-1", "This is the rash"), "send_message")["message"]["id"] == sent["id"]);

    // The doctor opens it: a signed link, served over HTTP without any EXIF, logged under the doctor.
    const json link = data_of(s.doctor.request("attachment_link", {{"attachment_id", id}}), "attachment_link");
    const std::string url = link["url"];
    const auto file = http_get(s.port, url);
    REQUIRE(file.status == 200);
    CHECK(file.header("content-type") == "image/jpeg");
    CHECK(file.header("cache-control") == "no-store");
    CHECK(contains(file.header("content-disposition"), "IMG_0042.jpg"));
    CHECK(file.body.size() == sent["attachment"]["bytes"].get<std::size_t>());
    CHECK(file.body.starts_with("\xFF\xD8\xFF\xE0"));
    CHECK_FALSE(contains(file.body, "Exif"));
    CHECK_FALSE(contains(file.body, test_files::kGpsMarker));
    CHECK_FALSE(contains(file.body, "ccccccccccccccc"));
    CHECK(file.body.ends_with("\xFF\xD9"));
    // The same bytes over the protocol (what the offline demo uses) for the viewer the link names.
    const json piece = data_of(s.doctor.request("attachment_data", {{"attachment_id", id}, {"token", link["token"]}, {"offset", 0}}),
                               "attachment_data");
    CHECK(core::base64_decode(piece["data"].get<std::string>()).value() == file.body.substr(0, 40 * 1024));
    // The server's log names who opened it, and never the token.
    CHECK(contains(shared_server().log(), "attachment opened"));
    CHECK_FALSE(contains(shared_server().log(), link["token"].get<std::string>()));
}

TEST_CASE("[server] attachments: oversized and mistyped uploads are refused, nothing kept", "[server][attachments]") {
    Scene s(shared_server().port());
    const json big = s.begin(s.patient, "scan.pdf", 10LL * 1024 * 1024 + 1);
    CHECK(error_code(big) == "attachment_too_large");
    CHECK(big["error"]["message"].get<std::string>().starts_with("This file is 10.1 MB"));

    // A GIF named .jpg: refused at its first piece, with the sentence; the id is gone.
    const std::string gif = std::string("GIF89a\x01\x00\x01\x00\x80\x00\x00", 13) + std::string(100, '\0');
    auto [gif_id, refused] = s.upload(s.patient, gif, "rash.jpg");
    CHECK(error_code(refused) == "attachment_unsupported");
    CHECK(refused["error"]["message"] ==
          "This file is a GIF image; you can send photos (JPEG, PNG, WebP) or PDF documents up to 10 MB.");
    CHECK(error_code(s.send(s.patient, gif_id, "gif-1")) == "not_found");

    // A file larger than it announced.
    const json begun = data_of(s.begin(s.patient, "small.png", 10), "attachment_begin");
    const json over = s.patient.request("attachment_chunk", {{"attachment_id", begun["attachment_id"]}, {"seq", 0},
                                                             {"data", core::base64_encode(test_files::tiny_png())}});
    CHECK(error_code(over) == "attachment_too_large");

    // A truncated JPEG passes the first piece (it starts like a JPEG) but is refused when sent.
    auto [broken_id, ok] = s.upload(s.patient, test_files::jpeg_with_exif().substr(0, 500), "cut.jpg");
    REQUIRE(ok.value("ok", false));
    CHECK(error_code(s.send(s.patient, broken_id, "cut-1")) == "attachment_unsupported");
    // No message was written by any of this.
    const json page = data_of(s.patient.request("conversation_history", {{"conversation_id", s.conversation}}), "history");
    CHECK(page["messages"].empty());
    // Bad input: a piece that is not base64, an unknown field type.
    CHECK(error_code(s.patient.request("attachment_chunk", {{"attachment_id", 1}, {"seq", 0}, {"data", "***"}})) == "invalid_field");
    CHECK(error_code(s.patient.request("attachment_begin", {{"conversation_id", s.conversation}, {"name", "x"}, {"size", "big"}})) ==
          "invalid_field");
}

TEST_CASE("[server] attachments: strangers get not_found; links are bound to their viewer", "[server][attachments]") {
    Scene s(shared_server().port());
    auto [id, last] = s.upload(s.patient, test_files::tiny_pdf(), "Befund.pdf");
    REQUIRE(last.value("ok", false));
    data_of(s.send(s.patient, id, "pdf-1", "My results"), "send_message");

    CHECK(error_code(s.begin(s.stranger, "x.pdf", 100)) == "not_found");
    CHECK(error_code(s.stranger.request("attachment_link", {{"attachment_id", id}})) == "not_found");
    CHECK(error_code(s.stranger.request("attachment_link", {{"attachment_id", id + 100000}})) == "not_found");
    CHECK(error_code(s.stranger.request("attachment_chunk", {{"attachment_id", id}, {"seq", 1}, {"data", "AAAA"}})) == "not_found");

    const json link = data_of(s.doctor.request("attachment_link", {{"attachment_id", id}}), "attachment_link");
    CHECK(link["attachment"]["mime_type"] == "application/pdf");
    // Over the protocol, only the person the link was made for may use it.
    CHECK(error_code(s.stranger.request("attachment_data", {{"attachment_id", id}, {"token", link["token"]}, {"offset", 0}})) ==
          "forbidden");
    CHECK(error_code(s.patient.request("attachment_data", {{"attachment_id", id}, {"token", link["token"]}, {"offset", 0}})) ==
          "forbidden");
    // Unsigned or altered links are refused over HTTP.
    const std::string url = link["url"];
    CHECK(http_get(s.port, "/attachments/" + std::to_string(id)).status == 403);
    std::string forged = url;
    forged[forged.size() - 3] = forged[forged.size() - 3] == 'A' ? 'B' : 'A';
    CHECK(http_get(s.port, forged).status == 403);
    CHECK(http_get(s.port, "/attachments/" + std::to_string(id + 1) + url.substr(url.find('?'))).status == 403);
    const auto pdf = http_get(s.port, url);
    REQUIRE(pdf.status == 200);
    CHECK(pdf.body == test_files::tiny_pdf());
    CHECK(pdf.header("content-type") == "application/pdf");
    CHECK(pdf.header("x-content-type-options") == "nosniff");
}

TEST_CASE("[server] attachments: a link expires", "[server][attachments]") {
    ServerProcess server({"--attachment-link-ttl", "1s"});
    Scene s(server.port());
    auto [id, last] = s.upload(s.patient, test_files::tiny_png(), "a.png");
    REQUIRE(last.value("ok", false));
    data_of(s.send(s.patient, id, "png-1"), "send_message");
    const json link = data_of(s.patient.request("attachment_link", {{"attachment_id", id}}), "attachment_link");
    CHECK(http_get(s.port, link["url"]).status == 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    const auto late = http_get(s.port, link["url"]);
    CHECK(late.status == 403);
    CHECK(contains(late.body, "expired"));
}
