#include "net/static_files.h"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "core/crypto/sha256.h"

namespace server {

namespace fs = std::filesystem;

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::optional<std::string> percent_decode(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '%') {
            out += s[i];
            continue;
        }
        if (i + 2 >= s.size()) return std::nullopt;
        const int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
    }
    return out;
}

}  // namespace

std::optional<std::string> safe_relative_path(std::string_view target) {
    target = target.substr(0, target.find_first_of("?#"));
    if (target.empty() || target.front() != '/') return std::nullopt;
    auto decoded = percent_decode(target);
    if (!decoded) return std::nullopt;
    std::string out;
    std::string_view rest = *decoded;
    while (!rest.empty()) {
        const size_t slash = rest.find('/');
        const std::string_view segment = rest.substr(0, slash);
        rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
        if (segment.empty()) continue;
        if (segment == "." || segment == ".." || segment.find('\0') != std::string_view::npos ||
            segment.find('\\') != std::string_view::npos)
            return std::nullopt;
        if (!out.empty()) out += '/';
        out += segment;
    }
    if (out.empty() || decoded->back() == '/') out += out.empty() ? "index.html" : "/index.html";
    return out;
}

std::string_view mime_type_for(std::string_view path) {
    static constexpr std::pair<std::string_view, std::string_view> kTypes[] = {
        {".html", "text/html; charset=utf-8"},   {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
        {".wasm", "application/wasm"},           {".data", "application/octet-stream"},
        {".json", "application/json"},           {".map", "application/json"},
        {".png", "image/png"},                   {".svg", "image/svg+xml"},
        {".ico", "image/x-icon"},                {".txt", "text/plain; charset=utf-8"},
        {".woff2", "font/woff2"},                {".ttf", "font/ttf"},
        {".webmanifest", "application/manifest+json"}, {".oga", "audio/ogg"},
    };
    const size_t dot = path.rfind('.');
    if (dot == std::string_view::npos || path.find('/', dot) != std::string_view::npos)
        return "application/octet-stream";
    const std::string_view ext = path.substr(dot);
    for (const auto& [e, type] : kTypes)
        if (e == ext) return type;
    return "application/octet-stream";
}

std::string_view coding_name(ContentCoding coding) {
    switch (coding) {
        case ContentCoding::gzip: return "gzip";
        case ContentCoding::br: return "br";
        case ContentCoding::identity: break;
    }
    return "";
}

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

// A qvalue of zero ("q=0", "q=0.000") refuses the coding; anything else, or none, accepts it.
bool accepts(std::string_view parameters) {
    while (!parameters.empty()) {
        const size_t semicolon = parameters.find(';');
        const std::string_view parameter = trim(parameters.substr(0, semicolon));
        parameters = semicolon == std::string_view::npos ? std::string_view{} : parameters.substr(semicolon + 1);
        if (parameter.size() < 2 || !iequals(parameter.substr(0, 2), "q=")) continue;
        for (char c : parameter.substr(2))
            if (c != '0' && c != '.') return true;
        return false;
    }
    return true;
}

bool is_lower_hex(std::string_view s) {
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return !s.empty();
}

constexpr size_t kContentHashLength = 12;  // cmake/publish_web.cmake's HASH_LENGTH

}  // namespace

AcceptedCodings parse_accept_encoding(std::string_view header) {
    // A coding named explicitly wins over "*", whatever the order.
    std::optional<bool> gzip, br, any;
    while (!header.empty()) {
        const size_t comma = header.find(',');
        const std::string_view item = header.substr(0, comma);
        header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
        const size_t semicolon = item.find(';');
        const std::string_view coding = trim(item.substr(0, semicolon));
        const bool ok = semicolon == std::string_view::npos || accepts(item.substr(semicolon + 1));
        if (iequals(coding, "gzip") || iequals(coding, "x-gzip")) gzip = ok;
        else if (iequals(coding, "br")) br = ok;
        else if (coding == "*") any = ok;
    }
    return {gzip.value_or(any.value_or(false)), br.value_or(any.value_or(false))};
}

bool is_content_hashed(std::string_view relative_path) {
    const size_t slash = relative_path.rfind('/');
    std::string_view name = slash == std::string_view::npos ? relative_path : relative_path.substr(slash + 1);
    // stem.<hash>.ext or stem.<hash>: some part after the first dot is exactly the hash.
    const size_t first_dot = name.find('.');
    if (first_dot == std::string_view::npos || first_dot == 0) return false;
    name.remove_prefix(first_dot + 1);
    while (!name.empty()) {
        const size_t dot = name.find('.');
        const std::string_view part = name.substr(0, dot);
        if (part.size() == kContentHashLength && is_lower_hex(part)) return true;
        if (dot == std::string_view::npos) break;
        name.remove_prefix(dot + 1);
    }
    return false;
}

StaticFiles::Lookup StaticFiles::get(std::string_view target, std::string_view accept_encoding) {
    const auto relative = safe_relative_path(target);
    if (!relative) return {Status::forbidden, nullptr};
    fs::path path = root_ / *relative;
    std::error_code ec;
    if (fs::is_directory(path, ec)) path /= "index.html";
    if (!fs::is_regular_file(path, ec)) return {Status::not_found, nullptr};

    // The plain file decides whether the file exists; a compressed copy is only ever a smaller form of it.
    struct Form {
        fs::path path;
        ContentCoding coding;
        std::uintmax_t size;
    };
    Form best{path, ContentCoding::identity, fs::file_size(path, ec)};
    if (ec) return {Status::not_found, nullptr};
    const AcceptedCodings accepted = parse_accept_encoding(accept_encoding);
    const auto consider = [&](bool allowed, const char* suffix, ContentCoding coding) {
        if (!allowed) return;
        fs::path copy = path;
        copy += suffix;
        std::error_code copy_ec;
        const auto size = fs::file_size(copy, copy_ec);
        if (!copy_ec && size < best.size) best = {std::move(copy), coding, size};
    };
    consider(accepted.br, ".br", ContentCoding::br);
    consider(accepted.gzip, ".gz", ContentCoding::gzip);

    auto file = cached(best.path, path.filename().string(), best.coding);
    if (!file) return {Status::not_found, nullptr};
    return {Status::found, file};
}

std::shared_ptr<const StaticFile> StaticFiles::cached(const fs::path& stored, std::string_view served_name,
                                                      ContentCoding coding) {
    std::error_code ec;
    const auto mtime = fs::last_write_time(stored, ec);
    const auto size = ec ? 0 : fs::file_size(stored, ec);
    if (ec) return nullptr;
    const std::string key = stored.string();
    {
        std::lock_guard lock(mutex_);
        auto it = cache_.find(key);
        if (it != cache_.end() && it->second->mtime == mtime && it->second->content.size() == size) return it->second;
    }
    auto file = load(stored, served_name, coding);
    if (!file) return nullptr;
    std::lock_guard lock(mutex_);
    cache_[key] = file;
    return file;
}

std::shared_ptr<const StaticFile> StaticFiles::load(const fs::path& stored, std::string_view served_name,
                                                    ContentCoding coding) {
    std::error_code ec;
    const auto mtime = fs::last_write_time(stored, ec);  // before reading: a later change reloads again
    std::ifstream in(stored, std::ios::binary);
    if (ec || !in) return nullptr;
    std::ostringstream buffer;
    buffer << in.rdbuf();
    auto file = std::make_shared<StaticFile>();
    file->content = std::move(buffer).str();
    // Formatted, not concatenated: GCC 12 at -O3 warns falsely (-Wrestrict) on string concatenation here.
    const std::string hex = core::sha256_hex(file->content);
    const std::string_view suffix = coding_name(coding);
    char etag[48];
    std::snprintf(etag, sizeof etag, "\"%.32s%s%.*s\"", hex.c_str(), suffix.empty() ? "" : "-",
                  static_cast<int>(suffix.size()), suffix.data());
    file->etag = etag;
    file->mime_type = mime_type_for(served_name);
    file->coding = coding;
    const fs::path relative = stored.lexically_relative(root_);
    file->immutable = is_content_hashed(relative.generic_string());
    file->mtime = mtime;
    return file;
}

}  // namespace server
