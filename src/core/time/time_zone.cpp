// TZif parsing (RFC 8536) and offset lookup. Sections:
//   [calendar]  proleptic Gregorian day arithmetic on int64 (std::chrono's year stops at 32767)
//   [posix]     the footer TZ string: "std offset [dst [offset] [,start[/time],end[/time]]]"
//   [tzif]      the binary format, every read bounds-checked
//   [lookup]    TimeZone's queries
#include "core/time/time_zone.h"

#include <algorithm>
#include <array>
#include <limits>
#include <vector>

namespace core {
namespace {

using i64 = std::int64_t;

constexpr i64 kDay = 86400;
// Every supported UTC offset lies in (-25 h, +26 h), the range RFC 8536 recommends; files outside it
// are rejected, which bounds the search window in to_utc.
constexpr i64 kMinOffset = -89999, kMaxOffset = 93599;
// Queries are clamped to +-10^15 s (about 31 million years) so that no arithmetic below can overflow.
constexpr i64 kMaxSeconds = 1'000'000'000'000'000;

i64 clamp_seconds(i64 s) {
    return std::clamp(s, -kMaxSeconds, kMaxSeconds);
}

// ---------------------------------------------------------------------------------------------------
// [calendar] Howard Hinnant's days_from_civil / civil_from_days.

i64 floor_div(i64 a, i64 b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

bool is_leap(i64 y) {
    return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

i64 days_from_civil(i64 y, unsigned m, unsigned d) {
    y -= m <= 2;
    const i64 era = floor_div(y, 400);
    const unsigned yoe = unsigned(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + i64(doe) - 719468;
}

i64 year_of_day(i64 z) {
    z += 719468;
    const i64 era = floor_div(z, 146097);
    const unsigned doe = unsigned(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;  // March-based month; 10 and 11 are Jan and Feb
    return i64(yoe) + era * 400 + (mp >= 10);
}

unsigned month_length(i64 y, unsigned m) {
    constexpr unsigned kLengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : kLengths[m - 1];
}

// ---------------------------------------------------------------------------------------------------
// [posix]

struct LocalType {
    i64 utoff = 0;
    bool is_dst = false;
    std::string abbreviation;
};

struct RuleDate {
    enum class Kind { julian, zero_based, month_week_day } kind = Kind::month_week_day;
    unsigned n = 0, month = 0, week = 0, weekday = 0;
    i64 time = 7200;  // seconds after local midnight; POSIX default 02:00

    i64 day_in(i64 y) const {  // days since 1970-01-01
        const i64 jan1 = days_from_civil(y, 1, 1);
        switch (kind) {
            case Kind::julian:
                return jan1 + n - 1 + (is_leap(y) && n >= 60);  // Feb 29 never counted
            case Kind::zero_based:
                return jan1 + n;
            case Kind::month_week_day:
                break;
        }
        const i64 first = days_from_civil(y, month, 1);
        const i64 wd = ((first + 4) % 7 + 7) % 7;  // 1970-01-01 was a Thursday (4)
        i64 day = first + (i64(weekday) - wd + 7) % 7 + i64(week - 1) * 7;
        while (day >= first + month_length(y, month)) day -= 7;  // week 5 means "last"
        return day;
    }
};

struct PosixRule {
    LocalType std_type;
    std::optional<LocalType> dst_type;  // absent: no daylight saving time at all
    RuleDate start, end;

    // The rule's transitions of year y as UTC seconds. The start is read on standard time, the end on
    // daylight time, as POSIX specifies.
    i64 start_in(i64 y) const { return start.day_in(y) * kDay + start.time - std_type.utoff; }
    i64 end_in(i64 y) const { return end.day_in(y) * kDay + end.time - dst_type->utoff; }

    struct Event {
        i64 at;
        bool to_dst;
    };
    // The transitions of the years around t, in order. Rule times may reach 167 h past the date, so
    // two years either side is enough to bracket t. Equal times keep the year order, which makes
    // "dst all year" rules (",0/0,J365/25": the end meets next year's start) read as daylight time.
    std::array<Event, 10> events_near(i64 t) const {
        const i64 y = year_of_day(floor_div(t + std_type.utoff, kDay));
        std::array<Event, 10> events{};
        for (size_t i = 0; i < 5; ++i) {
            const i64 yy = y - 2 + i64(i);
            const Event s{start_in(yy), true}, e{end_in(yy), false};
            events[2 * i] = s.at <= e.at ? s : e;
            events[2 * i + 1] = s.at <= e.at ? e : s;
        }
        std::stable_sort(events.begin(), events.end(),
                         [](const Event& a, const Event& b) { return a.at < b.at; });
        return events;
    }

    // The Gregorian calendar repeats every 400 years (146,097 days), and so does a POSIX rule. An instant
    // far from today is read at its place in one such cycle near 1970, so the rule's arithmetic (days x
    // 86,400) never overflows (found by fuzzing: an instant ~10^14 days away).
    static constexpr i64 kCycle = 146097 * kDay;
    static constexpr i64 kFar = 1'000'000'000'000;  // ~31,700 years either side: computed directly
    static i64 in_cycle(i64 t) {
        if (t >= -kFar && t <= kFar) return t;
        const i64 r = t % kCycle;  // no multiplication: safe up to the ends of i64
        return r < 0 ? r + kCycle : r;
    }

    const LocalType& at(i64 t) const {
        if (!dst_type) return std_type;
        t = in_cycle(t);
        bool dst = false;
        for (const Event& e : events_near(t))
            if (e.at <= t) dst = e.to_dst;
        return dst ? *dst_type : std_type;
    }

    std::optional<i64> next_after(i64 t) const {
        if (!dst_type) return std::nullopt;
        const i64 r = in_cycle(t);
        for (const Event& e : events_near(r))
            if (e.at > r) {
                const i64 ahead = e.at - r;  // at most about two years
                if (t > std::numeric_limits<i64>::max() - ahead) return std::nullopt;
                return t + ahead;
            }
        return std::nullopt;
    }
};

class TzStringParser {
  public:
    explicit TzStringParser(std::string_view s) : s_(s) {}

    std::optional<PosixRule> parse() {
        PosixRule rule;
        auto std_name = name();
        auto std_offset = hms(24);
        if (!std_name || !std_offset) return std::nullopt;
        rule.std_type = {-*std_offset, false, std::move(*std_name)};  // POSIX offsets count westward
        if (done()) return rule;

        auto dst_name = name();
        if (!dst_name) return std::nullopt;
        i64 dst_utoff = rule.std_type.utoff + 3600;
        if (!done() && peek() != ',') {
            auto off = hms(24);
            if (!off) return std::nullopt;
            dst_utoff = -*off;
        }
        rule.dst_type = LocalType{dst_utoff, true, std::move(*dst_name)};
        if (done()) {  // no rule given: tzcode's default, the US rule
            rule.start = {RuleDate::Kind::month_week_day, 0, 3, 2, 0};
            rule.end = {RuleDate::Kind::month_week_day, 0, 11, 1, 0};
            return rule;
        }
        auto start = (eat(',') ? date() : std::nullopt);
        auto end = (start && eat(',') ? date() : std::nullopt);
        if (!end || !done()) return std::nullopt;
        rule.start = *start, rule.end = *end;
        if (rule.std_type.utoff < kMinOffset || rule.std_type.utoff > kMaxOffset ||
            rule.dst_type->utoff < kMinOffset || rule.dst_type->utoff > kMaxOffset)
            return std::nullopt;
        return rule;
    }

  private:
    bool done() const { return i_ == s_.size(); }
    char peek() const { return done() ? '\0' : s_[i_]; }
    bool eat(char c) {
        if (peek() != c) return false;
        ++i_;
        return true;
    }
    static bool is_alpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
    static bool is_digit(char c) { return c >= '0' && c <= '9'; }

    // "EST" (3+ letters) or "<+0530>" (3+ letters, digits, signs in angle brackets).
    std::optional<std::string> name() {
        const size_t begin = i_;
        if (eat('<')) {
            while (is_alpha(peek()) || is_digit(peek()) || peek() == '+' || peek() == '-') ++i_;
            const std::string_view inner = s_.substr(begin + 1, i_ - begin - 1);
            if (!eat('>') || inner.size() < 3) return std::nullopt;
            return std::string(inner);
        }
        while (is_alpha(peek())) ++i_;
        if (i_ - begin < 3) return std::nullopt;
        return std::string(s_.substr(begin, i_ - begin));
    }

    std::optional<unsigned> number(unsigned max_digits, unsigned max_value) {
        unsigned v = 0, digits = 0;
        while (is_digit(peek()) && digits < max_digits) v = v * 10 + unsigned(s_[i_++] - '0'), ++digits;
        if (digits == 0 || v > max_value) return std::nullopt;
        return v;
    }

    // [+-]h[h[h]][:mm[:ss]] in seconds; hours up to max_hours (24 for offsets, 167 for rule times).
    std::optional<i64> hms(unsigned max_hours) {
        i64 sign = 1;
        if (eat('-')) {
            sign = -1;
        } else {
            eat('+');
        }
        auto h = number(3, max_hours);
        if (!h) return std::nullopt;
        i64 total = i64(*h) * 3600;
        if (eat(':')) {
            auto m = number(2, 59);
            if (!m) return std::nullopt;
            total += i64(*m) * 60;
            if (eat(':')) {
                auto s = number(2, 59);
                if (!s) return std::nullopt;
                total += *s;
            }
        }
        return sign * total;
    }

    std::optional<RuleDate> date() {
        RuleDate d;
        if (eat('J')) {
            auto n = number(3, 365);
            if (!n || *n < 1) return std::nullopt;
            d.kind = RuleDate::Kind::julian, d.n = *n;
        } else if (eat('M')) {
            auto m = number(2, 12);
            auto w = (m && eat('.')) ? number(1, 5) : std::nullopt;
            auto wd = (w && eat('.')) ? number(1, 6) : std::nullopt;
            if (!wd || *m < 1 || *w < 1) return std::nullopt;
            d.kind = RuleDate::Kind::month_week_day, d.month = *m, d.week = *w, d.weekday = *wd;
        } else {
            auto n = number(3, 365);
            if (!n) return std::nullopt;
            d.kind = RuleDate::Kind::zero_based, d.n = *n;
        }
        if (eat('/')) {
            auto t = hms(167);  // RFC 8536 extension: signed hours up to 167
            if (!t) return std::nullopt;
            d.time = *t;
        }
        return d;
    }

    std::string_view s_;
    size_t i_ = 0;
};

// ---------------------------------------------------------------------------------------------------
// [tzif]

// Big-endian reads that fail softly: past the end they yield 0 and latch `failed`.
class Reader {
  public:
    explicit Reader(std::string_view s) : s_(s) {}
    bool failed() const { return failed_; }
    size_t remaining() const { return s_.size() - pos_; }

    std::string_view take(size_t n) {
        if (failed_ || n > remaining()) {
            failed_ = true;
            return {};
        }
        pos_ += n;
        return s_.substr(pos_ - n, n);
    }
    std::uint64_t be(size_t n) {  // unsigned big-endian integer of n <= 8 bytes
        std::uint64_t v = 0;
        for (unsigned char c : take(n)) v = (v << 8) | c;
        return v;
    }
    std::uint32_t u32() { return std::uint32_t(be(4)); }
    i64 s32() { return std::int32_t(std::uint32_t(be(4))); }
    i64 s64() { return i64(be(8)); }
    std::uint8_t u8() { return std::uint8_t(be(1)); }

  private:
    std::string_view s_;
    size_t pos_ = 0;
    bool failed_ = false;
};

struct Header {
    char version = 0;
    std::uint32_t isutcnt = 0, isstdcnt = 0, leapcnt = 0, timecnt = 0, typecnt = 0, charcnt = 0;

    std::uint64_t block_size(unsigned time_size) const {  // 64-bit: counts are attacker-controlled
        return std::uint64_t(timecnt) * (time_size + 1) + std::uint64_t(typecnt) * 6 + charcnt +
               std::uint64_t(leapcnt) * (time_size + 4) + isstdcnt + isutcnt;
    }
};

std::optional<Header> read_header(Reader& r) {
    Header h;
    if (r.take(4) != "TZif") return std::nullopt;
    h.version = char(r.u8());
    r.take(15);
    h.isutcnt = r.u32(), h.isstdcnt = r.u32(), h.leapcnt = r.u32();
    h.timecnt = r.u32(), h.typecnt = r.u32(), h.charcnt = r.u32();
    if (r.failed() || (h.version != 0 && (h.version < '2' || h.version > '4'))) return std::nullopt;
    if (h.typecnt == 0 || h.charcnt == 0 || (h.isutcnt != 0 && h.isutcnt != h.typecnt) ||
        (h.isstdcnt != 0 && h.isstdcnt != h.typecnt))
        return std::nullopt;
    return h;
}

}  // namespace

struct TimeZone::Data {
    std::vector<i64> times;           // transition instants, UTC seconds, strictly increasing
    std::vector<std::uint8_t> kinds;  // index into types for each transition
    std::vector<LocalType> types;     // never empty
    std::optional<PosixRule> rule;    // footer; applies after the last transition
    std::string tzif;

    const LocalType& type_at(i64 t) const {
        if (!times.empty() && t < times.front()) return types[0];
        if (!times.empty() && t <= times.back())
            return types[kinds[size_t(std::upper_bound(times.begin(), times.end(), t) - times.begin()) - 1]];
        if (rule) return rule->at(t);
        return times.empty() ? types[0] : types[kinds.back()];
    }

    std::optional<i64> next_transition_after(i64 t) const {
        if (!times.empty() && t < times.back()) return *std::upper_bound(times.begin(), times.end(), t);
        if (rule) return rule->next_after(t);
        return std::nullopt;
    }
};

namespace {

// Reads one data block (RFC 8536 3.2) into `d`; time_size is 4 (v1 block) or 8 (v2+ block).
bool read_block(Reader& r, const Header& h, unsigned time_size, TimeZone::Data& d) {
    if (h.block_size(time_size) > r.remaining()) return false;  // before allocating anything
    d.times.resize(h.timecnt);
    for (i64& t : d.times) t = time_size == 8 ? r.s64() : r.s32();
    if (std::adjacent_find(d.times.begin(), d.times.end(), std::greater_equal<>()) != d.times.end())
        return false;
    d.kinds.resize(h.timecnt);
    for (auto& k : d.kinds)
        if ((k = r.u8()) >= h.typecnt) return false;

    struct RawType {
        i64 utoff;
        std::uint8_t is_dst, abbr_index;
    };
    std::vector<RawType> raw(h.typecnt);
    for (RawType& t : raw) {
        t = {r.s32(), r.u8(), r.u8()};
        if (t.utoff < kMinOffset || t.utoff > kMaxOffset || t.is_dst > 1 || t.abbr_index >= h.charcnt)
            return false;
    }
    const std::string_view chars = r.take(h.charcnt);
    for (const RawType& t : raw) {
        const size_t nul = chars.find('\0', t.abbr_index);
        if (nul == std::string_view::npos) return false;  // abbreviations must be NUL-terminated
        d.types.push_back(
            {t.utoff, t.is_dst == 1, std::string(chars.substr(t.abbr_index, nul - t.abbr_index))});
    }
    r.take(std::uint64_t(h.leapcnt) * (time_size + 4));  // leap seconds: not used, see header
    for (std::uint64_t i = 0; i < std::uint64_t(h.isstdcnt) + h.isutcnt; ++i)
        if (r.u8() > 1) return false;
    return !r.failed();
}

}  // namespace

// ---------------------------------------------------------------------------------------------------
// [lookup]

std::optional<TimeZone> TimeZone::from_tzif(std::string_view name, std::string_view bytes) {
    auto data = std::make_shared<Data>();
    Reader r(bytes);
    auto h = read_header(r);
    if (!h) return std::nullopt;
    if (h->version == 0) {
        if (!read_block(r, *h, 4, *data)) return std::nullopt;
    } else {
        // Skip the 32-bit block (kept only for old readers) and read the 64-bit one and the footer.
        if (h->block_size(4) > r.remaining()) return std::nullopt;
        r.take(h->block_size(4));
        h = read_header(r);
        if (!h || h->version == 0 || !read_block(r, *h, 8, *data)) return std::nullopt;
        if (r.take(1) != "\n") return std::nullopt;
        size_t len = 0;
        Reader peek = r;
        while (!peek.failed() && peek.take(1) != "\n") ++len;
        if (peek.failed()) return std::nullopt;  // footer must end with a newline
        const std::string_view footer = r.take(len);
        if (!footer.empty()) {
            data->rule = TzStringParser(footer).parse();
            if (!data->rule) return std::nullopt;
            // RFC 8536 3.3: the footer must agree with the last transition's type. A footer that does not
            // would change the offset at the last transition without a transition there, and local times
            // around it would resolve to instants that do not map back (found by fuzzing).
            if (!data->times.empty() && data->rule->at(data->times.back()).utoff != data->types[data->kinds.back()].utoff)
                return std::nullopt;
        }
    }
    data->tzif = std::string(bytes);
    return TimeZone(std::string(name), std::move(data));
}

TimeZone TimeZone::with_name(std::string name) const {
    return TimeZone(std::move(name), data_);
}

std::string_view TimeZone::tzif() const {
    return data_->tzif;
}

OffsetInfo TimeZone::at(Instant utc) const {
    const auto s = std::chrono::floor<std::chrono::seconds>(utc).time_since_epoch().count();
    const LocalType& t = data_->type_at(clamp_seconds(s));
    return {std::chrono::seconds{t.utoff}, t.is_dst, t.abbreviation};
}

std::chrono::local_time<std::chrono::milliseconds> TimeZone::to_local(Instant utc) const {
    using namespace std::chrono;
    const i64 ms = std::clamp<i64>(utc.time_since_epoch().count(), -kMaxSeconds * 1000, kMaxSeconds * 1000);
    const i64 offset = data_->type_at(floor_div(ms, 1000)).utoff;
    return local_time<milliseconds>{milliseconds{ms + offset * 1000}};
}

LocalResult TimeZone::to_utc(LocalTime local) const {
    using namespace std::chrono;
    const i64 l = clamp_seconds(local.time_since_epoch().count());
    const auto instant = [](i64 s) { return Instant{seconds{s}}; };

    // Any answer u = l - offset lies in (l - 26 h, l + 25 h). List the offset segments covering that
    // window, then keep each segment's candidate if it falls inside the segment.
    struct Segment {
        i64 start;
        i64 utoff;
    };
    const i64 lo = l - kMaxOffset - 1, hi = l - kMinOffset;
    std::vector<Segment> segments{{lo, data_->type_at(lo).utoff}};
    for (auto t = data_->next_transition_after(lo); t && *t <= hi; t = data_->next_transition_after(*t))
        segments.push_back({*t, data_->type_at(*t).utoff});

    std::optional<i64> first, last;
    for (size_t i = 0; i < segments.size(); ++i) {
        const i64 u = l - segments[i].utoff;
        const i64 end = i + 1 < segments.size() ? segments[i + 1].start : hi + 1;
        if (u < segments[i].start || u >= end) continue;
        first = std::min(first.value_or(u), u);
        last = std::max(last.value_or(u), u);
    }
    if (first)
        return {*first == *last ? LocalResult::Kind::unique : LocalResult::Kind::ambiguous, instant(*first),
                instant(*last)};

    // No candidate: l sits in a gap where the offset jumps forward from `before` to `after` at t.
    for (size_t i = 1; i < segments.size(); ++i) {
        const i64 t = segments[i].start, before = segments[i - 1].utoff, after = segments[i].utoff;
        if (before < after && t + before <= l && l < t + after)
            return {LocalResult::Kind::nonexistent, instant(t), instant(l - before)};
    }
    // Unreachable for consistent data; answer something sane rather than nothing.
    const i64 u = l - segments.front().utoff;
    return {LocalResult::Kind::nonexistent, instant(u), instant(u)};
}

}  // namespace core
