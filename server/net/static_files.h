// The web client's files, served from the web root: safe path mapping (no way out of the root),
// MIME types, and strong ETags from the content's SHA-256. Files are cached in memory and re-read
// when their modification time or size changes, so a rebuilt client is picked up without a restart.
#pragma once
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace server {

struct StaticFile {
    std::string content;
    std::string etag;       // quoted, e.g. "\"3f2a...\""
    std::string mime_type;
    std::filesystem::file_time_type mtime{};
};

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
    Lookup get(std::string_view target);
    const std::filesystem::path& root() const { return root_; }

private:
    std::shared_ptr<const StaticFile> load(const std::filesystem::path& path, std::string_view relative);

    std::filesystem::path root_;
    std::mutex mutex_;
    std::map<std::string, std::shared_ptr<const StaticFile>, std::less<>> cache_;
};

}  // namespace server
