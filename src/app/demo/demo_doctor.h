// The offline demo's simulated doctor. When the demo patient joins the call of a visit with a demo
// doctor, this plays that doctor inside the page: it signs in as them over its own connection to the
// same in-page services (so the core's call rules apply as to anyone), joins the call, lets the
// patient in after ~2 s, answers offers and ICE with its own RTCPeerConnection whose media is a
// synthetic stream (an animated avatar and a speech-like tone, platform::rtc::synthetic_stream),
// replies to chat messages, and leaves when the patient leaves. Media is real WebRTC between two
// peer connections of the same page. It speaks the typed messages, like the app.
//
// Nothing runs inside a request: events are queued and handled in tick(), which LocalTransport calls
// at the start of each frame; timers are clock-driven (core::Clock, a ManualClock in tests).
#pragma once
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/calls/messages.h"
#include "core/protocol/protocol.h"
#include "core/time/clock.h"
#include "platform/rtc.h"

namespace app {

class DemoDoctor {
public:
    // Sends one request frame over the doctor's own connection; returns the response frame.
    using Exchange = std::function<std::string(const std::string& frame)>;

    DemoDoctor(Exchange exchange, const core::Clock& clock);
    ~DemoDoctor();

    // The patient asked to join this visit's call; `doctor_email` is the visit's (demo) doctor.
    void patient_joining(std::int64_t appointment_id, const std::string& doctor_email);
    void on_event(const core::protocol::Event& event);  // an event addressed to the doctor: queued
    void tick();                                        // handles the queue and due timers
    // Milliseconds until the next timer (for the frame loop), or nullopt when none is pending.
    std::optional<double> next_due_ms() const;

    static constexpr int kAdmitDelayMs = 2000;
    static constexpr int kReplyDelayMs = 1500;

private:
    // One typed request over the doctor's connection; nullopt (and a console line) when it failed.
    template <typename Req>
    std::optional<typename Req::Reply> request(const Req& r);
    bool sign_in(const std::string& email);
    void join();
    void handle(const core::protocol::Event& e);
    void on_call_state(const core::msg::CallInfo& call);
    void on_signal(const core::msg::SignalRelayed& s);
    void on_chat(const core::msg::ChatReceived& c);
    void say(const std::string& text);
    void signal(core::SignalKind kind, const std::string& browser_json);
    void open_connection(bool offer);
    void answer(const std::string& description);
    void flush_candidates();
    void hang_up(bool tell_server);
    bool due(std::optional<core::Instant>& at);

    Exchange exchange_;
    const core::Clock& clock_;
    std::int64_t next_id_ = 1;
    std::string email_;         // signed in as
    std::string doctor_email_;  // to sign in as for the next join
    std::int64_t me_ = 0;
    std::string name_;

    std::int64_t appointment_ = 0;
    std::int64_t patient_ = 0;
    std::string patient_name_;
    bool in_call_ = false;
    std::optional<core::Instant> join_at_, admit_at_, greet_at_;
    struct Reply {
        core::Instant at;
        std::string text;
    };
    std::vector<Reply> replies_;
    int replies_sent_ = 0;

    std::unique_ptr<platform::rtc::MediaStream> media_;
    std::unique_ptr<platform::rtc::PeerConnection> pc_;
    bool remote_description_ = false;
    std::vector<std::string> pending_candidates_;
    std::deque<core::protocol::Event> queue_;
};

}  // namespace app
