#include "app/clinic/practice_module.h"

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "app/clinic/hours_text.h"
#include "core/clinic/specialties.h"

namespace app {

namespace msg = core::msg;

namespace {

std::vector<std::string> split_languages(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream parts(text);
    for (std::string part; std::getline(parts, part, ',');) {
        part.erase(0, part.find_first_not_of(' '));
        part.erase(part.find_last_not_of(' ') + 1);
        if (!part.empty()) out.push_back(part);
    }
    return out;
}

int number_or(const std::string& text, int fallback) {
    int n = fallback;
    return std::sscanf(text.c_str(), "%d", &n) == 1 ? n : fallback;
}

}  // namespace

PracticeModule::PracticeModule(Context& ctx) : FeatureModule(ctx) {
    ctx.events.on<msg::DoctorUpdated>([this](const msg::DoctorUpdated& e) {
        if (!state().user) return;
        show_verification(e.profile);
        state().user->status =
            e.profile.verification == core::Verification::verified ? core::AccountStatus::active : core::AccountStatus::pending_verification;
    });
}

void PracticeModule::apply(const PracticeAction& action) {
    std::visit(overloaded{
                   [this](const SaveProfile&) { save_profile(); },
                   [this](const SaveAvailability&) { save_availability(); },
               },
               action);
}

void PracticeModule::on_signed_in() {
    if (state().has_role(core::Role::doctor)) load();
}

void PracticeModule::on_tab(Tab tab) {
    if (tab == Tab::profile) load();
}

Client::ErrorHandler PracticeModule::show_in(Form& form) {
    return [&form](const core::Error& e) {
        form.busy = false;
        form.show(e);
        return true;
    };
}

void PracticeModule::load() {
    if (!state().user) return;
    client().call(msg::GetDoctor{state().user->id}, [this](msg::ProfileReply& r) { show_profile(r.profile); });
    client().call(msg::GetAvailability{}, [this](msg::AvailabilityReply& r) { show_availability(r.availability); });
}

void PracticeModule::show_verification(const msg::ProfileInfo& p) {
    state().practice.verification = p.verification;
    state().practice.verification_note = p.verification_note;
}

void PracticeModule::show_profile(const msg::ProfileInfo& p) {
    ProfileForm& f = state().practice.profile;
    const auto& list = core::specialties();
    f.specialty = 0;
    for (size_t i = 0; i < list.size(); ++i)
        if (list[i].code == p.specialty) f.specialty = int(i);
    f.bio = p.bio;
    f.languages.clear();
    for (const std::string& l : p.languages) f.languages += (f.languages.empty() ? "" : ", ") + l;
    f.years = std::to_string(p.years_of_practice);
    f.licence_number = p.licence_number;
    f.licence_region = p.licence_region;
    f.price = std::to_string(p.price_credits);
    f.loaded = true;
    show_verification(p);
}

void PracticeModule::show_availability(const core::Availability& a) {
    AvailabilityForm& f = state().practice.availability;
    std::vector<std::pair<int, int>> per_day[7];
    for (const core::WeeklyHours& h : a.weekly)
        if (h.weekday >= 0 && h.weekday < 7) per_day[h.weekday].emplace_back(h.start_minute, h.end_minute);
    for (int d = 0; d < 7; ++d) f.weekly[d] = format_ranges(per_day[d]);
    f.exceptions = format_exceptions(a.exceptions);
    f.slot_minutes = 2;
    for (int i = 0; i < 5; ++i)
        if (kSlotLengths[i] == a.slot_minutes) f.slot_minutes = i;
    f.buffer_minutes = std::to_string(a.buffer_minutes);
    f.min_notice_hours = std::to_string(a.min_notice_minutes / 60);
    f.horizon_days = std::to_string(a.horizon_days);
    f.auto_confirm = a.auto_confirm;
    f.loaded = true;
}

void PracticeModule::save_profile() {
    ProfileForm& f = state().practice.profile;
    if (f.busy) return;
    f.clear_errors();
    const auto& list = core::specialties();
    msg::UpdateDoctorProfile request;
    request.specialty = list[size_t(std::clamp(f.specialty, 0, int(list.size()) - 1))].code;
    request.bio = f.bio;
    request.languages = split_languages(f.languages);
    request.years_of_practice = number_or(f.years, -1);  // the server names what is wrong
    request.licence_number = f.licence_number;
    request.licence_region = f.licence_region;
    request.price_credits = number_or(f.price, -1);
    f.busy = true;
    client().call(
        request,
        [this](msg::ProfileReply& r) {
            state().practice.profile.busy = false;
            show_verification(r.profile);
            ctx_.notify(Notice::Kind::success, r.profile.verification == core::Verification::pending
                                                   ? "Profile saved. It will be checked by our team."
                                                   : "Profile saved.");
        },
        show_in(f));
}

void PracticeModule::save_availability() {
    AvailabilityForm& f = state().practice.availability;
    if (f.busy) return;
    f.clear_errors();
    static const char* kDays[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
    core::Availability a;
    for (int d = 0; d < 7; ++d) {
        std::vector<std::pair<int, int>> ranges;
        if (auto e = parse_ranges(f.weekly[d], ranges)) f.set_field_error("weekly_" + std::to_string(d), std::string(kDays[d]) + ": " + *e);
        for (auto [from, to] : ranges) a.weekly.push_back({d, from, to});
    }
    if (auto e = parse_exceptions(f.exceptions, a.exceptions)) f.set_field_error("exceptions", *e);
    int notice_hours = -1;
    if (std::sscanf(f.buffer_minutes.c_str(), "%d", &a.buffer_minutes) != 1) f.set_field_error("buffer_minutes", "Enter a number of minutes.");
    if (std::sscanf(f.min_notice_hours.c_str(), "%d", &notice_hours) != 1) f.set_field_error("min_notice_minutes", "Enter a number of hours.");
    if (std::sscanf(f.horizon_days.c_str(), "%d", &a.horizon_days) != 1) f.set_field_error("horizon_days", "Enter a number of days.");
    if (f.has_field_errors()) return;
    a.slot_minutes = kSlotLengths[std::clamp(f.slot_minutes, 0, 4)];
    a.min_notice_minutes = notice_hours * 60;
    a.auto_confirm = f.auto_confirm;
    f.busy = true;
    client().call(
        msg::SetAvailability{a},
        [this](msg::AvailabilityReply&) {
            state().practice.availability.busy = false;
            ctx_.notify(Notice::Kind::success, "Opening hours saved.");
        },
        show_in(f));
}

}  // namespace app
