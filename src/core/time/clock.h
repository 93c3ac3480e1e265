// Instants and clocks. All instants are UTC, millisecond precision, and travel as ISO-8601 strings
// ("2026-11-21T05:05:34.120Z"). The Clock interface lets tests move time by hand.
#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace core {

using Instant = std::chrono::sys_time<std::chrono::milliseconds>;
using Duration = std::chrono::milliseconds;

class Clock {
public:
    virtual ~Clock() = default;
    virtual Instant now() const = 0;
};

class SystemClock final : public Clock {
public:
    Instant now() const override;
};

// A clock that only moves when told to; for tests and deterministic simulations.
class ManualClock final : public Clock {
public:
    explicit ManualClock(Instant start) : now_(start) {}
    Instant now() const override { return now_; }
    void advance(Duration d) { now_ += d; }
    void set(Instant t) { now_ = t; }

private:
    Instant now_;
};

std::string format_iso8601(Instant t);
std::optional<Instant> parse_iso8601(std::string_view text);  // accepts "...Z" with optional .mmm
std::int64_t to_unix_ms(Instant t);
Instant from_unix_ms(std::int64_t ms);

}  // namespace core
