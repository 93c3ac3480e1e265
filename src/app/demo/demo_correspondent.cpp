#include "app/demo/demo_correspondent.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "core/accounts/messages.h"
#include "core/api/hello.h"
#include "core/messaging/messages.h"
#include "core/seed/demo_accounts.h"
#include "platform/frame.h"

namespace app {

namespace msg = core::msg;
using std::chrono::milliseconds;

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

bool mentions(const std::string& text, std::initializer_list<const char*> words) {
    return std::any_of(words.begin(), words.end(), [&](const char* w) { return text.find(w) != std::string::npos; });
}

constexpr const char* kSimulated = " (I am the demo's simulated doctor: in the real app your own doctor answers here.)";

}  // namespace

std::string DemoCorrespondent::reply_to(const std::string& written, bool first) {
    const std::string t = lower(written);
    std::string reply;
    if (t.starts_with("[photo]"))
        reply = "Thank you for the photo, it came through clearly and is now with your notes. How long has it looked "
                "like this, and has it changed? We will look at it together at your visit.";
    else if (t.starts_with("[document]"))
        reply = "Thank you for the document, I have it here with your notes and will read it before our next visit.";
    else if (mentions(t, {"chest", "breath", "faint", "bleeding"}))
        reply = "What you describe may need help now: if it is severe or getting worse, call your local emergency number "
                "(112 in Europe, 911 in North America) straight away. Otherwise, let's talk today: book the next free time.";
    else if (mentions(t, {"rash", "skin", "itch", "spot"}))
        reply = "Thank you for writing. Does the rash itch or hurt, and has it spread since yesterday? Keep the area clean and "
                "dry, avoid new creams for now, and we will look at it together at your visit.";
    else if (mentions(t, {"fever", "temperature", "cough", "cold", "flu"}))
        reply = "Thanks for letting me know. Please measure your temperature twice a day, drink plenty and rest. If the "
                "fever stays above 39 °C for more than two days, write to me again or book a visit.";
    else if (mentions(t, {"pain", "hurt", "ache", "headache"}))
        reply = "I am sorry it hurts. Where exactly is the pain, how strong is it from 1 to 10, and since when? "
                "Paracetamol in the usual dose is fine until we speak.";
    else if (mentions(t, {"prescription", "medication", "medicine", "refill", "pill", "dose"}))
        reply = "I have noted your question about the medication. Please keep taking it as prescribed until we have talked; "
                "I will review it before your next visit.";
    else if (mentions(t, {"thank", "thanks", "great", "better"}))
        reply = "You are welcome, I am glad to hear it. Write to me any time if something changes.";
    else
        reply = "Thank you for your message, I have read it. I will look into it before our next visit; if anything "
                "gets worse in the meantime, book a visit or write to me again.";
    return first ? reply + kSimulated : reply;
}

template <typename Req>
std::optional<typename Req::Reply> DemoCorrespondent::request(const Req& r) {
    const auto decoded = core::protocol::decode_server_message(exchange_(core::protocol::encode_request(next_id_++, r)));
    const auto* response = std::get_if<core::protocol::Response>(&decoded);
    if (response && response->ok)
        if (auto reply = core::protocol::decode<typename Req::Reply>(response->data)) return std::move(reply.value());
    std::fprintf(stderr, "telemed demo: the simulated doctor's %s failed: %s\n", std::string(core::protocol::to_string(Req::type)).c_str(),
                 response ? response->error.message.c_str() : "no answer");
    return std::nullopt;
}

bool DemoCorrespondent::sign_in(const std::string& email) {
    if (email_ == email) return true;
    if (!email_.empty()) request(msg::SignOut{});
    email_.clear();
    request(msg::Hello{core::protocol::kVersion, "demo-simulated-doctor-messages"});
    if (!request(msg::SignIn{email, core::demo_accounts().front().password})) return false;
    email_ = email;
    return true;
}

void DemoCorrespondent::patient_wrote(std::int64_t conversation, const std::string& doctor_email, const std::string& text) {
    const core::Instant now = clock_.now();
    for (Answer& a : answers_)
        if (a.conversation == conversation) {  // a message in a row: one answer, a little later
            a.text = text;
            a.reply_at = std::max(a.reply_at, now + milliseconds(kReplyAfterMs - kReadAfterMs));
            a.read = false;
            a.read_at = now + milliseconds(kReadAfterMs);
            return;
        }
    answers_.push_back({conversation, doctor_email, text, now + milliseconds(kReadAfterMs), now + milliseconds(kTypingAfterMs),
                        now + milliseconds(kReplyAfterMs)});
    platform::request_frame_in(kReadAfterMs);
}

void DemoCorrespondent::step(Answer& a) {
    const core::Instant now = clock_.now();
    if (!sign_in(a.doctor_email)) {
        a.reply_at = core::Instant{};  // nothing can be done: dropped below
        return;
    }
    // Reading opens the conversation on this connection (the server relays typing only then).
    if (!a.read && now >= a.read_at) {
        if (auto page = request(msg::MessagesAfter{a.conversation, 0, 200}); page && page->last_number > 0)
            request(msg::MessageReceipt{a.conversation, core::ReceiptKind::read, page->last_number});
        a.read = true;
    }
    if (a.read && now >= a.typing_at && now < a.reply_at) {
        request(msg::Typing{a.conversation});
        a.typing_at = now + milliseconds(kTypingEveryMs);
    }
    if (now >= a.reply_at) {
        request(msg::SendMessage{a.conversation, "demo-reply-" + std::to_string(++sent_) + "-" + std::to_string(a.conversation),
                                 reply_to(a.text, sent_ == 1), std::nullopt});
    }
}

void DemoCorrespondent::tick() {
    const core::Instant now = clock_.now();
    for (Answer& a : answers_)
        if (now >= std::min({a.read_at, a.typing_at, a.reply_at})) step(a);
    answers_.erase(std::remove_if(answers_.begin(), answers_.end(), [&](const Answer& a) { return now >= a.reply_at; }), answers_.end());
    if (auto next = next_due_ms()) platform::request_frame_in(*next);
}

std::optional<double> DemoCorrespondent::next_due_ms() const {
    std::optional<core::Instant> next;
    for (const Answer& a : answers_)
        for (core::Instant t : {a.read ? a.reply_at : a.read_at, a.typing_at, a.reply_at})
            if (!next || t < *next) next = t;
    if (!next) return std::nullopt;
    return std::max(0.0, double(std::chrono::duration_cast<milliseconds>(*next - clock_.now()).count()));
}

}  // namespace app
