#include "app/calls/peer_mesh.h"

#include <algorithm>
#include <string_view>
#include <utility>

namespace app {

namespace rtc = platform::rtc;
using core::SignalKind;
using core::protocol::json;

namespace {

// The browser's RTCConfiguration: its own spelling, written once here from the core's IceServer list.
struct RtcConfiguration {
    std::vector<core::IceServer> ice_servers;
    template <typename F>
    void fields(F& f) {
        f("iceServers", ice_servers);
    }
};

// The browser's RTCPeerConnectionState for a path that stopped working (its own word, not ours).
constexpr std::string_view kPathFailed = "failed";

}  // namespace

void PeerMesh::set_ice_servers(const std::vector<core::IceServer>& servers) {
    ice_config_ = core::protocol::encode(RtcConfiguration{servers}).dump();
}

void PeerMesh::set_outgoing(const rtc::MediaStream* local, bool replace_video, const rtc::MediaStream* video) {
    local_ = local;
    replace_video_ = replace_video;
    video_ = video;
}

std::vector<std::int64_t> PeerMesh::remotes() const {
    std::vector<std::int64_t> out;
    for (const auto& [id, p] : peers_) out.push_back(id);
    return out;
}

const rtc::MediaStream* PeerMesh::remote_stream(std::int64_t remote) const {
    auto it = peers_.find(remote);
    return it != peers_.end() && it->second.pc ? it->second.pc->remote_stream() : nullptr;
}

void PeerMesh::sync(const std::vector<std::int64_t>& present) {
    for (std::int64_t id : present)
        if (!peers_.count(id) && me_ < id) ensure(id, /*offer=*/true);
    for (auto it = peers_.begin(); it != peers_.end();)
        it = std::find(present.begin(), present.end(), it->first) == present.end() ? peers_.erase(it) : std::next(it);
}

void PeerMesh::clear() { peers_.clear(); }

void PeerMesh::drop(std::int64_t remote) { peers_.erase(remote); }

void PeerMesh::add_stream(const rtc::MediaStream& stream) {
    for (auto& [id, p] : peers_)
        if (p.pc) p.pc->add_stream(stream);
}

void PeerMesh::replace_track(rtc::TrackKind kind, const rtc::MediaStream* from) {
    for (auto& [id, p] : peers_)
        if (p.pc) p.pc->replace_track(kind, from);
}

void PeerMesh::get_stats(std::function<void(std::int64_t, const rtc::Stats&)> done) {
    for (auto& [id, p] : peers_)
        if (p.pc)
            p.pc->get_stats([this, id = id, done](rtc::Result<rtc::Stats> s) {
                if (s && peers_.count(id)) done(id, s.value());
            });
}

PeerMesh::Peer& PeerMesh::ensure(std::int64_t remote, bool make_offer) {
    auto it = peers_.find(remote);
    if (it != peers_.end()) return it->second;
    Peer& peer = peers_[remote];
    if (on_connection_started) on_connection_started(remote);
    auto created = rtc::PeerConnection::create(ice_config_);
    if (!created) {
        if (on_error) on_error("Could not start the connection: " + created.error().message);
        return peer;
    }
    peer.pc = std::move(created.value());
    if (local_) peer.pc->add_stream(*local_);
    if (replace_video_) peer.pc->replace_track(rtc::TrackKind::video, video_);
    peer.pc->on_ice_candidate = [this, remote](std::string candidate) {
        if (!candidate.empty()) signal(remote, SignalKind::candidate, candidate);
    };
    peer.pc->on_track = [this](rtc::TrackKind, rtc::MediaStream&) {
        if (on_changed) on_changed();
    };
    peer.pc->on_connection_state = [this, remote](std::string state) {
        if (!peers_.count(remote)) return;
        // A failed path (network change) is repaired by an ICE restart from the offering side.
        if (state == kPathFailed && me_ < remote) offer(remote, /*ice_restart=*/true);
        if (on_changed) on_changed();
    };
    if (make_offer) offer(remote, false);
    return peer;
}

void PeerMesh::offer(std::int64_t remote, bool ice_restart) {
    auto it = peers_.find(remote);
    if (it == peers_.end() || !it->second.pc) return;
    it->second.pc->create_offer(ice_restart, [this, remote, ice_restart](rtc::Result<std::string> o) {
        if (!o || !peers_.count(remote)) return;
        peers_[remote].pc->set_local_description(o.value(), [this, remote, ice_restart](rtc::Result<std::string> d) {
            if (d) signal(remote, ice_restart ? SignalKind::restart : SignalKind::offer, d.value());
        });
    });
}

void PeerMesh::on_signal(const core::msg::SignalRelayed& s) {
    const std::string payload = s.data.dump();
    switch (s.kind) {
        case SignalKind::offer:
            drop(s.from_user_id);  // a new offer means a new connection on their side
            return accept_offer(s.from_user_id, payload);
        case SignalKind::restart: return accept_offer(s.from_user_id, payload);
        case SignalKind::answer: return accept_answer(s.from_user_id, payload);
        case SignalKind::candidate: return add_candidate(s.from_user_id, payload);
    }
}

void PeerMesh::accept_offer(std::int64_t from, const std::string& description) {
    Peer& peer = ensure(from, false);
    if (!peer.pc) return;
    peer.pc->set_remote_description(description, [this, from](rtc::Result<rtc::Done> r) {
        if (!r || !peers_.count(from)) return;
        described(from);
        peers_[from].pc->create_answer([this, from](rtc::Result<std::string> a) {
            if (!a || !peers_.count(from)) return;
            peers_[from].pc->set_local_description(a.value(), [this, from](rtc::Result<std::string> d) {
                if (d) signal(from, SignalKind::answer, d.value());
            });
        });
    });
}

void PeerMesh::accept_answer(std::int64_t from, const std::string& description) {
    auto it = peers_.find(from);
    if (it == peers_.end() || !it->second.pc) return;
    it->second.pc->set_remote_description(description, [this, from](rtc::Result<rtc::Done> r) {
        if (r && peers_.count(from)) described(from);
    });
}

// Candidates can arrive before the description they belong to: kept until then.
void PeerMesh::add_candidate(std::int64_t from, const std::string& candidate) {
    auto it = peers_.find(from);
    if (it == peers_.end() || !it->second.pc) return;
    if (it->second.remote_description) it->second.pc->add_ice_candidate(candidate);
    else it->second.pending_candidates.push_back(candidate);
}

void PeerMesh::described(std::int64_t remote) {
    Peer& p = peers_[remote];
    p.remote_description = true;
    for (const std::string& c : std::exchange(p.pending_candidates, {})) p.pc->add_ice_candidate(c);
}

void PeerMesh::signal(std::int64_t to, SignalKind kind, const std::string& browser_json) {
    if (send_signal) send_signal(to, kind, json::parse(browser_json, nullptr, false));
}

}  // namespace app
