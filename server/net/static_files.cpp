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
        {".webmanifest", "application/manifest+json"},
    };
    const size_t dot = path.rfind('.');
    if (dot == std::string_view::npos || path.find('/', dot) != std::string_view::npos)
        return "application/octet-stream";
    const std::string_view ext = path.substr(dot);
    for (const auto& [e, type] : kTypes)
        if (e == ext) return type;
    return "application/octet-stream";
}

StaticFiles::Lookup StaticFiles::get(std::string_view target) {
    const auto relative = safe_relative_path(target);
    if (!relative) return {Status::forbidden, nullptr};
    fs::path path = root_ / *relative;
    std::error_code ec;
    if (fs::is_directory(path, ec)) path /= "index.html";
    const auto status = fs::status(path, ec);
    if (ec || !fs::is_regular_file(status)) return {Status::not_found, nullptr};
    const auto mtime = fs::last_write_time(path, ec);
    const auto size = ec ? 0 : fs::file_size(path, ec);
    if (ec) return {Status::not_found, nullptr};
    const std::string key = path.string();
    {
        std::lock_guard lock(mutex_);
        auto it = cache_.find(key);
        if (it != cache_.end() && it->second->mtime == mtime && it->second->content.size() == size)
            return {Status::found, it->second};
    }
    auto file = load(path, path.filename().string());
    if (!file) return {Status::not_found, nullptr};
    std::lock_guard lock(mutex_);
    cache_[key] = file;
    return {Status::found, file};
}

std::shared_ptr<const StaticFile> StaticFiles::load(const fs::path& path, std::string_view name) {
    std::error_code ec;
    const auto mtime = fs::last_write_time(path, ec);  // before reading: a later change reloads again
    std::ifstream in(path, std::ios::binary);
    if (ec || !in) return nullptr;
    std::ostringstream buffer;
    buffer << in.rdbuf();
    auto file = std::make_shared<StaticFile>();
    file->content = std::move(buffer).str();
    // Formatted, not concatenated: GCC 12 at -O3 warns falsely (-Wrestrict) on string concatenation here.
    const std::string hex = core::sha256_hex(file->content);
    char etag[40];
    std::snprintf(etag, sizeof etag, "\"%.32s\"", hex.c_str());
    file->etag = etag;
    file->mime_type = mime_type_for(name);
    file->mtime = mtime;
    return file;
}

}  // namespace server
