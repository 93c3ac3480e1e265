#include "core/messaging/attachment_rules.h"

#include <cstdint>

#include "core/messaging/text.h"
#include "core/protocol/protocol.h"

namespace core {
namespace {

bool starts(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

std::uint8_t byte(std::string_view s, std::size_t i) { return static_cast<std::uint8_t>(s[i]); }

// Looks like text a person wrote (printable ASCII, UTF-8, white space) for its first bytes.
bool looks_like_text(std::string_view head) {
    if (head.empty()) return false;
    for (char ch : head) {
        const auto c = static_cast<std::uint8_t>(ch);
        if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') return false;
        if (c == 0x7f) return false;
    }
    return true;
}

constexpr std::string_view kExifHeader("Exif\0\0", 6);

// The Orientation tag (0x0112) of IFD0 in an EXIF APP1 payload ("Exif\0\0" + TIFF), 1..8; 0 when
// absent or malformed. Every offset is checked against the payload: the bytes come from anyone.
int exif_orientation(std::string_view payload) {
    if (!starts(payload, kExifHeader)) return 0;
    const std::string_view tiff = payload.substr(kExifHeader.size());
    if (tiff.size() < 8) return 0;
    const bool little = starts(tiff, "II");
    if (!little && !starts(tiff, "MM")) return 0;
    const auto u16 = [&](std::size_t at) -> std::uint32_t {
        return little ? byte(tiff, at) | byte(tiff, at + 1) << 8 : byte(tiff, at) << 8 | byte(tiff, at + 1);
    };
    const auto u32 = [&](std::size_t at) -> std::uint32_t { return little ? u16(at) | u16(at + 2) << 16 : u16(at) << 16 | u16(at + 2); };
    if (u16(2) != 42) return 0;
    const std::size_t ifd = u32(4);
    if (ifd > tiff.size() || tiff.size() - ifd < 2) return 0;
    const std::size_t entries = u16(ifd);
    for (std::size_t e = 0; e < entries; ++e) {
        const std::size_t at = ifd + 2 + e * 12;
        if (at > tiff.size() || tiff.size() - at < 12) return 0;
        if (u16(at) != 0x0112) continue;
        const std::uint32_t value = u16(at + 2) == 3 && u32(at + 4) == 1 ? u16(at + 8) : 0;  // one SHORT
        return value >= 1 && value <= 8 ? static_cast<int>(value) : 0;
    }
    return 0;
}

// An APP1 segment holding nothing but the orientation: big-endian TIFF, IFD0 with one entry.
std::string orientation_segment(int orientation) {
    std::string s("\xFF\xE1", 2);
    const std::string tiff{'M', 'M', 0, 42, 0, 0, 0, 8,              // header, IFD0 at 8
                           0, 1,                                     // one entry
                           0x01, 0x12, 0, 3, 0, 0, 0, 1,             // Orientation, SHORT, count 1
                           0, static_cast<char>(orientation), 0, 0,  // the value, left-justified
                           0, 0, 0, 0};                              // no next IFD
    const std::size_t len = 2 + kExifHeader.size() + tiff.size();
    s.push_back(static_cast<char>(len >> 8));
    s.push_back(static_cast<char>(len & 0xFF));
    s.append(kExifHeader);
    s.append(tiff);
    return s;
}

constexpr std::string_view kJfifHeader("JFIF\0", 5);
constexpr std::size_t kJfifFixedBytes = 12;  // "JFIF\0", version, units, X and Y density

// APP0 JFIF from the fixed fields of `payload` (a JFIF APP0's), without the thumbnail that may follow
// them: a camera's thumbnail can show the photo as it was before the person cropped it.
std::string jfif_segment(std::string_view payload) {
    std::string s("\xFF\xE0\x00\x10", 4);  // length 16: itself, the fixed fields, two zero thumbnail sizes
    s.append(payload.substr(0, kJfifFixedBytes));
    s.append(2, '\0');
    return s;
}

}  // namespace

int jpeg_orientation(std::string_view jpeg) {
    if (jpeg.size() < 4 || byte(jpeg, 0) != 0xFF || byte(jpeg, 1) != 0xD8) return 0;
    std::size_t i = 2;
    while (i + 4 <= jpeg.size() && byte(jpeg, i) == 0xFF) {
        while (i + 4 <= jpeg.size() && byte(jpeg, i + 1) == 0xFF) ++i;  // fill bytes before the marker code
        if (i + 4 > jpeg.size()) break;
        const std::uint8_t m = byte(jpeg, i + 1);
        if (m == 0xDA || m == 0xD9) break;  // the image data: no metadata after it
        const std::size_t len = (std::size_t(byte(jpeg, i + 2)) << 8) | byte(jpeg, i + 3);
        if (len < 2 || i + 2 + len > jpeg.size()) break;
        if (m == 0xE1)
            if (const int o = exif_orientation(jpeg.substr(i + 4, len - 2))) return o;
        i += 2 + len;
    }
    return 0;
}

SniffedType sniff_attachment(std::string_view head) {
    head = head.substr(0, 16);
    if (head.empty()) return {std::nullopt, "an empty file"};
    if (head.size() >= 3 && byte(head, 0) == 0xFF && byte(head, 1) == 0xD8 && byte(head, 2) == 0xFF)
        return {AttachmentKind::jpeg, "a JPEG photo"};
    if (starts(head, "\x89PNG\r\n\x1a\n")) return {AttachmentKind::png, "a PNG image"};
    if (head.size() >= 12 && starts(head, "RIFF") && head.substr(8, 4) == "WEBP") return {AttachmentKind::webp, "a WebP image"};
    if (starts(head, "%PDF-")) return {AttachmentKind::pdf, "a PDF document"};
    // Not accepted: named so the person knows what they picked.
    if (starts(head, "GIF87a") || starts(head, "GIF89a")) return {std::nullopt, "a GIF image"};
    if (starts(head, "BM") && head.size() >= 14) return {std::nullopt, "a BMP image"};
    if (starts(head, "II*\0") || starts(head, std::string_view("MM\0*", 4))) return {std::nullopt, "a TIFF image"};
    if (head.size() >= 12 && head.substr(4, 4) == "ftyp") {
        const std::string_view brand = head.substr(8, 4);
        if (brand == "heic" || brand == "heix" || brand == "mif1" || brand == "msf1" || brand == "hevc")
            return {std::nullopt, "an HEIC photo (the iPhone's format; choose \"Most Compatible\" or send a screenshot)"};
        if (brand == "avif") return {std::nullopt, "an AVIF image"};
        return {std::nullopt, "a video"};
    }
    if (starts(head, "RIFF") && head.size() >= 12 && head.substr(8, 4) == "AVI ") return {std::nullopt, "a video"};
    if (starts(head, "\x1a\x45\xdf\xa3")) return {std::nullopt, "a video"};
    if (starts(head, "PK\x03\x04") || starts(head, "PK\x05\x06")) return {std::nullopt, "a Word, Excel or ZIP document"};
    if (starts(head, "\xd0\xcf\x11\xe0")) return {std::nullopt, "an old Word or Excel document"};
    if (starts(head, "MZ") || starts(head, "\x7f" "ELF")) return {std::nullopt, "a program"};
    if (starts(head, "ID3") || starts(head, "OggS") || starts(head, "fLaC")) return {std::nullopt, "a sound recording"};
    if (starts(head, "{\\rtf")) return {std::nullopt, "a rich-text document"};
    if (looks_like_text(head)) return {std::nullopt, "a text file"};
    return {std::nullopt, "a kind of file we cannot open"};
}

std::string_view mime_type_of(AttachmentKind kind) {
    switch (kind) {
        case AttachmentKind::jpeg: return "image/jpeg";
        case AttachmentKind::png: return "image/png";
        case AttachmentKind::webp: return "image/webp";
        case AttachmentKind::pdf: return "application/pdf";
    }
    return "application/octet-stream";
}

std::string_view describe(AttachmentKind kind) {
    switch (kind) {
        case AttachmentKind::jpeg: return "JPEG photo";
        case AttachmentKind::png: return "PNG image";
        case AttachmentKind::webp: return "WebP image";
        case AttachmentKind::pdf: return "PDF document";
    }
    return "file";
}

Error unsupported_attachment(const SniffedType& sniffed) {
    return Error::of(ErrorCode::attachment_unsupported,
                     "This file is " + sniffed.description +
                         "; you can send photos (JPEG, PNG, WebP) or PDF documents up to 10 MB.");
}

Error attachment_too_large(std::int64_t bytes, std::int64_t limit) {
    const auto mb = [](std::int64_t b) {
        const std::int64_t tenths = (b * 10 + 1024 * 1024 - 1) / (1024 * 1024);  // rounded up: 10.1 MB, not 10 MB
        // Appended piece by piece: GCC 12 at -O3 warns (-Werror=restrict) on a chain of string temporaries here.
        std::string text = std::to_string(tenths / 10);
        if (const std::int64_t digit = tenths % 10; digit > 0) {
            text += '.';
            text += static_cast<char>('0' + digit);
        }
        text += " MB";
        return text;
    };
    return Error::of(ErrorCode::attachment_too_large,
                     "This file is " + mb(bytes) + "; files up to " + mb(limit) +
                         " can be sent. Send a smaller photo or split the document.",
                     "size");
}

std::optional<std::string> strip_jpeg_metadata(std::string_view in) {
    const std::size_t n = in.size();
    if (n < 4 || byte(in, 0) != 0xFF || byte(in, 1) != 0xD8) return std::nullopt;
    std::string out;
    out.reserve(n);
    out.append("\xFF\xD8", 2);
    std::size_t i = 2;
    bool seen_frame = false, seen_scan = false;
    // Of EXIF only the way the photo is turned survives, in a segment of its own making, first after
    // the JFIF header: the orientation a viewer reads from the original (found by fuzzing: taking the
    // first one met while stripping could pick another, e.g. one after the image data).
    const int orientation = jpeg_orientation(in);
    bool placed_orientation = orientation <= 1;
    while (true) {
        // A marker: 0xFF, any number of 0xFF fill bytes, then the marker code.
        if (i >= n || byte(in, i) != 0xFF) return std::nullopt;
        while (i < n && byte(in, i) == 0xFF) ++i;
        if (i >= n) return std::nullopt;
        const std::uint8_t m = byte(in, i++);
        if (m == 0xD9) {  // EOI: done; anything after it is not part of the image and is not kept
            if (!seen_frame || !seen_scan) return std::nullopt;
            out.append("\xFF\xD9", 2);
            return out;
        }
        if (m == 0x00 || m == 0xD8 || (m >= 0xD0 && m <= 0xD7) || m == 0x01)
            return std::nullopt;  // stuffing, a second SOI, a restart or TEM outside entropy data
        if (i + 2 > n) return std::nullopt;
        const std::size_t len = (std::size_t(byte(in, i)) << 8) | byte(in, i + 1);
        if (len < 2 || i + len > n) return std::nullopt;
        const std::string_view segment = in.substr(i - 2, len + 2);  // marker + length + payload
        const std::string_view payload = in.substr(i + 2, len - 2);
        i += len;
        bool keep = true;
        if (m == 0xE0) keep = false;  // APP0: JFIF is written anew below; JFXX thumbnails go
        else if (m == 0xEE) keep = starts(payload, "Adobe");                          // APP14 Adobe: colour transform (see header)
        else if (m >= 0xE1 && m <= 0xEF) keep = false;                                // APP1..APP15: EXIF, XMP, ICC, IRB, maker notes
        else if (m == 0xFE) keep = false;                                             // COM
        else if ((m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC)) seen_frame = true;  // SOFn
        if (m == 0xE0 && starts(payload, kJfifHeader) && payload.size() >= kJfifFixedBytes) out += jfif_segment(payload);
        if (m != 0xE0 && !placed_orientation) {
            out += orientation_segment(orientation);
            placed_orientation = true;
        }
        if (keep) {
            out.append("\xFF", 1);
            out.push_back(static_cast<char>(m));
            out.append(segment.substr(2));
        }
        if (m != 0xDA) continue;
        // SOS: entropy-coded data follows up to the next marker that is not stuffing (FF 00) or a restart
        // (FF D0..D7). Those stay in the data; any other marker (DHT, the next SOS, EOI) ends it.
        if (!seen_frame) return std::nullopt;
        seen_scan = true;
        const std::size_t start = i;
        while (true) {
            if (i + 1 >= n) return std::nullopt;  // the data runs to the end: truncated, no EOI
            if (byte(in, i) != 0xFF) {
                ++i;
                continue;
            }
            std::size_t j = i + 1;
            while (j < n && byte(in, j) == 0xFF) ++j;  // fill bytes before a marker
            if (j >= n) return std::nullopt;
            const std::uint8_t next = byte(in, j);
            if (next == 0x00 || (next >= 0xD0 && next <= 0xD7)) {
                i = j + 1;
                continue;
            }
            break;  // a real marker at i
        }
        out.append(in.substr(start, i - start));
    }
}

std::string clean_attachment_name(std::string_view name) {
    // The last part of a path ("C:\\fakepath\\rash.jpg" from old browsers, "photos/rash.jpg").
    const auto slash = name.find_last_of("/\\");
    if (slash != std::string_view::npos) name = name.substr(slash + 1);
    const bool utf8 = protocol::is_valid_utf8(name);
    std::string out;
    std::size_t points = 0;
    for (std::size_t i = 0; i < name.size() && points < 120;) {
        std::uint32_t cp;
        std::size_t len = 1;
        if (utf8) {
            const text::CodePoint c = text::code_point_at(name, i);
            cp = c.value;
            len = c.bytes;
        } else {
            cp = static_cast<std::uint8_t>(name[i]) < 0x80 ? static_cast<std::uint8_t>(name[i]) : '_';
        }
        if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) || cp == '"' || cp == '\\' || cp == 0x2028 || cp == 0x2029 ||
            (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))  // bidi overrides could disguise ".exe"
            cp = '_';
        text::append_utf8(out, cp);
        ++points;
        i += len;
    }
    // Trim spaces and dots at the ends (" .jpg", "name. ").
    const auto first = out.find_first_not_of(" .");
    if (first == std::string::npos) return "attachment";
    const auto last = out.find_last_not_of(" .");
    const std::string trimmed = out.substr(first, last - first + 1);
    return trimmed.empty() ? "attachment" : trimmed;
}

}  // namespace core
