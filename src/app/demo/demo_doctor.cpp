#include "app/demo/demo_doctor.h"

#include <cstdio>
#include <utility>

#include "core/accounts/messages.h"
#include "core/api/hello.h"
#include "core/seed/demo_accounts.h"
#include "platform/frame.h"

namespace app {

namespace msg = core::msg;
namespace rtc = platform::rtc;
using core::CallMemberState;
using core::SignalKind;

namespace {

// What the simulated doctor answers in the chat, in turn. It says what it is: nobody should take a
// demo's words for medical advice.
const std::vector<std::string>& chat_replies() {
    static const std::vector<std::string> kReplies{
        "Thank you, I have read that. (I am the demo's simulated doctor: in the real app your doctor answers here.)",
        "Understood. How long have you had these symptoms, and do you have a fever?",
        "Thanks. Rest, drink plenty and tell us if it gets worse. I will note it in the visit.",
    };
    return kReplies;
}

std::string first_name(const std::string& full) {
    const auto space = full.find(' ');
    return space == std::string::npos ? full : full.substr(0, space);
}

}  // namespace

DemoDoctor::DemoDoctor(Exchange exchange, const core::Clock& clock) : exchange_(std::move(exchange)), clock_(clock) {}
DemoDoctor::~DemoDoctor() = default;

template <typename Req>
std::optional<typename Req::Reply> DemoDoctor::request(const Req& r) {
    const auto decoded = core::protocol::decode_server_message(exchange_(core::protocol::encode_request(next_id_++, r)));
    const auto* response = std::get_if<core::protocol::Response>(&decoded);
    std::string problem = "no answer";
    if (response && response->ok) {
        auto reply = core::protocol::decode<typename Req::Reply>(response->data);
        if (reply) return std::move(reply.value());
        problem = reply.error().message;
    } else if (response) {
        problem = response->error.message;
    }
    // The simulated doctor has nobody to tell but the console (outside the join window, say).
    std::fprintf(stderr, "telemed demo: the simulated doctor's %s failed: %s\n", std::string(core::protocol::to_string(Req::type)).c_str(),
                 problem.c_str());
    return std::nullopt;
}

bool DemoDoctor::sign_in(const std::string& email) {
    if (email_ == email && me_) return true;
    if (!email_.empty()) request(msg::SignOut{});
    email_.clear();
    me_ = 0;
    request(msg::Hello{core::protocol::kVersion, "demo-simulated-doctor"});
    const auto r = request(msg::SignIn{email, core::demo_accounts().front().password});
    if (!r) return false;
    me_ = r->user.id;
    name_ = r->user.display_name;
    email_ = email;
    return me_ != 0;
}

void DemoDoctor::patient_joining(std::int64_t appointment_id, const std::string& doctor_email) {
    if (in_call_ && appointment_id == appointment_) return;  // a rejoin after a reconnect: we are still there
    if (appointment_ && appointment_ != appointment_id) hang_up(true);
    appointment_ = appointment_id;
    doctor_email_ = doctor_email;
    join_at_ = clock_.now() + std::chrono::milliseconds(300);  // after the patient is in the waiting room
    platform::request_frame_in(300);
}

void DemoDoctor::on_event(const core::protocol::Event& event) { queue_.push_back(event); }

bool DemoDoctor::due(std::optional<core::Instant>& at) {
    if (!at || clock_.now() < *at) return false;
    at.reset();
    return true;
}

void DemoDoctor::tick() {
    while (!queue_.empty()) {
        const core::protocol::Event e = std::move(queue_.front());
        queue_.pop_front();
        handle(e);
    }
    if (due(join_at_)) join();
    if (due(admit_at_) && in_call_) request(msg::AdmitToCall{appointment_, patient_});
    if (due(greet_at_) && in_call_) say("Hello " + first_name(patient_name_) + ", I can see and hear you. How can I help today?");
    for (auto it = replies_.begin(); it != replies_.end();) {
        if (clock_.now() < it->at) {
            ++it;
            continue;
        }
        if (in_call_) say(it->text);
        it = replies_.erase(it);
    }
    if (auto next = next_due_ms()) platform::request_frame_in(*next);
}

std::optional<double> DemoDoctor::next_due_ms() const {
    std::optional<core::Instant> next;
    for (const auto& t : {join_at_, admit_at_, greet_at_})
        if (t && (!next || *t < *next)) next = t;
    for (const Reply& r : replies_)
        if (!next || r.at < *next) next = r.at;
    if (!next) return std::nullopt;
    return std::max(0.0, double((*next - clock_.now()).count()));
}

void DemoDoctor::say(const std::string& text) { request(msg::SendChat{appointment_, text}); }

void DemoDoctor::join() {
    if (!sign_in(doctor_email_)) return;
    const auto joined = request(msg::JoinCall{{appointment_}});
    if (!joined) return;  // outside the window, or not this doctor's visit: the patient sees the waiting room
    in_call_ = true;
    on_call_state(joined->call);
}

// Only this call's events matter; one that does not decode is told to the console.
void DemoDoctor::handle(const core::protocol::Event& e) {
    if (!in_call_) return;
    auto report = [&](const core::Error& why) {
        std::fprintf(stderr, "telemed demo: the simulated doctor could not read %s: %s\n", e.name.c_str(), why.message.c_str());
    };
    if (e.name == msg::CallStateChanged::name) {
        auto s = core::protocol::decode<msg::CallStateChanged>(e.data);
        if (!s) return report(s.error());
        if (s.value().appointment_id == appointment_) on_call_state(s.value());
    } else if (e.name == msg::SignalRelayed::name) {
        auto s = core::protocol::decode<msg::SignalRelayed>(e.data);
        if (!s) return report(s.error());
        if (s.value().appointment_id == appointment_) on_signal(s.value());
    } else if (e.name == msg::ChatReceived::name) {
        auto c = core::protocol::decode<msg::ChatReceived>(e.data);
        if (!c) return report(c.error());
        if (c.value().appointment_id == appointment_) on_chat(c.value());
    }
}

void DemoDoctor::on_chat(const msg::ChatReceived& c) {
    if (c.message.user_id == me_) return;
    const auto& texts = chat_replies();
    replies_.push_back({clock_.now() + std::chrono::milliseconds(kReplyDelayMs), texts[std::size_t(replies_sent_++) % texts.size()]});
}

void DemoDoctor::on_call_state(const msg::CallInfo& call) {
    if (call.status == core::CallStatus::ended) return hang_up(false);
    std::optional<CallMemberState> patient_state;
    for (const msg::Participant& p : call.participants) {
        if (p.user_id == me_) continue;
        patient_ = p.user_id;
        patient_name_ = p.display_name;
        patient_state = p.state;
    }
    if (!patient_state) return;
    switch (*patient_state) {
        case CallMemberState::waiting:
            if (admit_at_) return;
            admit_at_ = clock_.now() + std::chrono::milliseconds(kAdmitDelayMs);
            platform::request_frame_in(kAdmitDelayMs);
            return;
        case CallMemberState::in_call:
            if (!greet_at_ && !pc_) greet_at_ = clock_.now() + std::chrono::milliseconds(3000);
            // Of two members the lower user id offers (the app's PeerMesh rule): usually the patient.
            if (!pc_ && me_ < patient_) open_connection(true);
            return;
        case CallMemberState::left: return hang_up(true);
        case CallMemberState::reconnecting:
            pc_.reset();  // their browser lost the connection; a fresh one comes with their next offer
            return;
    }
}

void DemoDoctor::open_connection(bool offer) {
    pc_.reset();
    remote_description_ = false;
    pending_candidates_.clear();
    if (!media_) {
        auto m = rtc::synthetic_stream(name_);
        if (m) media_ = std::move(m.value());
    }
    auto created = rtc::PeerConnection::create("");
    if (!created) return;
    pc_ = std::move(created.value());
    if (media_) pc_->add_stream(*media_);
    pc_->on_ice_candidate = [this](std::string candidate) {
        if (!candidate.empty()) signal(SignalKind::candidate, candidate);
    };
    if (!offer) return;
    pc_->create_offer(false, [this](rtc::Result<std::string> o) {
        if (!o || !pc_) return;
        pc_->set_local_description(o.value(), [this](rtc::Result<std::string> d) {
            if (d) signal(SignalKind::offer, d.value());
        });
    });
}

void DemoDoctor::on_signal(const msg::SignalRelayed& s) {
    if (s.from_user_id != patient_) return;
    const std::string payload = s.data.dump();
    switch (s.kind) {
        case SignalKind::offer:
            open_connection(false);
            return answer(payload);
        case SignalKind::restart:
            if (!pc_) open_connection(false);
            return answer(payload);
        case SignalKind::answer:
            if (pc_)
                pc_->set_remote_description(payload, [this](rtc::Result<rtc::Done> r) {
                    if (r) flush_candidates();
                });
            return;
        case SignalKind::candidate:
            if (!pc_) return;
            if (remote_description_) pc_->add_ice_candidate(payload);
            else pending_candidates_.push_back(payload);
            return;
    }
}

void DemoDoctor::answer(const std::string& description) {
    if (!pc_) return;
    pc_->set_remote_description(description, [this](rtc::Result<rtc::Done> r) {
        if (!r || !pc_) return;
        flush_candidates();
        pc_->create_answer([this](rtc::Result<std::string> a) {
            if (!a || !pc_) return;
            pc_->set_local_description(a.value(), [this](rtc::Result<std::string> d) {
                if (d) signal(SignalKind::answer, d.value());
            });
        });
    });
}

void DemoDoctor::flush_candidates() {
    remote_description_ = true;
    for (const std::string& c : std::exchange(pending_candidates_, {})) pc_->add_ice_candidate(c);
}

void DemoDoctor::signal(SignalKind kind, const std::string& browser_json) {
    request(msg::SendSignal{appointment_, patient_, kind, core::protocol::json::parse(browser_json, nullptr, false)});
}

void DemoDoctor::hang_up(bool tell_server) {
    if (tell_server && in_call_) request(msg::LeaveCall{{appointment_}});
    in_call_ = false;
    pc_.reset();
    media_.reset();
    join_at_.reset(), admit_at_.reset(), greet_at_.reset();
    replies_.clear();
    remote_description_ = false;
    pending_candidates_.clear();
}

}  // namespace app
