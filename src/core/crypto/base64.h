// Standard base64 (RFC 4648 section 4, with padding): how binary travels inside JSON (recording chunks).
// Decoding is strict, so a damaged chunk is refused instead of being stored wrong.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace core {

std::string base64_encode(std::string_view bytes);
// nullopt unless `text` is canonical base64: length a multiple of 4, only the alphabet, '=' only as padding.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace core
