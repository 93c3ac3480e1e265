// The clinic half of the controller: finding doctors, booking, appointments, credits, notifications,
// doctors' profiles and hours, and the admin's verification queue. Same rules as Controller: it
// changes AppState and calls the Client; no drawing, no direct I/O (downloads go through a callback).
#pragma once
#include <functional>

#include "app/actions.h"
#include "app/client.h"
#include "app/state.h"

namespace app {

class ClinicController {
public:
    using Download = std::function<void(const std::string& filename, const std::string& mime, const std::string& content)>;
    ClinicController(AppState& state, Client& client, Download download);

    void on_signed_in();             // loads what the role's home shows
    void on_signed_out();            // forgets it all
    void on_tab(Tab tab);            // refreshes what the tab shows
    bool on_event(const core::protocol::Event& event);  // true when it was a clinic event
    bool apply(const Action& action);                   // true when it was a clinic action

private:
    void load_specialties();
    void search_doctors();
    void open_doctor(std::int64_t id);
    void load_slots();
    void submit_booking();
    void load_appointments();
    void open_appointment(std::int64_t id);
    void command(std::int64_t id, const std::string& action);
    void reschedule(core::Instant starts_at);
    void save_notes();
    void download_calendar(std::int64_t id);
    void load_wallet();
    void load_packages();
    void submit_purchase();
    void load_notifications();
    void read_notification(std::int64_t id);
    void load_profile();
    void save_profile();
    void save_availability();
    void load_queue();
    void decide(std::int64_t doctor, const std::string& decision);

    void upsert(const AppointmentItem& a);
    void notify(Notice::Kind kind, std::string text);
    std::string role() const;

    AppState& state_;
    Client& client_;
    Download download_;
};

}  // namespace app
