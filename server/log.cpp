#include "log.h"

#include "core/time/clock.h"

namespace server {

void Logger::log(LogLevel level, std::string_view msg, const Fields& fields) {
    if (!enabled(level)) return;
    // ordered_json keeps ts, level and msg first, as a reader scanning the log expects.
    nlohmann::ordered_json line = nlohmann::ordered_json::object();
    line["ts"] = core::format_iso8601(core::SystemClock{}.now());
    line["level"] = to_string(level);
    line["msg"] = msg;
    if (fields.is_object())
        for (const auto& [key, value] : fields.items())
            if (!line.contains(key)) line[key] = value;
    // Replace, not throw, on invalid UTF-8 from a client: a log line must never take the server down.
    std::string text = line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    text += '\n';
    std::lock_guard lock(mutex_);
    std::fwrite(text.data(), 1, text.size(), out_);
    std::fflush(out_);
}

}  // namespace server
