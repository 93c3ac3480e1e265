#include "core/privacy/routes.h"

#include <algorithm>
#include <limits>

#include "core/credits/routes.h"
#include "core/messaging/routes.h"
#include "core/privacy/messages.h"

namespace core {
namespace {

// Every visit the person has or had, whatever its date.
std::vector<msg::AppointmentInfo> all_appointments(ClinicService& clinic, const User& person) {
    std::vector<msg::AppointmentInfo> out;
    if (person.role != Role::patient && person.role != Role::doctor) return out;  // staff have none
    const Instant from = person.created_at - std::chrono::days(1);
    const Instant to = clinic.clock().now() + std::chrono::days(3650);
    if (auto list = clinic.appointments(person.id, from, to))
        for (const AppointmentView& v : *list) out.push_back(appointment_info(v, clinic.policy().join, false));
    return out;
}

// Each conversation read back page by page, oldest message first.
std::vector<msg::ConversationExport> all_conversations(MessagingService& messaging, UserId person) {
    std::vector<msg::ConversationExport> out;
    auto list = messaging.list(person, std::numeric_limits<int>::max());
    if (!list) return out;
    for (const ConversationView& v : list->conversations) {
        msg::ConversationExport c{conversation_info(v), {}};
        std::optional<std::int64_t> before;
        while (true) {
            auto page = messaging.history(person, v.conversation.id, before, std::numeric_limits<int>::max());
            if (!page || page->messages.empty()) break;
            for (auto m = page->messages.rbegin(); m != page->messages.rend(); ++m) c.messages.push_back(msg::MessageInfo::of(*m));
            if (!page->has_more) break;
            before = page->messages.front().number;
        }
        std::reverse(c.messages.begin(), c.messages.end());
        out.push_back(std::move(c));
    }
    return out;
}

}  // namespace

void add_privacy_routes(Routes& routes, PrivacySources s) {
    routes.add<msg::ExportMyData>(Who::signed_in, [s](RequestContext& c, msg::ExportMyData&) -> Result<msg::MyData> {
        const User& person = c.auth().user;
        msg::MyData out;
        out.exported_at = s.clinic.clock().now();
        out.account = msg::UserInfo::of(person);
        out.appointments = all_appointments(s.clinic, person);
        if (auto w = s.credits.wallet(person.id)) out.wallet = wallet_info(*w);
        out.conversations = all_conversations(s.messaging, person.id);
        if (auto page = s.notifications.list(person.id, std::numeric_limits<int>::max()))
            for (const Notification& n : page->notifications) out.notifications.push_back(msg::NotificationInfo::of(n));
        return out;
    }, Work::scan);
}

}  // namespace core
