// What an attachment may be, decided from its bytes alone: the sniffer (magic numbers, never the file's
// name nor the browser's claim), the sentence a patient reads when a file is refused, and the JPEG
// metadata stripper (EXIF, XMP, GPS, maker notes, Photoshop IRB and comments leave before storing).
// Pure functions: no store, no I/O. tests/unit/core/attachment_rules.test.cpp holds them to this text.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "core/errors.h"
#include "core/messaging/model.h"

namespace core {

// The kind of file these bytes start with. `kind` is set for what may be sent (JPEG, PNG, WebP, PDF);
// `description` always names what it is in words a patient knows ("a JPEG photo", "a GIF image",
// "a Word or ZIP document", "an empty file", "a kind of file we cannot open").
// Looks at the first 16 bytes at most; shorter input is judged by what is there.
struct SniffedType {
    std::optional<AttachmentKind> kind;
    std::string description;
};
SniffedType sniff_attachment(std::string_view head);

// "image/jpeg", "image/png", "image/webp", "application/pdf".
std::string_view mime_type_of(AttachmentKind kind);
// "JPEG photo", "PNG image", "WebP image", "PDF document".
std::string_view describe(AttachmentKind kind);

// The refusal of a file that is not one of the four kinds:
// "This file is a GIF image; you can send photos (JPEG, PNG, WebP) or PDF documents up to 10 MB."
Error unsupported_attachment(const SniffedType& sniffed);
// The refusal of a file over the limit, naming its size and the limit.
Error attachment_too_large(std::int64_t bytes, std::int64_t limit);

// The JPEG without its metadata, or nullopt when the bytes are not a well-formed JPEG (no SOI, a
// segment running past the end, no SOS, no EOI, a marker that cannot be there).
//
// Kept, because decoding needs them: SOI, APP0 "JFIF" (pixel density and the promise of YCbCr; rewritten
// without its thumbnail, which may show the photo before it was cropped), DQT,
// SOFn, DHT, DAC, DRI, SOS with its entropy-coded data and restart markers, DNL, EOI; and APP14
// "Adobe", whose transform flag says whether 3 or 4 components are YCbCr/YCCK or plain RGB/CMYK: a
// decoder that loses it shows a CMYK or an RGB JPEG in wrong colours. It holds no personal data.
// Dropped: APP1..APP13 and APP15 (EXIF with GPS and camera serials, XMP, ICC profiles, maker notes,
// Photoshop IRB/IPTC), COM, APP0 extensions other than JFIF (JFXX thumbnails), and any bytes after EOI.
// Of EXIF, only the orientation tag (2..8: a phone photo taken sideways) is kept, rewritten into an APP1
// segment of its own that holds nothing else, so browsers still turn the photo upright. Dropping an ICC
// profile shows wide-gamut photos in sRGB: slightly duller, never wrong.
std::optional<std::string> strip_jpeg_metadata(std::string_view jpeg);

// The EXIF orientation of a JPEG (1..8, as TIFF numbers them), or 0 when it has none.
int jpeg_orientation(std::string_view jpeg);

// A file name from the sender's device, as it may be shown and put in a download: the last path part,
// control characters and quotes/backslashes replaced, trimmed, at most 120 code points; "attachment"
// when nothing is left. Call with any bytes (invalid UTF-8 is replaced too).
std::string clean_attachment_name(std::string_view name);

}  // namespace core
