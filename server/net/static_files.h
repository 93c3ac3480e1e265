// The web client's files, served from the web root: safe path mapping (no way out of the root),
// MIME types, and strong ETags from the content's SHA-256. Files are cached in memory and re-read
// when their modification time or size changes, so a rebuilt client is picked up without a restart.
//
// The build writes brotli and gzip copies beside every file that compresses (cmake/publish_web.cmake:
// app.<hash>.wasm.br, .gz); the server only chooses among them, by Accept-Encoding, and never
// compresses anything itself. Content-hashed names (app.3f9c1e0a7b2d.wasm) never change content, so
// browsers may keep them for a year; everything else (index.html) is revalidated.
#pragma once
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace server {

// Content codings a file may be stored in beside its plain form.
enum class ContentCoding { identity, gzip, br };
std::string_view coding_name(ContentCoding coding);  // "" for identity: no Content-Encoding header

struct StaticFile {
    std::string content;
    std::string etag;       // quoted, e.g. "\"3f2a...\"": differs per coding, as the bytes do
    std::string mime_type;  // of the plain file, whatever the coding
    ContentCoding coding = ContentCoding::identity;
    bool immutable = false;  // a content-hashed name: cache for a year
    std::filesystem::file_time_type mtime{};
};

// Which codings an Accept-Encoding header allows besides identity ("br;q=0" refuses br; "*" allows all).
struct AcceptedCodings {
    bool gzip = false;
    bool br = false;
};
AcceptedCodings parse_accept_encoding(std::string_view header);

// "app.3f9c1e0a7b2d.wasm", "sounds/ring.0123456789ab.oga": a name the build derived from the content.
bool is_content_hashed(std::string_view relative_path);

// "/app.wasm?x=1" -> "app.wasm"; "/" -> "index.html"; nullopt when the path tries to leave the root
// (".." segments, encoded or not), holds a NUL or a backslash, or does not start with '/'.
std::optional<std::string> safe_relative_path(std::string_view target);
std::string_view mime_type_for(std::string_view path);

class StaticFiles {
public:
    explicit StaticFiles(std::filesystem::path root) : root_(std::move(root)) {}

    enum class Status { found, not_found, forbidden };
    struct Lookup {
        Status status = Status::not_found;
        std::shared_ptr<const StaticFile> file;
    };
    // The smallest stored form of the file at `target` that `accept_encoding` allows.
    Lookup get(std::string_view target, std::string_view accept_encoding = {});
    const std::filesystem::path& root() const { return root_; }

private:
    std::shared_ptr<const StaticFile> cached(const std::filesystem::path& stored, std::string_view served_name,
                                             ContentCoding coding);
    std::shared_ptr<const StaticFile> load(const std::filesystem::path& stored, std::string_view served_name,
                                           ContentCoding coding);

    std::filesystem::path root_;
    std::mutex mutex_;
    std::map<std::string, std::shared_ptr<const StaticFile>, std::less<>> cache_;
};

}  // namespace server
