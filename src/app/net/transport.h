// A duplex channel of protocol text frames between the client and a backend: the real server over a
// WebSocket (RemoteTransport) or src/core running inside the page (LocalTransport, the offline demo).
// Everything above it, the protocol client and the app, is the same in both modes.
#pragma once
#include <string>
#include <vector>

namespace app {

struct TransportEvent {
    enum class Kind { opened, message, closed } kind = Kind::message;
    std::string text;  // message: the frame; closed: the reason
    int code = 0;      // closed: the WebSocket close code
};

class Transport {
public:
    virtual ~Transport() = default;
    virtual void open() = 0;  // (re)connects; reports `opened` or `closed` later through drain()
    virtual bool send(const std::string& text) = 0;  // false: not open
    virtual void close() = 0;
    // What happened since the last call, oldest first. Called at the start of a frame.
    virtual std::vector<TransportEvent> drain() = 0;
    virtual bool is_local() const = 0;
};

}  // namespace app
