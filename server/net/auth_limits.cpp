#include "net/auth_limits.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace server {

namespace {
core::Rate rate(unsigned burst, Millis refill) { return core::Rate{double(burst), refill}; }
}  // namespace

AuthLimits::AuthLimits(const ServerConfig& config)
    : config_(config), per_address_(rate(config.auth_burst_per_address, config.auth_refill_per_address)) {}

core::TokenBucket AuthLimits::connection_bucket() const {
    return core::TokenBucket(rate(config_.auth_burst_per_connection, config_.auth_refill_per_connection), clock_.now());
}

std::optional<core::Error> AuthLimits::admit(core::TokenBucket& connection, const std::string& address) {
    const core::Instant now = clock_.now();
    const auto refuse = [](core::Duration wait, const char* whose) {
        const int seconds = core::retry_after_seconds(wait);
        core::Error e = core::Error::of(core::ErrorCode::rate_limited,
                                        std::string("Too many sign-in attempts from ") + whose + ". Try again in " +
                                            std::to_string(seconds) + (seconds == 1 ? " second." : " seconds."));
        e.retry_after_s = seconds;
        return e;
    };
    if (auto wait = connection.take(now)) return refuse(*wait, "this connection");
    if (auto wait = per_address_.take(address, now)) return refuse(*wait, "your network address");
    return std::nullopt;
}

bool AuthLimits::enter_hash_queue() {
    unsigned n = queued_.load();
    do {
        if (n >= config_.max_queued_hashes) return false;
    } while (!queued_.compare_exchange_weak(n, n + 1));
    return true;
}

void AuthLimits::leave_hash_queue() { queued_.fetch_sub(1); }

std::string address_of(const std::string& remote) {
    const auto colon = remote.rfind(':');
    std::string host = colon == std::string::npos ? remote : remote.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    return host;
}

LanePool::LanePool(unsigned threads, int nice)
    : ioc_(std::make_unique<boost::asio::io_context>(int(threads ? threads : 1))), guard_(boost::asio::make_work_guard(*ioc_)) {
    for (unsigned i = 0; i < (threads ? threads : 1); ++i)
        threads_.emplace_back([this, nice] {
            // The hash pool runs at a lower priority than the I/O thread and the workers: a burst of
            // hashes slows sign-ins, not everyone's requests. (Linux: setpriority on a thread id affects
            // that thread only.)
            if (nice) (void)setpriority(PRIO_PROCESS, static_cast<id_t>(::syscall(SYS_gettid)), nice);
            ioc_->run();
        });
}

LanePool::~LanePool() {
    stop();
    join();
}

void LanePool::stop() {
    guard_.reset();
    if (ioc_) ioc_->stop();
}

void LanePool::join() {
    for (std::thread& t : threads_)
        if (t.joinable()) t.join();
    guard_.reset();
    ioc_.reset();
}

}  // namespace server
