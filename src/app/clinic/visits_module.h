// Visits, both sides: the list (patients' visits, doctors' schedule), the open visit with its history,
// the decisions on it (confirm, decline, cancel, complete, no-show), moving it, the doctor's notes and
// summary, the calendar file, and the week the doctor's calendar shows. Keeps the list current from
// appointment.updated.
#pragma once
#include "app/module.h"

namespace app {

class VisitsModule final : public FeatureModule<VisitsAction> {
public:
    explicit VisitsModule(Context& ctx);

    void on_signed_in() override;
    void on_signed_out() override { state().visits = VisitsState{}; }
    void on_tab(Tab tab) override;
    std::string route() const override;  // #/visits/<id> while a visit is open (or opening)
    void follow(const std::string& route) override;

private:
    void apply(const VisitsAction& action) override;
    void load_appointments();
    void open_appointment(std::int64_t id);
    void close_appointment();
    void command(std::int64_t id, core::AppointmentAction action);
    void answer_requests(const std::vector<std::int64_t>& ids, core::AppointmentAction action);
    void begin_reschedule();
    void reschedule(core::Instant starts_at);
    void save_notes();
    void keep_note_draft();  // the open visit's unsaved notes, before it closes
    void download_calendar(std::int64_t id);
    void show_booked(const core::msg::AppointmentInfo& a);
    void upsert(const core::msg::AppointmentInfo& a);
    bool has_visits() const;  // patients and doctors (staff have none)
    // The visit's form shows what went wrong.
    Client::ErrorHandler show_in_form();

    std::optional<std::int64_t> opening_;  // asked for, not here yet (a reload on its URL)
};

}  // namespace app
