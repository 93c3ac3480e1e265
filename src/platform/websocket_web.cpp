// platform::WebSocket over Emscripten's <emscripten/websocket.h> (libwebsocket.js).
// Late callbacks: the JS socket may still fire events after the C++ object is gone, so callbacks carry
// the socket handle (not a pointer) and look it up in `live`; unknown handles are dropped.
#include <emscripten/websocket.h>

#include <unordered_map>

#include "platform/frame.h"
#include "platform/websocket.h"

namespace platform {

struct WebSocket::Impl {
    WebSocket* owner = nullptr;
    EMSCRIPTEN_WEBSOCKET_T handle = 0;
    State state = State::idle;
};

namespace {

std::unordered_map<EMSCRIPTEN_WEBSOCKET_T, WebSocket::Impl*>& live() {
    static std::unordered_map<EMSCRIPTEN_WEBSOCKET_T, WebSocket::Impl*> m;
    return m;
}

WebSocket::Impl* find(EMSCRIPTEN_WEBSOCKET_T handle) {
    auto it = live().find(handle);
    return it == live().end() ? nullptr : it->second;
}

EM_BOOL handle_open(int, const EmscriptenWebSocketOpenEvent* e, void*) {
    request_poll();
    if (auto* impl = find(e->socket)) {
        impl->state = WebSocket::State::open;
        if (impl->owner->on_open) impl->owner->on_open();
    }
    return EM_TRUE;
}

EM_BOOL handle_message(int, const EmscriptenWebSocketMessageEvent* e, void*) {
    request_poll();
    auto* impl = find(e->socket);
    if (!impl || !e->isText || !impl->owner->on_message) return EM_TRUE;
    // Text frames arrive NUL-terminated; numBytes counts the terminator.
    const size_t n = e->numBytes > 0 ? e->numBytes - 1 : 0;
    impl->owner->on_message(std::string(reinterpret_cast<const char*>(e->data), n));
    return EM_TRUE;
}

EM_BOOL handle_error(int, const EmscriptenWebSocketErrorEvent* e, void*) {
    request_poll();
    if (auto* impl = find(e->socket); impl && impl->owner->on_error) impl->owner->on_error();
    return EM_TRUE;
}

EM_BOOL handle_close(int, const EmscriptenWebSocketCloseEvent* e, void*) {
    request_poll();
    auto* impl = find(e->socket);
    if (!impl) {
        emscripten_websocket_delete(e->socket);  // owner gone: free the JS table slot now
        return EM_TRUE;
    }
    impl->state = WebSocket::State::closed;
    live().erase(e->socket);
    emscripten_websocket_delete(e->socket);
    impl->handle = 0;
    if (impl->owner->on_close) impl->owner->on_close(e->code, e->reason);
    return EM_TRUE;
}

}  // namespace

WebSocket::WebSocket() : impl_(std::make_unique<Impl>()) { impl_->owner = this; }

WebSocket::~WebSocket() {
    if (impl_->handle > 0) {
        live().erase(impl_->handle);
        // The close event still arrives; with no live entry, handle_close() above deletes the handle.
        if (impl_->state == State::connecting || impl_->state == State::open) {
            emscripten_websocket_close(impl_->handle, 1000, "");
        } else {
            emscripten_websocket_delete(impl_->handle);
        }
    }
}

bool WebSocket::connect(const std::string& url) {
    if (impl_->handle > 0) return false;
    if (!emscripten_websocket_is_supported()) return false;
    EmscriptenWebSocketCreateAttributes attrs;
    emscripten_websocket_init_create_attributes(&attrs);
    attrs.url = url.c_str();
    attrs.createOnMainThread = EM_TRUE;
    const EMSCRIPTEN_WEBSOCKET_T h = emscripten_websocket_new(&attrs);
    if (h <= 0) return false;
    impl_->handle = h;
    impl_->state = State::connecting;
    live()[h] = impl_.get();
    emscripten_websocket_set_onopen_callback(h, nullptr, handle_open);
    emscripten_websocket_set_onmessage_callback(h, nullptr, handle_message);
    emscripten_websocket_set_onerror_callback(h, nullptr, handle_error);
    emscripten_websocket_set_onclose_callback(h, nullptr, handle_close);
    return true;
}

bool WebSocket::send_text(std::string_view text) {
    if (impl_->state != State::open) return false;
    // The C API wants a NUL-terminated string.
    const std::string s(text);
    return emscripten_websocket_send_utf8_text(impl_->handle, s.c_str()) == EMSCRIPTEN_RESULT_SUCCESS;
}

void WebSocket::close(int code, std::string_view reason) {
    if (impl_->state != State::connecting && impl_->state != State::open) return;
    impl_->state = State::closing;
    const std::string r(reason);
    emscripten_websocket_close(impl_->handle, static_cast<unsigned short>(code), r.c_str());
}

WebSocket::State WebSocket::state() const { return impl_->state; }

}  // namespace platform
