// The offline demo's doctor on the other end of a conversation. When the demo patient writes to one of
// the demo doctors, this plays that doctor inside the page, over its own connection to the same
// in-page services (so the core's messaging rules apply as to anyone): after a short, human-looking
// pause it reads the message (the patient sees "Read"), types for a few seconds (the patient sees
// "Dr. … is typing…"), and answers with a plausible reply that says it is a simulation. Several
// messages in a row get one answer.
//
// Nothing runs inside a request: LocalTransport calls tick() at the start of each frame; timers are
// clock-driven (core::Clock, a ManualClock in tests).
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/time/clock.h"

namespace app {

class DemoCorrespondent {
public:
    // Sends one request frame over the correspondent's own connection; returns the response frame.
    using Exchange = std::function<std::string(const std::string& frame)>;

    DemoCorrespondent(Exchange exchange, const core::Clock& clock) : exchange_(std::move(exchange)), clock_(clock) {}

    // The patient's message `text` reached conversation `conversation` with the demo doctor `doctor_email`.
    void patient_wrote(std::int64_t conversation, const std::string& doctor_email, const std::string& text);
    void tick();
    std::optional<double> next_due_ms() const;  // milliseconds until the next step, if any

    static constexpr int kReadAfterMs = 1500;
    static constexpr int kTypingAfterMs = 2500;
    static constexpr int kReplyAfterMs = 7000;
    static constexpr int kTypingEveryMs = 3000;

    // What the simulated doctor answers to a message (by its words); the first answer says it is a simulation.
    static std::string reply_to(const std::string& text, bool first);

private:
    struct Answer {
        std::int64_t conversation = 0;
        std::string doctor_email;
        std::string text;          // what the patient wrote (the last of a row)
        core::Instant read_at, typing_at, reply_at;
        bool read = false;
    };

    template <typename Req>
    std::optional<typename Req::Reply> request(const Req& r);
    bool sign_in(const std::string& email);
    void step(Answer& a);

    Exchange exchange_;
    const core::Clock& clock_;
    std::int64_t next_id_ = 1;
    std::string email_;  // signed in as
    std::vector<Answer> answers_;
    int sent_ = 0;
};

}  // namespace app
