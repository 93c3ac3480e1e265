#include "app/demo_doctor.h"

#include <utility>

#include "core/seed/demo_accounts.h"
#include "platform/frame.h"

namespace app {

using core::protocol::json;
using core::protocol::RequestType;
using core::protocol::Response;
namespace rtc = platform::rtc;

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

Response DemoDoctor::request(RequestType type, json data) {
    const std::string reply = exchange_(core::protocol::encode_request({next_id_++, type, std::move(data)}));
    Response r;
    const json f = json::parse(reply, nullptr, false);
    if (!f.is_object()) return r;
    r.ok = f.value("ok", false);
    r.data = f.value("data", json::object());
    return r;
}

bool DemoDoctor::sign_in(const std::string& email) {
    if (email_ == email && me_) return true;
    if (!email_.empty()) request(RequestType::sign_out, json::object());
    email_.clear();
    me_ = 0;
    request(RequestType::hello, {{"protocol", core::protocol::kVersion}, {"client", "demo-simulated-doctor"}});
    const Response r = request(RequestType::sign_in, {{"email", email}, {"password", core::demo_accounts().front().password}});
    if (!r.ok) return false;
    const json user = r.data.value("user", json::object());
    me_ = user.value("id", std::int64_t{0});
    name_ = user.value("display_name", "");
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
    if (due(admit_at_) && in_call_)
        request(RequestType::call_admit, {{"appointment_id", appointment_}, {"user_id", patient_}});
    if (due(greet_at_) && in_call_)
        request(RequestType::call_chat, {{"appointment_id", appointment_},
                                         {"text", "Hello " + first_name(patient_name_) + ", I can see and hear you. How can I help today?"}});
    for (auto it = replies_.begin(); it != replies_.end();) {
        if (clock_.now() < it->at) {
            ++it;
            continue;
        }
        if (in_call_) request(RequestType::call_chat, {{"appointment_id", appointment_}, {"text", it->text}});
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

void DemoDoctor::join() {
    if (!sign_in(doctor_email_)) return;
    const Response r = request(RequestType::call_join, {{"appointment_id", appointment_}});
    if (!r.ok) return;  // outside the window, or not this doctor's visit: the patient sees the waiting room
    in_call_ = true;
    on_call_state(r.data.value("call", json::object()));
}

void DemoDoctor::handle(const core::protocol::Event& e) {
    if (e.data.value("appointment_id", std::int64_t{0}) != appointment_ || !in_call_) return;
    if (e.name == core::protocol::events::kCallState) on_call_state(e.data);
    else if (e.name == core::protocol::events::kCallSignal) on_signal(e.data);
    else if (e.name == core::protocol::events::kCallChat) {
        const json m = e.data.value("message", json::object());
        if (m.value("user_id", std::int64_t{0}) == me_) return;
        const auto& texts = chat_replies();
        replies_.push_back({clock_.now() + std::chrono::milliseconds(kReplyDelayMs),
                            texts[std::size_t(replies_sent_++) % texts.size()]});
    }
}

void DemoDoctor::on_call_state(const json& call) {
    if (call.value("status", "open") == "ended") return hang_up(false);
    std::string patient_state;
    for (const json& p : call.value("participants", json::array())) {
        const std::int64_t id = p.value("user_id", std::int64_t{0});
        if (id == me_) continue;
        patient_ = id;
        patient_name_ = p.value("display_name", "");
        patient_state = p.value("state", "");
    }
    if (patient_state == "waiting" && !admit_at_) {
        admit_at_ = clock_.now() + std::chrono::milliseconds(kAdmitDelayMs);
        platform::request_frame_in(kAdmitDelayMs);
    } else if (patient_state == "in_call") {
        if (!greet_at_ && !pc_) greet_at_ = clock_.now() + std::chrono::milliseconds(3000);
        // Of two members the lower user id offers (CallController's rule): usually the patient.
        if (!pc_ && me_ < patient_) open_connection(true);
    } else if (patient_state == "left") {
        hang_up(true);
    } else if (patient_state == "reconnecting") {
        pc_.reset();  // their browser lost the connection; a fresh one comes with their next offer
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
        if (!candidate.empty()) signal("candidate", json::parse(candidate, nullptr, false));
    };
    if (!offer) return;
    pc_->create_offer(false, [this](rtc::Result<std::string> o) {
        if (!o || !pc_) return;
        pc_->set_local_description(o.value(), [this](rtc::Result<std::string> d) {
            if (d) signal("offer", json::parse(d.value(), nullptr, false));
        });
    });
}

void DemoDoctor::on_signal(const json& data) {
    if (data.value("from_user_id", std::int64_t{0}) != patient_) return;
    const std::string kind = data.value("kind", "");
    const std::string payload = data.value("data", json::object()).dump();
    if (kind == "offer" || (kind == "restart" && !pc_)) {
        open_connection(false);
        answer(payload);
    } else if (kind == "restart") {
        answer(payload);
    } else if (kind == "answer" && pc_) {
        pc_->set_remote_description(payload, [this](rtc::Result<rtc::Done> r) {
            if (r) flush_candidates();
        });
    } else if (kind == "candidate" && pc_) {
        if (remote_description_) pc_->add_ice_candidate(payload);
        else pending_candidates_.push_back(payload);
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
                if (d) signal("answer", json::parse(d.value(), nullptr, false));
            });
        });
    });
}

void DemoDoctor::flush_candidates() {
    remote_description_ = true;
    for (const std::string& c : std::exchange(pending_candidates_, {})) pc_->add_ice_candidate(c);
}

void DemoDoctor::signal(const char* kind, json data) {
    request(RequestType::call_signal, {{"appointment_id", appointment_}, {"to_user_id", patient_}, {"kind", kind}, {"data", std::move(data)}});
}

void DemoDoctor::hang_up(bool tell_server) {
    if (tell_server && in_call_) request(RequestType::call_leave, {{"appointment_id", appointment_}});
    in_call_ = false;
    pc_.reset();
    media_.reset();
    join_at_.reset(), admit_at_.reset(), greet_at_.reset();
    replies_.clear();
    remote_description_ = false;
    pending_candidates_.clear();
}

}  // namespace app
