// HTTP: static files (ETags, precompressed forms, long caching for hashed names), /healthz, and the
// WebSocket upgrade. Every response carries the security headers (CSP, nosniff, no referrer, no
// framing, camera/microphone for this origin only).
#include "net/http_session.h"

#include <cctype>

#include "core/messaging/attachment_rules.h"

#include <optional>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "net/http_parsing.h"
#include "net/websocket_session.h"
#include "version.h"

namespace server {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

// The client is one WASM module plus its JS glue and page: everything from this origin; WebAssembly
// compilation needs 'wasm-unsafe-eval'; media may come from the camera (mediastream:) and blobs.
constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; "
    "media-src 'self' blob: mediastream:; connect-src 'self'; font-src 'self'; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'";

using Response = http::response<http::span_body<const char>>;

void set_common_headers(Response& res) {
    res.set(http::field::server, "telemed-server/" TELEMED_SERVER_VERSION);
    res.set("Content-Security-Policy", kContentSecurityPolicy);
    res.set("X-Content-Type-Options", "nosniff");
    res.set("Referrer-Policy", "no-referrer");
    res.set("X-Frame-Options", "DENY");
    res.set("Permissions-Policy", "camera=(self), microphone=(self), display-capture=(self)");
}

class HttpSession : public std::enable_shared_from_this<HttpSession> {
public:
    HttpSession(tcp::socket&& socket, ServerContext& ctx) : stream_(std::move(socket)), ctx_(ctx) {
        beast::error_code ec;
        const auto ep = stream_.socket().remote_endpoint(ec);
        if (!ec) remote_ = ep.address().to_string() + ":" + std::to_string(ep.port());
    }

    void run() {
        net::dispatch(stream_.get_executor(), beast::bind_front_handler(&HttpSession::do_read, shared_from_this()));
    }

private:
    void do_read() {
        parser_.emplace();
        parser_->header_limit(kHttpHeaderLimit);
        parser_->body_limit(kHttpBodyLimit);
        stream_.expires_after(first_request_ ? ctx_.config.handshake_timeout : ctx_.config.http_timeout);
        first_request_ = false;
        http::async_read(stream_, buffer_, *parser_,
                         beast::bind_front_handler(&HttpSession::on_read, shared_from_this()));
    }

    void on_read(beast::error_code ec, std::size_t) {
        if (ec == http::error::end_of_stream) return shutdown();
        if (ec) {
            if (ec != beast::error::timeout && ec != net::error::operation_aborted && ec != net::error::connection_reset)
                ctx_.log.debug("http read failed", {{"remote", remote_}, {"error", ec.message()}});
            return;
        }
        request_ = parser_->release();
        if (beast::websocket::is_upgrade(request_)) return upgrade();
        handle();
    }

    void upgrade() {
        if (path_of(request_.target()) != "/ws") return respond_text(http::status::not_found, "Not found\n");
        const auto origin = request_.find(http::field::origin);
        const bool has_origin = origin != request_.end();
        const std::string_view origin_value = has_origin ? origin->value() : std::string_view{};
        if (!origin_allowed(origin_value, request_[http::field::host], ctx_.config.allowed_origins, has_origin)) {
            ctx_.log.warn("websocket refused: origin not allowed", {{"remote", remote_}, {"origin", origin_value}});
            close_after_ = true;
            return respond_text(http::status::forbidden, "This origin may not open the WebSocket.\n");
        }
        start_websocket_session(std::move(stream_), std::move(request_), ctx_, remote_);
    }

    void handle() {
        const auto method = request_.method();
        if (method != http::verb::get && method != http::verb::head) {
            return respond_text(http::status::method_not_allowed, "Only GET and HEAD are served here.\n",
                                [](Response& res) { res.set(http::field::allow, "GET, HEAD"); });
        }
        const std::string path = path_of(request_.target());
        if (path == "/healthz") return healthz();
        if (path == "/metrics") return metrics();
        if (path == "/ws") return respond_text(http::status::upgrade_required, "Open /ws as a WebSocket.\n");
        if (path.starts_with("/recordings/")) return serve_recording(path);
        if (path.starts_with("/attachments/")) return serve_attachment(path);
        serve_file();
    }

    // The database check may wait for a transaction, so it runs on the worker pool.
    void healthz() {
        net::post(ctx_.workers, [self = shared_from_this()] {
            const auto health = self->ctx_.health();
            const auto status = health.value("status", "") == "ok" ? http::status::ok : http::status::service_unavailable;
            auto body = std::make_shared<const std::string>(health.dump() + "\n");
            net::post(self->stream_.get_executor(), [self, body, status] {
                self->respond(status, "application/json", body,
                              [](Response& res) { res.set(http::field::cache_control, "no-store"); });
            });
        });
    }

    // Operators scrape this from the machine itself; it is not for the world (a reverse proxy on the same
    // host must not pass /metrics on: see docs/OPERATIONS.md).
    void metrics() {
        beast::error_code ec;
        const auto peer = stream_.socket().remote_endpoint(ec);
        if (ec || !peer.address().is_loopback()) return respond_text(http::status::not_found, "Not found\n");
        respond(http::status::ok, "text/plain; version=0.0.4; charset=utf-8",
                std::make_shared<const std::string>(ctx_.metrics.prometheus_text() +
                                                    (ctx_.store_metrics ? ctx_.store_metrics() : std::string())),
                [](Response& res) { res.set(http::field::cache_control, "no-store"); });
    }

    // GET /recordings/<id>?token=<signed link>: the bytes of a call recording, with Range support so a
    // <video> element can seek. The token names the viewer, the action and an expiry; its first use
    // writes the access log. The database work runs on the worker pool.
    void serve_recording(const std::string& path) {
        if (!ctx_.recordings) return respond_text(http::status::not_found, "Not found\n");
        const auto id = parse_recording_id(path);
        const std::string token = query_param(request_.target(), "token");
        const std::string range(request_[http::field::range]);
        if (!id) return respond_text(http::status::not_found, "Not found\n");
        net::post(ctx_.workers, [self = shared_from_this(), id = *id, token, range] {
            auto reply = self->recording_reply(id, token, range);
            net::post(self->stream_.get_executor(), [self, reply = std::move(reply)] {
                self->respond(reply.status, reply.content_type, reply.body, [&reply](Response& res) {
                    res.set(http::field::cache_control, "no-store");  // medical data: never in shared caches
                    res.set(http::field::accept_ranges, "bytes");
                    for (const auto& [name, value] : reply.headers) res.set(name, value);
                });
            });
        });
    }

    struct RecordingReply {
        http::status status = http::status::ok;
        std::string content_type;
        SharedText body;
        std::vector<std::pair<std::string, std::string>> headers;
    };

    static RecordingReply text_reply(http::status status, std::string text) {
        return {status, "text/plain; charset=utf-8", std::make_shared<const std::string>(std::move(text) + "\n"), {}};
    }

    // Runs on a worker: checks the link, reads the requested bytes.
    RecordingReply recording_reply(core::RecordingId id, const std::string& token, const std::string& range) {
        try {
            auto& recordings = *ctx_.recordings;
            auto redeemed = recordings.redeem(token, id);
            if (!redeemed) {
                ctx_.log.info("recording link refused", {{"remote", remote_}, {"recording", id}});
                return text_reply(http::status::forbidden, redeemed.error().message);
            }
            const auto& r = redeemed->recording;
            if (redeemed->first_use)
                ctx_.log.info("recording accessed", {{"recording", id}, {"user", redeemed->user},
                                                      {"action", std::string(core::to_string(redeemed->action))}});
            const std::int64_t total = r.bytes;
            RecordingReply reply;
            reply.content_type = r.mime_type.substr(0, r.mime_type.find(';'));
            if (redeemed->action == core::RecordingAccessAction::download)
                reply.headers.push_back({"Content-Disposition", "attachment; filename=\"visit-" + std::to_string(r.appointment_id) +
                                                                    "-recording-" + std::to_string(r.id) + ".webm\""});
            auto span = parse_byte_range(range, total);
            if (!span) {
                auto out = text_reply(http::status::range_not_satisfiable, "The requested range is outside the recording.");
                out.headers.push_back({"Content-Range", "bytes */" + std::to_string(total)});
                return out;
            }
            if (span->partial) {
                reply.status = http::status::partial_content;
                reply.headers.push_back({"Content-Range", "bytes " + std::to_string(span->from) + "-" +
                                                              std::to_string(span->to - 1) + "/" + std::to_string(total)});
            }
            reply.body = std::make_shared<const std::string>(recordings.read(id, span->from, span->to));
            return reply;
        } catch (const std::exception& e) {
            ctx_.log.error("recording read failed", {{"recording", id}, {"error", e.what()}});
            return text_reply(http::status::internal_server_error, "The recording could not be read. Please try again.");
        }
    }

    // GET /attachments/<id>?token=<signed link>: a message's file (a photo or a PDF), whole. The token
    // names the person it was made for and expires within minutes; its first use writes the access log
    // (who, when). Served as a download with the sender's file name; images may also be shown inline.
    void serve_attachment(const std::string& path) {
        if (!ctx_.messaging) return respond_text(http::status::not_found, "Not found\n");
        const auto id = parse_decimal(path.substr(std::string_view("/attachments/").size()));
        const std::string token = query_param(request_.target(), "token");
        if (!id) return respond_text(http::status::not_found, "Not found\n");
        net::post(ctx_.workers, [self = shared_from_this(), id = *id, token] {
            auto reply = self->attachment_reply(id, token);
            net::post(self->stream_.get_executor(), [self, reply = std::move(reply)] {
                self->respond(reply.status, reply.content_type, reply.body, [&reply](Response& res) {
                    res.set(http::field::cache_control, "no-store");  // medical data: never in shared caches
                    res.set("X-Content-Type-Options", "nosniff");      // a PDF is never run as a page
                    for (const auto& [name, value] : reply.headers) res.set(name, value);
                });
            });
        });
    }

    RecordingReply attachment_reply(core::AttachmentId id, const std::string& token) {
        try {
            auto& messaging = *ctx_.messaging;
            auto redeemed = messaging.redeem_attachment(token, id);
            if (!redeemed) {
                ctx_.log.info("attachment link refused", {{"remote", remote_}, {"attachment", id}});
                return text_reply(http::status::forbidden, redeemed.error().message);
            }
            const auto& a = redeemed->attachment;
            if (redeemed->first_use) ctx_.log.info("attachment opened", {{"attachment", id}, {"user", redeemed->user}});
            RecordingReply reply;
            reply.content_type = std::string(core::mime_type_of(a.kind));
            // The name came from the sender's device: clean_attachment_name left no quote, backslash or
            // control character in it; non-ASCII goes in filename* (RFC 6266).
            std::string ascii;
            for (char c : a.name) ascii.push_back(static_cast<unsigned char>(c) < 0x80 ? c : '_');
            std::string encoded;
            static const char* hex = "0123456789ABCDEF";
            for (unsigned char c : a.name) {
                if (std::isalnum(c) || c == '.' || c == '-' || c == '_') encoded.push_back(char(c));
                else { encoded += '%'; encoded.push_back(hex[c >> 4]); encoded.push_back(hex[c & 15]); }
            }
            reply.headers.push_back({"Content-Disposition", "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded});
            reply.body = std::make_shared<const std::string>(messaging.read_attachment(id, 0, a.bytes));
            return reply;
        } catch (const std::exception& e) {
            ctx_.log.error("attachment read failed", {{"attachment", id}, {"error", e.what()}});
            return text_reply(http::status::internal_server_error, "The file could not be read. Please try again.");
        }
    }

    void serve_file() {
        const auto lookup = ctx_.files.get(request_.target(), request_[http::field::accept_encoding]);
        if (lookup.status == StaticFiles::Status::forbidden) {
            ctx_.log.info("http path refused", {{"remote", remote_}, {"target", loggable_target(request_.target())}});
            return respond_text(http::status::forbidden, "Forbidden\n");
        }
        if (lookup.status == StaticFiles::Status::not_found) return respond_text(http::status::not_found, "Not found\n");
        const auto& file = lookup.file;
        auto caching = [file](Response& res) {
            res.set(http::field::etag, file->etag);
            // A content-hashed name never changes content: a year without asking. The page itself (and
            // anything not hashed) is revalidated every time, which costs a 304 of a few hundred bytes.
            res.set(http::field::cache_control, file->immutable ? "public, max-age=31536000, immutable" : "no-cache");
            res.set(http::field::vary, "Accept-Encoding");
            if (file->coding != ContentCoding::identity) res.set(http::field::content_encoding, coding_name(file->coding));
        };
        if (etag_matches(request_[http::field::if_none_match], file->etag))
            return respond(http::status::not_modified, {}, nullptr, caching);
        respond(http::status::ok, file->mime_type, std::shared_ptr<const std::string>(file, &file->content), caching);
    }

    void respond_text(http::status status, std::string_view text, const std::function<void(Response&)>& extra = {}) {
        respond(status, "text/plain; charset=utf-8", std::make_shared<const std::string>(text), extra);
    }

    // body may be null (304). HEAD gets the headers of GET without the body.
    void respond(http::status status, std::string_view content_type, SharedText body,
                 const std::function<void(Response&)>& extra = {}) {
        body_ = std::move(body);
        response_ = Response{status, request_.version()};
        set_common_headers(response_);
        if (!content_type.empty()) response_.set(http::field::content_type, content_type);
        if (extra) extra(response_);
        response_.keep_alive(request_.keep_alive() && !close_after_);
        if (body_) {
            if (request_.method() != http::verb::head) response_.body() = {body_->data(), body_->size()};
            response_.content_length(body_->size());
        }
        ctx_.log.debug("http", {{"remote", remote_},
                                {"method", std::string(request_.method_string())},
                                {"target", loggable_target(request_.target())},
                                {"status", static_cast<int>(status)}});
        http::async_write(stream_, response_, beast::bind_front_handler(&HttpSession::on_write, shared_from_this()));
    }

    void on_write(beast::error_code ec, std::size_t) {
        if (ec) return;
        if (!response_.keep_alive()) return shutdown();
        body_.reset();
        do_read();
    }

    void shutdown() {
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    }

    beast::tcp_stream stream_;
    ServerContext& ctx_;
    std::string remote_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    http::request<http::string_body> request_;
    Response response_;
    SharedText body_;  // keeps the bytes response_ points at alive until written
    bool first_request_ = true;
    bool close_after_ = false;
};

}  // namespace

void start_http_session(tcp::socket socket, ServerContext& ctx) {
    std::make_shared<HttpSession>(std::move(socket), ctx)->run();
}

}  // namespace server
