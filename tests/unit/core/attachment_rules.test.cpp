// Attachments' byte rules (core/messaging/attachment_rules.h): the sniffer on real byte prefixes and on
// truncated or garbage input, the refusal sentence, the JPEG metadata stripper on a real JPEG that
// carries EXIF GPS, XMP, a Photoshop IRB and a comment, and on malformed JPEGs; file names.
#include <catch2/catch.hpp>

#include "../../support/test_files.h"
#include "core/messaging/attachment_rules.h"

using namespace core;
using namespace test_files;

namespace {

bool contains(std::string_view hay, std::string_view needle) { return hay.find(needle) != std::string_view::npos; }

// The markers of a JPEG's segments in order, up to and including the first SOS.
std::vector<int> markers_until_scan(std::string_view j) {
    std::vector<int> out;
    std::size_t i = 2;
    while (i + 4 <= j.size()) {
        const int m = static_cast<std::uint8_t>(j[i + 1]);
        out.push_back(m);
        if (m == 0xDA) break;
        i += 2 + ((std::size_t(std::uint8_t(j[i + 2])) << 8) | std::uint8_t(j[i + 3]));
    }
    return out;
}

}  // namespace

TEST_CASE("[core] attachments: the type comes from the bytes", "[core][messaging][attachments]") {
    SECTION("the four kinds that may be sent") {
        CHECK(sniff_attachment(plain_jpeg()).kind == AttachmentKind::jpeg);
        CHECK(sniff_attachment(jpeg_with_exif()).kind == AttachmentKind::jpeg);
        CHECK(sniff_attachment(tiny_png()).kind == AttachmentKind::png);
        CHECK(sniff_attachment(tiny_webp()).kind == AttachmentKind::webp);
        CHECK(sniff_attachment(tiny_pdf()).kind == AttachmentKind::pdf);
        CHECK(mime_type_of(AttachmentKind::webp) == "image/webp");
        CHECK(mime_type_of(AttachmentKind::pdf) == "application/pdf");
    }
    SECTION("other files are named in words") {
        CHECK(sniff_attachment("GIF89a\x01\x00\x01\x00").description == "a GIF image");
        CHECK(sniff_attachment(std::string("\0\0\0\x18" "ftypheic\0\0\0\0", 16)).description.starts_with("an HEIC photo"));
        CHECK(sniff_attachment(std::string("\0\0\0\x18" "ftypisom\0\0\0\0", 16)).description == "a video");
        CHECK(sniff_attachment("PK\x03\x04\x14\x00\x06\x00").description == "a Word, Excel or ZIP document");
        CHECK(sniff_attachment("MZ\x90\x00\x03\x00").description == "a program");
        CHECK(sniff_attachment("Dear doctor, my rash").description == "a text file");
        CHECK(sniff_attachment("").description == "an empty file");
        CHECK(sniff_attachment(std::string("\x00\x13\xfe\x81\x07", 5)).description == "a kind of file we cannot open");
        for (const auto& bytes : {std::string("GIF89a"), std::string("PK\x03\x04"), std::string("plain text")})
            CHECK_FALSE(sniff_attachment(bytes).kind);
    }
    SECTION("the name and the browser's claim do not count: only the bytes") {
        // A PDF renamed photo.jpg is a PDF; a text file renamed scan.pdf is refused.
        CHECK(sniff_attachment(tiny_pdf()).kind == AttachmentKind::pdf);
        CHECK_FALSE(sniff_attachment("%PD").kind);  // truncated before the magic is complete
    }
    SECTION("truncated prefixes of accepted kinds are not accepted") {
        const std::string png = tiny_png();
        for (std::size_t n = 0; n < 8; ++n) CHECK_FALSE(sniff_attachment(png.substr(0, n)).kind);
        CHECK_FALSE(sniff_attachment(std::string("\xFF\xD8", 2)).kind);
        CHECK_FALSE(sniff_attachment("RIFF\x1a\0\0\0WEB").kind);
        CHECK_FALSE(sniff_attachment("RIFF\x1a\0\0\0WAVE").kind);  // a RIFF that is a sound, not WebP
    }
    SECTION("the refusal is a sentence a patient understands") {
        const Error e = unsupported_attachment(sniff_attachment("GIF89a\x01\x00"));
        CHECK(e.code == ErrorCode::attachment_unsupported);
        CHECK(e.message == "This file is a GIF image; you can send photos (JPEG, PNG, WebP) or PDF documents up to 10 MB.");
        const Error big = attachment_too_large(12 * 1024 * 1024 + 1, 10 * 1024 * 1024);
        CHECK(big.code == ErrorCode::attachment_too_large);
        CHECK(big.message.starts_with("This file is 12.1 MB; files up to 10 MB can be sent."));
    }
}

TEST_CASE("[core] attachments: JPEG metadata is stripped", "[core][messaging][attachments]") {
    const std::string with_exif = jpeg_with_exif();
    REQUIRE(contains(with_exif, kGpsMarker));
    REQUIRE(contains(with_exif, "Exif"));

    SECTION("EXIF with GPS, XMP, Photoshop IRB, ICC and the comment leave; what decoding needs stays") {
        const auto stripped = strip_jpeg_metadata(with_exif);
        REQUIRE(stripped);
        CHECK_FALSE(contains(*stripped, "Exif"));
        CHECK_FALSE(contains(*stripped, kGpsMarker));
        CHECK_FALSE(contains(*stripped, kSerial));
        CHECK_FALSE(contains(*stripped, "xmpmeta"));
        CHECK_FALSE(contains(*stripped, "Photoshop"));
        CHECK_FALSE(contains(*stripped, "ICC_PROFILE"));
        CHECK_FALSE(contains(*stripped, "taken at home"));
        const auto markers = markers_until_scan(*stripped);
        // APP0 JFIF, then the tables and the frame: no APPn other than APP0, no COM.
        CHECK(markers.front() == 0xE0);
        for (int m : markers) CHECK((m == 0xE0 || m == 0xDB || m == 0xC0 || m == 0xC4 || m == 0xDA || m == 0xDD));
        CHECK(markers.back() == 0xDA);
        // The image data is untouched: the stripped file ends exactly like the original.
        const std::string plain = plain_jpeg();
        const auto sos = plain.find("\xFF\xDA");
        REQUIRE(sos != std::string::npos);
        CHECK(stripped->ends_with(plain.substr(sos)));
        CHECK(stripped->starts_with(std::string("\xFF\xD8\xFF\xE0", 4)));
    }
    SECTION("stripping is idempotent and a clean JPEG only loses its ICC profile") {
        const auto once = strip_jpeg_metadata(with_exif);
        REQUIRE(once);
        CHECK(strip_jpeg_metadata(*once) == once);
        const auto plain = strip_jpeg_metadata(plain_jpeg());
        REQUIRE(plain);
        CHECK(*plain == *once);  // the same file, whatever metadata the camera had added
    }
    SECTION("APP14 Adobe stays (colour transform); JFXX thumbnails and trailing bytes go") {
        const std::string plain = plain_jpeg();
        const std::string adobe = segment(0xEE, std::string("Adobe\0\x64\0\0\0\0\x01", 12));
        const std::string jfxx = segment(0xE0, std::string("JFXX\0\x10", 6) + "thumbnail");
        const auto out = strip_jpeg_metadata(plain.substr(0, 20) + adobe + jfxx + plain.substr(20) + "trailing secret");
        REQUIRE(out);
        CHECK(contains(*out, "Adobe"));
        CHECK_FALSE(contains(*out, "JFXX"));
        CHECK_FALSE(contains(*out, "trailing secret"));
        CHECK(out->ends_with("\xFF\xD9"));
    }
    SECTION("a JFIF thumbnail goes: it may show the photo before it was cropped") {
        const std::string plain = plain_jpeg();  // SOI, then an 18-byte APP0 JFIF without a thumbnail
        const std::string thumbnail = segment(0xE0, plain.substr(6, 12) + std::string("\x02\x01", 2) + "UNCROP");
        const auto out = strip_jpeg_metadata(plain.substr(0, 2) + thumbnail + plain.substr(20));
        REQUIRE(out);
        CHECK_FALSE(contains(*out, "UNCROP"));
        CHECK(out == strip_jpeg_metadata(plain));  // the same JFIF segment as a photo that had none
    }
    SECTION("malformed JPEGs are refused") {
        const std::string plain = plain_jpeg();
        CHECK_FALSE(strip_jpeg_metadata(""));
        CHECK_FALSE(strip_jpeg_metadata(std::string("\xFF\xD8", 2)));
        CHECK_FALSE(strip_jpeg_metadata(std::string("\xFF\xD8\xFF\xD9", 4)));               // no frame, no scan
        CHECK_FALSE(strip_jpeg_metadata(plain.substr(0, plain.size() - 2)));                // no EOI
        CHECK_FALSE(strip_jpeg_metadata(plain.substr(0, plain.size() / 2)));                // cut in the middle
        CHECK_FALSE(strip_jpeg_metadata(plain.substr(0, 30)));                              // cut inside a segment
        std::string bad_length = plain;
        bad_length[4] = char(0xFF);  // APP0's length runs past the end
        CHECK_FALSE(strip_jpeg_metadata(bad_length));
        std::string garbage = plain.substr(0, 20) + "garbage between segments" + plain.substr(20);
        CHECK_FALSE(strip_jpeg_metadata(garbage));
        CHECK_FALSE(strip_jpeg_metadata(tiny_png()));
        // Every truncation of the EXIF file is refused, never half-stripped.
        for (std::size_t n = 0; n < with_exif.size(); n += 7) CHECK_FALSE(strip_jpeg_metadata(with_exif.substr(0, n)));
    }
}

TEST_CASE("[core] attachments: a photo taken sideways keeps its orientation and nothing else of EXIF",
          "[core][messaging][attachments]") {
    const std::string sideways = test_files::jpeg_taken_sideways(6);
    REQUIRE(jpeg_orientation(sideways) == 6);
    const auto stripped = strip_jpeg_metadata(sideways);
    REQUIRE(stripped);
    CHECK(jpeg_orientation(*stripped) == 6);
    CHECK_FALSE(contains(*stripped, kGpsMarker));
    CHECK_FALSE(contains(*stripped, "Phone"));
    CHECK(strip_jpeg_metadata(*stripped) == stripped);  // stripping again changes nothing
    // Upright photos (orientation 1) and photos without EXIF carry no EXIF at all.
    CHECK_FALSE(contains(*strip_jpeg_metadata(test_files::jpeg_taken_sideways(1)), "Exif"));
    CHECK(jpeg_orientation(*strip_jpeg_metadata(test_files::jpeg_with_exif())) == 0);
    // A nonsense value is not carried over.
    CHECK_FALSE(contains(*strip_jpeg_metadata(test_files::jpeg_taken_sideways(9)), "Exif"));
    // Truncated EXIF never reads past its segment.
    for (std::size_t n = 0; n < sideways.size(); n += 3) (void)jpeg_orientation(sideways.substr(0, n));
}

TEST_CASE("[core] attachments: file names are cleaned", "[core][messaging][attachments]") {
    CHECK(clean_attachment_name("rash.jpg") == "rash.jpg");
    CHECK(clean_attachment_name("C:\\fakepath\\Befund Łódź.pdf") == "Befund Łódź.pdf");
    CHECK(clean_attachment_name("../../etc/passwd") == "passwd");
    CHECK(clean_attachment_name("a\"b\r\nc.pdf") == "a_b__c.pdf");
    CHECK(clean_attachment_name("photo\xe2\x80\xaegpj.exe") == "photo_gpj.exe");  // a right-to-left override
    CHECK(clean_attachment_name("  ..  ") == "attachment");
    CHECK(clean_attachment_name("") == "attachment");
    CHECK(clean_attachment_name("bad\xff\xfe.jpg") == "bad__.jpg");
    CHECK(clean_attachment_name(std::string(300, 'a')).size() == 120);
}
