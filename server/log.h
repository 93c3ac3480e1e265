// JSON-lines logs on stdout, one object per line:
//   {"ts":"2026-11-21T05:05:34.120Z","level":"info","msg":"listening","url":"http://localhost:8080/"}
// Thread-safe: a line is formatted outside the lock and written whole under it, so lines never mix.
#pragma once
#include <cstdio>
#include <mutex>
#include <string_view>

#include <nlohmann/json.hpp>

#include "config.h"

namespace server {

class Logger {
public:
    using Fields = nlohmann::json;  // an object of extra fields; null for none

    explicit Logger(LogLevel min_level = LogLevel::info, std::FILE* out = stdout)
        : min_level_(min_level), out_(out) {}

    bool enabled(LogLevel level) const { return level >= min_level_; }
    void log(LogLevel level, std::string_view msg, const Fields& fields = nullptr);

    void debug(std::string_view msg, const Fields& fields = nullptr) { log(LogLevel::debug, msg, fields); }
    void info(std::string_view msg, const Fields& fields = nullptr) { log(LogLevel::info, msg, fields); }
    void warn(std::string_view msg, const Fields& fields = nullptr) { log(LogLevel::warn, msg, fields); }
    void error(std::string_view msg, const Fields& fields = nullptr) { log(LogLevel::error, msg, fields); }

private:
    LogLevel min_level_;
    std::FILE* out_;
    std::mutex mutex_;
};

}  // namespace server
