// One WebSocket connection. The flow, all on the connection's strand except the dispatcher call:
//
//   read frame -> (worker pool) Dispatcher::handle -> (strand) send reply, apply effects -> read next
//
// Reading the next frame only after the previous one is answered keeps requests in order per
// connection and gives natural backpressure (a client that floods waits on TCP). The dispatcher runs
// on the worker pool because a password hash takes ~50 ms and a transaction may wait for the store,
// and neither must stall other connections. What needs neither (a refused or malformed request, a
// Work::memory route such as `me` with its session cached) is answered right on the strand: two
// thread hand-offs cost more than the request itself.
// Requests that cost a password hash (Work::password: sign_in, sign_up, change_password) first pass the
// connection's and the address's token buckets (AuthLimits; refused with rate_limited on the strand,
// no hash spent), then run on the hash pool, never on the workers. Requests that read many rows
// (Work::scan: searches, history pages, slot lists, listings) likewise pass the connection's bucket
// (ScanLimits) and run on the scan threads, which also decode big frames: a flood of either waits
// behind itself while the workers stay free for everyone else's requests (tests/bench/flood.cpp).
// Outgoing frames wait in a bounded queue; past its limits the connection is closed with 1008.
// Beast itself enforces the frame size (close 1009) and UTF-8 in text frames (close 1007).
//
// Cost per request (tests/bench/request_cpu.cpp): the session's strand is named by its concrete type
// instead of the type-erased executor, and the idle timeout is a check every quarter of it against the
// time a frame (or pong) last came in, not Beast's timer re-armed on every read.
#include "net/websocket_session.h"

#include <chrono>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include "version.h"

namespace server {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

// A strand of the io_context, named by its concrete type (not the type-erased any_io_executor, whose
// copies cost atomic reference counts on every operation). Not the bare io_context executor: with it,
// a client that stopped reading was never closed for overflowing its queue (bad_input_test.cpp).
using Executor = net::strand<net::io_context::executor_type>;
using Socket = net::basic_stream_socket<tcp, Executor>;
using Timer = net::basic_waitable_timer<std::chrono::steady_clock, net::wait_traits<std::chrono::steady_clock>, Executor>;

// The accepted socket, moved onto a strand of the concrete type (same file descriptor).
Socket on_own_strand(tcp::socket plain) {
    auto& ioc = static_cast<net::io_context&>(net::query(plain.get_executor(), net::execution::context));
    const auto protocol = plain.local_endpoint().protocol();
    return Socket(net::make_strand(ioc.get_executor()), protocol, plain.release());
}

// Errors that just mean "the peer went away or we closed": not worth more than a debug line.
bool is_ordinary_end(const beast::error_code& ec) {
    return ec == websocket::error::closed || ec == net::error::operation_aborted || ec == net::error::eof ||
           ec == net::error::connection_reset || ec == net::error::broken_pipe || ec == beast::error::timeout;
}

class WebSocketSession final : public Connection, public std::enable_shared_from_this<WebSocketSession> {
public:
    WebSocketSession(tcp::socket plain, ServerContext& ctx, std::string remote)
        : ws_(on_own_strand(std::move(plain))),
          keepalive_(ws_.get_executor()),
          ctx_(ctx),
          remote_(std::move(remote)),
          address_(address_of(remote_)),
          id_(ctx.hub.next_connection_id()) {
        state_.id = id_;
        if (ctx_.auth_limits) auth_bucket_ = ctx_.auth_limits->connection_bucket();
        if (ctx_.scan_limits) scan_bucket_ = ctx_.scan_limits->connection_bucket();
    }

    ~WebSocketSession() override { ctx_.hub.leave(this); }

    void run(http::request<http::string_body> upgrade) {
        const ServerConfig& c = ctx_.config;
        websocket::stream_base::timeout timeout{};
        timeout.handshake_timeout = c.handshake_timeout;
        timeout.idle_timeout = websocket::stream_base::none();  // keep_alive() below
        timeout.keep_alive_pings = false;
        ws_.set_option(timeout);
        ws_.control_callback([this](websocket::frame_type, beast::string_view) { heard_at_ = std::chrono::steady_clock::now(); });
        ws_.set_option(websocket::stream_base::decorator(
            [](websocket::response_type& res) { res.set(http::field::server, "telemed-server/" TELEMED_SERVER_VERSION); }));
        ws_.read_message_max(c.max_message_bytes);
        ws_.async_accept(upgrade, beast::bind_front_handler(&WebSocketSession::on_accept, shared_from_this()));
    }

    std::uint64_t id() const override { return id_; }

    // --- Connection: called from any thread, so each hops onto the strand.
    void send(SharedText frame) override {
        net::post(ws_.get_executor(), [self = shared_from_this(), frame = std::move(frame)]() mutable {
            self->enqueue(std::move(frame));
        });
    }

    void close(CloseCode code, std::string reason) override {
        net::post(ws_.get_executor(), [self = shared_from_this(), code, reason = std::move(reason)] {
            self->start_close(code, reason, /*flush=*/true);
        });
    }

    void end_session(core::SessionId session) override {
        net::post(ws_.get_executor(), [self = shared_from_this(), session] {
            if (self->dispatching_) self->ended_while_dispatching_ = session;
            self->forget_session(session);
        });
    }

private:
    nlohmann::json log_fields() const { return {{"conn", id_}, {"remote", remote_}}; }

    void on_accept(beast::error_code ec) {
        if (ec) return fail(ec, "accept");
        ctx_.hub.join(shared_from_this());
        ctx_.log.debug("websocket opened", log_fields());
        heard_at_ = std::chrono::steady_clock::now();
        keep_alive();
        do_read();
    }

    // The idle timeout of this connection: the shorter call one while it is in a call, so a member who
    // vanished without closing their socket is noticed within their reconnect grace.
    std::chrono::milliseconds idle_timeout() const {
        const ServerConfig& c = ctx_.config;
        return state_.calls.empty() ? c.ws_idle_timeout : std::min(c.ws_idle_timeout, c.call_idle_timeout);
    }

    // Every quarter of the idle timeout: a ping once the peer has been silent for half of it (a browser
    // answers with a pong, which counts as hearing from it), and the socket closed once silent for all
    // of it. A dead peer is thus dropped between 1 and 1.25 idle timeouts after it last spoke (after
    // joining a call, the shorter timeout applies from the next check on).
    void keep_alive() {
        keepalive_.expires_after(idle_timeout() / 4);
        keepalive_.async_wait([self = shared_from_this()](beast::error_code ec) {
            if (ec || self->gone_) return;  // closing too is bounded by the idle timeout
            const auto silent = std::chrono::steady_clock::now() - self->heard_at_;
            const auto idle = self->idle_timeout();
            if (silent >= idle) {
                // Silent since heard_at_: a call member's grace counts from there (disconnected()).
                self->state_.unheard_for = std::chrono::duration_cast<std::chrono::milliseconds>(silent);
                self->fail(beast::error::timeout, "idle");
                beast::error_code ignored;
                beast::get_lowest_layer(self->ws_).close(ignored);  // the pending read ends: operation_aborted
                return;
            }
            if (silent >= idle / 2 && !self->pinging_ && !self->closing_) {
                self->pinging_ = true;
                self->ws_.async_ping({}, [self](beast::error_code) {
                    self->pinging_ = false;
                    if (self->close_after_ping_) self->do_close();
                });
            }
            self->keep_alive();
        });
    }

    void do_read() {
        if (closing_) return;
        ws_.async_read(buffer_, beast::bind_front_handler(&WebSocketSession::on_read, shared_from_this()));
    }

    void on_read(beast::error_code ec, std::size_t) {
        if (ec) return fail(ec, "read");
        if (!ws_.got_text()) {
            buffer_.consume(buffer_.size());
            const auto error = core::Error::of(core::ErrorCode::bad_message,
                                               "Send JSON in text frames; binary frames are not accepted.");
            enqueue(std::make_shared<const std::string>(core::protocol::encode_error(std::nullopt, error)));
            return do_read();
        }
        std::string text = beast::buffers_to_string(buffer_.data());
        buffer_.consume(buffer_.size());
        buffer_.shrink_to_fit();  // an idle connection keeps no read buffer (bench_idle_connections)
        read_at_ = heard_at_ = std::chrono::steady_clock::now();
        dispatch(std::move(text));
    }

    // Frames up to this size are decoded on the strand, to see whether they can be answered there;
    // bigger ones (recording chunks, and floods of padded requests) are decoded on the scan threads, so
    // no parse stalls the I/O thread and none occupies a worker that someone else's request needs.
    static constexpr std::size_t kDecodeOnStrandBytes = 4096;

    void dispatch(std::string text) {
        if (text.size() > kDecodeOnStrandBytes && ctx_.scanning) return decode_on_scan_threads(std::move(text));
        dispatch_decoded(core::protocol::decode_request(text));
    }

    void dispatch_decoded(core::DecodedRequest request) {
        if (auto outcome = ctx_.dispatcher.handle_in_memory(state_, request)) return finish(std::move(*outcome));
        switch (work_of(request)) {
            case core::Work::password: return dispatch_password(std::move(request));
            case core::Work::scan: return dispatch_scan(std::move(request));
            case core::Work::store:
            case core::Work::memory: return dispatch_on(ctx_.workers, std::move(request));
        }
    }

    // Where the request should run; malformed ones (answered by the dispatcher) count as store work.
    core::Work work_of(const core::DecodedRequest& request) const {
        const auto* r = std::get_if<core::protocol::Request>(&request);
        if (!r) return core::Work::store;
        const core::Work work = ctx_.dispatcher.work_of(r->type);
        if (work == core::Work::password && !ctx_.hashing) return core::Work::store;
        if (work == core::Work::scan && !ctx_.scanning) return core::Work::store;
        return work;
    }

    // The decoded request comes back to the strand and goes the way a small frame goes: a padded
    // sign_in or search passes the same limits as any other.
    void decode_on_scan_threads(std::string text) {
        dispatching_ = true;
        net::post(*ctx_.scanning, [self = shared_from_this(), text = std::move(text)]() mutable {
            core::DecodedRequest request = core::protocol::decode_request(text);
            net::post(self->ws_.get_executor(), [self, request = std::move(request)]() mutable {
                self->dispatching_ = false;
                if (self->gone_) return self->disconnected();
                self->dispatch_decoded(std::move(request));
            });
        });
    }

    // Answers a request refused before it ran (a limit), on the strand.
    void refuse(const core::DecodedRequest& request, const core::Error& error, const char* log_line) {
        const auto& r = std::get<core::protocol::Request>(request);
        ctx_.log.debug(log_line, {{"conn", id_}, {"remote", remote_},
                                  {"type", std::string(core::protocol::to_string(r.type))},
                                  {"code", std::string(core::to_string(error.code))}});
        core::DispatchOutcome outcome;
        outcome.type = r.type;
        outcome.reply = core::protocol::encode_error(r.id, error);
        finish(std::move(outcome));
    }

    // The connection's bucket and the queue bound first (on the strand), then the scan threads.
    void dispatch_scan(core::DecodedRequest request) {
        if (ctx_.scan_limits)
            if (auto refused = ctx_.scan_limits->admit(scan_bucket_)) return refuse(request, *refused, "scan request refused");
        dispatch_on(*ctx_.scanning, std::move(request), [](WebSocketSession& self) {
            if (self.ctx_.scan_limits) self.ctx_.scan_limits->leave_queue();
        });
    }

    // Limits first (on the strand: a refusal costs no hash and no thread hand-off), then the hash pool.
    void dispatch_password(core::DecodedRequest request) {
        std::optional<core::Error> refused;
        if (ctx_.auth_limits) {
            refused = ctx_.auth_limits->admit(auth_bucket_, address_);
            if (!refused && !ctx_.auth_limits->enter_hash_queue()) {
                refused = core::Error::of(core::ErrorCode::overloaded, "Many people are signing in right now. Try again in a moment.");
                refused->retry_after_s = 1;
            }
        }
        if (refused) return refuse(request, *refused, "password request refused");
        dispatch_on(*ctx_.hashing, std::move(request), [](WebSocketSession& self) {
            if (self.ctx_.auth_limits) self.ctx_.auth_limits->leave_hash_queue();
        });
    }

    // Runs the dispatcher on `pool` (the workers, the hash pool or the scan threads) with a copy of the
    // connection state; `handled` runs there right after (to leave a queue); the strand gets the
    // outcome and the updated state back.
    template <typename Pool>
    void dispatch_on(Pool& pool, core::DecodedRequest request, void (*handled)(WebSocketSession&) = nullptr) {
        dispatching_ = true;
        net::post(pool, [self = shared_from_this(), request = std::move(request), state = state_, handled]() mutable {
            core::DispatchOutcome outcome = self->ctx_.dispatcher.handle(state, std::move(request));
            if (handled) handled(*self);
            net::post(self->ws_.get_executor(),
                      [self, outcome = std::move(outcome), state = std::move(state)]() mutable {
                          self->on_dispatched(std::move(outcome), std::move(state));
                      });
        });
    }

    void on_dispatched(core::DispatchOutcome outcome, core::ConnectionState state) {
        dispatching_ = false;
        state_ = std::move(state);
        finish(std::move(outcome));
    }

    void finish(core::DispatchOutcome outcome) {
        if (gone_) {  // the socket failed while the request ran: its calls are still to be released
            apply_effects(outcome);
            return disconnected();
        }
        if (ended_while_dispatching_) {  // the sweep ended the session while the request ran
            forget_session(*ended_while_dispatching_);
            ended_while_dispatching_.reset();
        }
        enqueue(std::make_shared<const std::string>(std::move(outcome.reply)));
        apply_effects(outcome);
        ctx_.metrics.record(outcome.type, std::chrono::steady_clock::now() - read_at_);
        do_read();
    }

    // Binding first, so a connection that signs out does not get its own session.ended event; then the
    // events; then the other sockets of revoked sessions are closed (after their events are flushed).
    void apply_effects(const core::DispatchOutcome& outcome) {
        if (outcome.signed_out) ctx_.hub.unbind(this);
        if (outcome.signed_in && state_.session == outcome.signed_in) {
            ctx_.hub.bind(this, *outcome.signed_in, state_.user.value_or(0));
            ctx_.log.info("signed in", {{"conn", id_}, {"session", *outcome.signed_in}, {"user", state_.user.value_or(0)}});
        }
        if (outcome.guest_bound) {
            ctx_.hub.bind_guest(this, *outcome.guest_bound);
            ctx_.log.info("guest joined", {{"conn", id_}, {"guest", *outcome.guest_bound}});
        }
        ctx_.hub.apply(outcome.effects, this);
    }

    void forget_session(core::SessionId session) {
        if (state_.session != session) return;
        state_.session.reset();
        state_.user.reset();
        ctx_.hub.unbind(this);
    }

    // --- writing
    void enqueue(SharedText frame) {
        if (closing_) return;
        const ServerConfig& c = ctx_.config;
        // A frame is always accepted into an empty queue, however large: the limits bound the backlog of
        // a client that does not read, not the size of one answer.
        const bool over = !queue_.empty() && (queue_.size() + 1 > c.write_queue_messages ||
                                              queued_bytes_ + frame->size() > c.write_queue_bytes);
        if (over) {
            ctx_.log.warn("send queue overflow, closing",
                          {{"conn", id_}, {"queued_messages", queue_.size()}, {"queued_bytes", queued_bytes_}});
            return start_close(CloseCode::policy, "send queue overflow", /*flush=*/false);
        }
        queued_bytes_ += frame->size();
        queue_.push_back(std::move(frame));
        if (!writing_) do_write();
    }

    void do_write() {
        writing_ = true;
        ws_.text(true);
        ws_.async_write(net::buffer(*queue_.front()),
                        beast::bind_front_handler(&WebSocketSession::on_write, shared_from_this()));
    }

    void on_write(beast::error_code ec, std::size_t) {
        writing_ = false;
        queued_bytes_ -= queue_.front()->size();
        queue_.erase(queue_.begin());  // short queues: a client that stops reading is closed at the limit
        if (queue_.empty() && queue_.capacity() > 16) queue_ = {};
        if (ec) return fail(ec, "write");
        if (!queue_.empty()) return do_write();
        if (pending_close_) do_close();
    }

    // --- closing
    // flush: send what is queued first (events before a sign-out close); otherwise drop it (overflow).
    void start_close(CloseCode code, std::string_view reason, bool flush) {
        if (closing_) return;
        closing_ = true;
        pending_close_ = websocket::close_reason(static_cast<websocket::close_code>(code), reason);
        if (!flush) {
            while (queue_.size() > (writing_ ? 1u : 0u)) {  // the frame being written must stay alive
                queued_bytes_ -= queue_.back()->size();
                queue_.pop_back();
            }
        }
        if (!writing_ && queue_.empty()) do_close();
    }

    void do_close() {
        if (pinging_) return void(close_after_ping_ = true);  // Beast allows one ping or close at a time
        close_after_ping_ = false;
        const auto reason = *pending_close_;
        ctx_.log.debug("websocket closing", {{"conn", id_},
                        {"code", static_cast<int>(reason.code)},
                        {"reason", std::string(reason.reason.data(), reason.reason.size())}});
        ws_.async_close(reason, beast::bind_front_handler(&WebSocketSession::on_close, shared_from_this()));
    }

    void on_close(beast::error_code ec) {
        if (ec && !is_ordinary_end(ec)) ctx_.log.debug("websocket close failed", {{"conn", id_}, {"error", ec.message()}});
    }

    // The connection is gone: members of a call over it go to `reconnecting` (their slot is kept for
    // the grace period; a new connection rejoins with call_join), and presence stops counting it.
    // Runs on the worker pool.
    void disconnected() {
        if (state_.calls.empty() && !state_.present) return;
        core::ConnectionState gone;
        gone.id = id_;
        gone.calls = std::exchange(state_.calls, {});
        gone.present = std::exchange(state_.present, false);
        gone.unheard_for = state_.unheard_for;
        net::post(ctx_.workers, [self = shared_from_this(), gone = std::move(gone)]() mutable {
            self->ctx_.hub.apply(self->ctx_.dispatcher.on_disconnect(gone));
        });
    }

    void fail(beast::error_code ec, const char* what) {
        if (gone_) return;  // the read and the write may both fail; the first says why
        gone_ = true;
        ctx_.hub.leave(this);
        keepalive_.cancel();
        if (!dispatching_) disconnected();  // else on_dispatched() does it with the newest state
        if (is_ordinary_end(ec)) {
            ctx_.log.debug("websocket ended", {{"conn", id_}, {"during", what}, {"why", ec.message()}});
            return;
        }
        // Protocol violations (oversized frame, invalid UTF-8, ...): Beast has already sent the close
        // frame with the matching code; the log says which.
        ctx_.log.info("websocket closed on error",
                      {{"conn", id_}, {"remote", remote_}, {"during", what}, {"error", ec.message()}});
    }

    websocket::stream<Socket> ws_;
    Timer keepalive_;
    std::chrono::steady_clock::time_point heard_at_{};  // the last frame or pong from the peer
    bool pinging_ = false, close_after_ping_ = false;
    beast::flat_buffer buffer_;
    ServerContext& ctx_;
    std::string remote_;
    std::string address_;            // remote_ without its port: the key of the per-address limit
    core::TokenBucket auth_bucket_;  // this connection's password-request budget
    core::TokenBucket scan_bucket_;  // and its budget of searches, history pages and listings
    std::uint64_t id_;
    core::ConnectionState state_;

    // Outgoing frames, oldest first. A vector, not a std::deque: libstdc++'s deque allocates ~600 bytes
    // when constructed, which every idle connection would keep.
    std::vector<SharedText> queue_;
    std::size_t queued_bytes_ = 0;
    bool writing_ = false;
    bool closing_ = false;
    std::optional<websocket::close_reason> pending_close_;
    bool dispatching_ = false;
    std::chrono::steady_clock::time_point read_at_{};  // when the request being handled was read
    bool gone_ = false;  // read or write failed: the peer is gone
    std::optional<core::SessionId> ended_while_dispatching_;
};

}  // namespace

void start_websocket_session(beast::tcp_stream stream, http::request<http::string_body> upgrade,
                             ServerContext& ctx, std::string remote) {
    stream.expires_never();  // the session's own keep_alive() takes over
    std::make_shared<WebSocketSession>(stream.release_socket(), ctx, std::move(remote))->run(std::move(upgrade));
}

}  // namespace server
