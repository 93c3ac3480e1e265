// Where errors nobody expected go on the server (core::ErrorReporter): one JSON log line each, at
// level error, with the request type or timer name, the connection and what failed, and a count per
// type in /metrics (telemed_internal_errors_total). The text is the exception's own (SQLite's, or a
// broken invariant's): no request data, no personal data, no tokens are added to it; it is cut at 300
// bytes so an unexpected long message cannot flood the log.
#pragma once
#include "core/api/dispatcher.h"
#include "log.h"
#include "net/request_metrics.h"

namespace server {

class InternalErrorLog final : public core::ErrorReporter {
public:
    InternalErrorLog(Logger& log, RequestMetrics& metrics) : log_(log), metrics_(metrics) {}

    void internal_error(std::string_view where, std::uint64_t connection, std::string_view what) noexcept override {
        try {
            metrics_.count_internal_error(where);
            Logger::Fields fields = {{"type", std::string(where)}, {"what", std::string(what.substr(0, 300))}};
            if (connection != 0) fields["conn"] = connection;
            log_.error("internal error", fields);
        } catch (...) {
            // Reporting must never become a second failure.
        }
    }

private:
    Logger& log_;
    RequestMetrics& metrics_;
};

}  // namespace server
