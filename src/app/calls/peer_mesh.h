// The call's peer connections: one RTCPeerConnection per other member in the call (a mesh of at most
// three), and the signaling between them. Signaling without glare: of two members, the one with the
// lower user id makes the offer. Descriptions and candidates are the browser's own JSON, passed
// through the server untouched.
//
// Connections come and go with the room (sync); an offer from someone means a new connection on their
// side; candidates that arrive before their description wait for it; a path that fails is repaired
// by an ICE restart from the offering side.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/calls/messages.h"
#include "platform/rtc.h"

namespace app {

class PeerMesh {
public:
    // Sends one signaling message to a member (call_signal).
    std::function<void(std::int64_t to, core::SignalKind kind, core::protocol::json data)> send_signal;
    // A connection was created (its quality is measured afresh).
    std::function<void(std::int64_t remote)> on_connection_started;
    // A remote stream arrived or a connection changed state: tiles are rebuilt.
    std::function<void()> on_changed;
    // A connection could not be created.
    std::function<void(std::string message)> on_error;

    void set_ice_servers(const std::vector<core::IceServer>& servers);
    void set_me(std::int64_t me) { me_ = me; }
    // What new connections send: the local stream, and the video to send instead of its own (the
    // screen, or nothing in audio only) when `replace_video` is set.
    void set_outgoing(const platform::rtc::MediaStream* local, bool replace_video, const platform::rtc::MediaStream* video);

    // Keeps a connection for exactly these members (the others in_call); offers to those with a higher id.
    void sync(const std::vector<std::int64_t>& present);
    void on_signal(const core::msg::SignalRelayed& signal);
    void drop(std::int64_t remote);  // their browser lost the connection: a fresh one comes
    void clear();                    // every connection closes (RAII); late callbacks are dropped

    void add_stream(const platform::rtc::MediaStream& stream);  // to every connection
    void replace_track(platform::rtc::TrackKind kind, const platform::rtc::MediaStream* from);  // on every connection
    void get_stats(std::function<void(std::int64_t remote, const platform::rtc::Stats& stats)> done);

    bool has(std::int64_t remote) const { return peers_.count(remote) > 0; }
    std::vector<std::int64_t> remotes() const;
    const platform::rtc::MediaStream* remote_stream(std::int64_t remote) const;

private:
    struct Peer {
        std::unique_ptr<platform::rtc::PeerConnection> pc;
        bool remote_description = false;
        std::vector<std::string> pending_candidates;
    };

    Peer& ensure(std::int64_t remote, bool offer);
    void offer(std::int64_t remote, bool ice_restart);
    void accept_offer(std::int64_t remote, const std::string& description);
    void accept_answer(std::int64_t remote, const std::string& description);
    void add_candidate(std::int64_t remote, const std::string& candidate);
    void described(std::int64_t remote);  // the remote description is set: queued candidates go in
    void signal(std::int64_t to, core::SignalKind kind, const std::string& browser_json);

    std::map<std::int64_t, Peer> peers_;
    std::string ice_config_;
    std::int64_t me_ = 0;
    const platform::rtc::MediaStream* local_ = nullptr;
    bool replace_video_ = false;
    const platform::rtc::MediaStream* video_ = nullptr;
};

}  // namespace app
