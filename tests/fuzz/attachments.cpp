// What a patient's device sends as a file: the type sniffer (which decides what may be stored and the
// sentence shown when it may not), the JPEG metadata stripper (EXIF with GPS, XMP, comments must leave
// before a photo is stored) and the file-name cleaner (the name ends up in a download header).
#include <cstdint>

#include "core/messaging/attachment_rules.h"
#include "core/protocol/protocol.h"
#include "fuzz_targets.h"

namespace fuzz {

namespace {

std::uint8_t at(std::string_view s, std::size_t i) { return static_cast<std::uint8_t>(s[i]); }

// The segments of a stripped JPEG up to its first scan hold nothing personal: APP0 JFIF without a
// thumbnail, APP14 Adobe, and at most one APP1 that is the stripper's own orientation segment; no other
// APPn, no comment.
void check_no_metadata(std::string_view jpeg) {
    std::size_t i = 2, orientation_segments = 0;
    while (i + 4 <= jpeg.size() && at(jpeg, i) == 0xFF) {
        const std::uint8_t m = at(jpeg, i + 1);
        if (m == 0xDA || m == 0xD9) return;
        const std::size_t len = std::size_t(at(jpeg, i + 2)) << 8 | at(jpeg, i + 3);
        check(len >= 2 && i + 2 + len <= jpeg.size(), "a stripped JPEG's segments lie inside it");
        check(m != 0xFE, "no comment survives");
        if (m == 0xE1) {
            check(++orientation_segments == 1 && len == 34, "one APP1, the orientation segment alone");
        } else if (m == 0xE0) {
            check(len == 16, "APP0 JFIF without a thumbnail");
        } else if (m >= 0xE0 && m <= 0xEF) {
            check(m == 0xE0 || m == 0xEE, "no APPn but JFIF and Adobe survives");
        }
        i += 2 + len;
    }
}

void check_clean_name(std::string_view name) {
    const std::string clean = core::clean_attachment_name(name);
    check(!clean.empty() && core::protocol::is_valid_utf8(clean), "a clean name is UTF-8 text");
    check(clean.find_first_of("\"\\/") == std::string::npos, "no quote, backslash or slash");
    std::size_t points = 0;
    for (const char c : clean) {
        check(static_cast<unsigned char>(c) >= 0x20 && c != 0x7f, "no control character");
        points += (static_cast<unsigned char>(c) & 0xC0) != 0x80;  // count lead bytes
    }
    check(points <= 120, "at most 120 code points");
}

}  // namespace

void attachments(std::string_view input) {
    const core::SniffedType sniffed = core::sniff_attachment(input);
    check(!sniffed.description.empty(), "every file is named in words");
    if (!sniffed.kind) (void)core::unsupported_attachment(sniffed);

    if (const auto stripped = core::strip_jpeg_metadata(input)) {
        check(core::sniff_attachment(*stripped).kind == core::AttachmentKind::jpeg, "a stripped JPEG is a JPEG");
        check(stripped->size() >= 4 && stripped->ends_with("\xFF\xD9"), "a stripped JPEG ends with EOI");
        check_no_metadata(*stripped);
        const auto again = core::strip_jpeg_metadata(*stripped);
        check(again && *again == *stripped, "stripping is idempotent");
        const int turned = core::jpeg_orientation(input);
        if (turned >= 2) check(core::jpeg_orientation(*stripped) == turned, "a sideways photo stays sideways");
    }
    check_clean_name(input);
}

}  // namespace fuzz
