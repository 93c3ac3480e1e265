// Test files made from bytes (never downloaded): a real 16x16 JPEG as Chromium's encoder wrote it
// (with its JFIF APP0 and an ICC profile in APP2), and the same photo carrying what a phone camera adds
// (EXIF with GPS coordinates and a camera serial, XMP, a Photoshop IRB, a comment). Also tiny PNG, WebP
// and PDF files. Used by the rules' unit tests, the service tests and the server tests.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace test_files {

inline std::string from_hex(std::string_view hex) {
    std::string out;
    auto nibble = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) out.push_back(char(nibble(hex[i]) << 4 | nibble(hex[i + 1])));
    return out;
}

// 16x16, red with a blue square; 813 bytes; encoded by Chromium (OffscreenCanvas.convertToBlob).
inline std::string plain_jpeg() {
    return from_hex(
        "ffd8ffe000104a46494600010100000100010000ffe201d84943435f50524f46494c45000101000001c800000000043000006d6e7472524742205859"
        "5a2007e00001000100000000000061637370000000000000000000000000000000000000000000000000000000010000f6d6000100000000d32d0000"
        "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000964657363000000f00000"
        "00247258595a00000114000000146758595a00000128000000146258595a0000013c0000001477747074000001500000001472545243000001640000"
        "0028675452430000016400000028625452430000016400000028637072740000018c0000003c6d6c756300000000000000010000000c656e55530000"
        "00080000001c007300520047004258595a200000000000006fa2000038f50000039058595a2000000000000062990000b785000018da58595a200000"
        "0000000024a000000f840000b6cf58595a20000000000000f6d6000100000000d32d706172610000000000040000000266660000f2a700000d590000"
        "13d000000a5b00000000000000006d6c756300000000000000010000000c656e5553000000200000001c0047006f006f0067006c006500200049006e"
        "0063002e00200032003000310036ffdb00430006040506050406060506070706080a100a0a09090a140e0f0c1017141818171416161a1d251f1a1b23"
        "1c1616202c20232627292a29191f2d302d283025282928ffdb0043010707070a080a130a0a13281a161a282828282828282828282828282828282828"
        "2828282828282828282828282828282828282828282828282828282828282828ffc00011080010001003012200021101031101ffc400150001010000"
        "0000000000000000000000000006ffc400191000020301000000000000000000000000031100132161ffc40015010101000000000000000000000000"
        "00000306ffc400221100000307050000000000000000000000001152141524253182f03263649192ffda000c03010002110311003f009e316a58df60"
        "25b5e25d830ad5a972022a9eb7c8500c1bd72baa618b599bcf8f6a7d6ac21fffd9");
}

// A JPEG segment: FF <marker> <length incl. itself> <payload>.
inline std::string segment(std::uint8_t marker, std::string_view payload) {
    const std::size_t len = payload.size() + 2;
    std::string s{char(0xFF), char(marker), char(len >> 8), char(len & 0xFF)};
    return s + std::string(payload);
}

// The GPS position every test looks for, as the ASCII a careless stripper would leave behind.
inline constexpr std::string_view kGpsMarker = "GPS-52.5200N-13.4050E";
inline constexpr std::string_view kSerial = "CAMERA-SERIAL-0042";

// An EXIF APP1 segment (little-endian TIFF) with IFD0 (Make, a GPS IFD pointer) and a GPS IFD holding
// latitude N 52/1 31/1 12/1 and longitude E 13/1 24/1 18/1, plus the markers above as a maker note.
inline std::string exif_with_gps() {
    std::string t = "II*";
    t.push_back(0);
    auto u16 = [&](std::uint16_t v) { t.push_back(char(v & 0xFF)); t.push_back(char(v >> 8)); };
    auto u32 = [&](std::uint32_t v) { for (int i = 0; i < 4; ++i) t.push_back(char((v >> (8 * i)) & 0xFF)); };
    u32(8);                      // IFD0 at 8
    // IFD0: 2 entries (Make, GPSInfo), next IFD 0. 2 + 2*12 + 4 = 30 bytes: ends at 38.
    u16(2);
    u16(0x010F); u16(2); u32(6); u32(38);          // Make "Phone" at 38 (6 bytes incl. NUL)
    u16(0x8825); u16(4); u32(1); u32(44);          // GPS IFD at 44
    u32(0);
    t += std::string("Phone\0", 6);                 // 38..44
    // GPS IFD: 4 entries: LatitudeRef, Latitude, LongitudeRef, Longitude; then 0. 2 + 48 + 4 = 54: ends at 98.
    u16(4);
    u16(0x0001); u16(2); u32(2); t += std::string("N\0\0\0", 4);
    u16(0x0002); u16(5); u32(3); u32(98);
    u16(0x0003); u16(2); u32(2); t += std::string("E\0\0\0", 4);
    u16(0x0004); u16(5); u32(3); u32(122);
    u32(0);
    for (std::uint32_t v : {52u, 1u, 31u, 1u, 12u, 1u}) u32(v);   // 98..122
    for (std::uint32_t v : {13u, 1u, 24u, 1u, 18u, 1u}) u32(v);   // 122..146
    t += std::string(kGpsMarker);
    t += std::string(kSerial);
    return segment(0xE1, std::string("Exif\0\0", 6) + t);
}

// The plain JPEG with EXIF (GPS), XMP, a Photoshop IRB (APP13) and a comment after SOI, the way
// phones and editors write them.
inline std::string jpeg_with_exif() {
    const std::string plain = plain_jpeg();
    const std::string xmp = segment(0xE1, std::string("http://ns.adobe.com/xap/1.0/\0", 29) +
                                              "<x:xmpmeta><exif:GPSLatitude>52,31.2N</exif:GPSLatitude></x:xmpmeta>");
    const std::string irb = segment(0xED, std::string("Photoshop 3.0\0", 14) + "8BIM" + std::string(kSerial));
    const std::string com = segment(0xFE, "taken at home, " + std::string(kGpsMarker));
    return plain.substr(0, 2) + exif_with_gps() + plain.substr(2, 18) + xmp + irb + com + plain.substr(20);
}

// The plain JPEG as a phone writes a photo taken sideways: a big-endian EXIF APP1 whose IFD0 holds the
// camera (Make, with the GPS marker after it) and Orientation 6 (turn 90° clockwise to show).
inline std::string jpeg_taken_sideways(std::uint16_t orientation = 6) {
    std::string t = "MM";
    t.push_back(0);
    t.push_back(42);
    auto u16 = [&](std::uint16_t v) { t.push_back(char(v >> 8)); t.push_back(char(v & 0xFF)); };
    auto u32 = [&](std::uint32_t v) { for (int i = 3; i >= 0; --i) t.push_back(char((v >> (8 * i)) & 0xFF)); };
    u32(8);
    // IFD0: Make, Orientation; next IFD 0. 2 + 24 + 4 = 30 bytes: ends at 38.
    u16(2);
    u16(0x010F); u16(2); u32(6); u32(38);
    u16(0x0112); u16(3); u32(1); u16(orientation); u16(0);
    u32(0);
    t += std::string("Phone\0", 6);
    t += std::string(kGpsMarker);
    const std::string plain = plain_jpeg();
    return plain.substr(0, 2) + segment(0xE1, std::string("Exif\0\0", 6) + t) + plain.substr(2);
}

// The smallest files of the other kinds that their magic numbers announce (enough for the sniffer).
inline std::string tiny_png() {
    return from_hex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201e2"
        "21bc330000000049454e44ae426082");
}
inline std::string tiny_webp() {
    std::string s = "RIFF";
    s += std::string("\x1a\0\0\0", 4);
    s += "WEBPVP8L";
    s += std::string("\x0d\0\0\0\x2f\0\0\0\x10\x07\x10\x11\x11\x88\x88\xfe\x07\0", 18);
    return s;
}
inline std::string tiny_pdf() {
    return "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
           "trailer<</Root 1 0 R>>\n%%EOF\n";
}

}  // namespace test_files
