#include "app/clinic/visits_module.h"

#include <algorithm>
#include <memory>

#include "app/clinic/notes.h"

namespace app {

namespace msg = core::msg;
using core::AppointmentAction;
using namespace std::chrono;

namespace {

const char* done_message(AppointmentAction action) {
    switch (action) {
        case AppointmentAction::confirm: return "Appointment confirmed.";
        case AppointmentAction::decline: return "Request declined; the patient's credits were returned.";
        case AppointmentAction::cancel: return "Appointment cancelled.";
        case AppointmentAction::complete: return "Visit marked as completed.";
        case AppointmentAction::no_show: return "Marked as missed.";
        case AppointmentAction::start: return "Visit started.";
        default: return nullptr;
    }
}

}  // namespace

VisitsModule::VisitsModule(Context& ctx) : FeatureModule(ctx) {
    ctx.events.on<msg::AppointmentUpdated>([this](const msg::AppointmentUpdated& e) {
        if (state().user) upsert(e.appointment);
    });
}

void VisitsModule::apply(const VisitsAction& action) {
    VisitsState& v = state().visits;
    std::visit(overloaded{
                   [this](const LoadAppointments&) { load_appointments(); },
                   [this](const OpenAppointment& a) { open_appointment(a.appointment_id); },
                   [this](const CloseAppointment&) { close_appointment(); },
                   [this](const AskToConfirm& a) { state().visits.confirming = a.action; },
                   [this](const DismissConfirm&) { state().visits.confirming.reset(); },
                   [this](const AppointmentCommand& a) { command(a.appointment_id, a.action); },
                   [this](const BeginReschedule&) { begin_reschedule(); },
                   [this](const SubmitReschedule& a) { reschedule(a.starts_at); },
                   [this](const SaveNotes&) { save_notes(); },
                   [&v](const DiscardNoteChanges&) {
                       if (!v.detail) return;
                       v.note_drafts.erase(v.detail->id);
                       v.notes_draft = v.detail->clinical_notes.value_or("");
                       v.summary_draft = v.detail->visit_summary;
                   },
                   [&v](const UseNotesTemplate&) {
                       if (v.notes_draft.empty()) v.notes_draft = std::string(kSoapTemplate);
                   },
                   [this](const DownloadCalendar& a) { download_calendar(a.appointment_id); },
                   [&v](const ShiftAgendaWeek& a) { v.agenda_week = a.delta == 0 ? 0 : v.agenda_week + a.delta; },
                   [&v](const ShowScheduleView& a) { v.schedule_view = a.view; },
                   [&v](const FilterRequests& a) {
                       v.request_filter = a.filter;
                       v.selected.clear();  // ticks hidden by the filter would be answered unseen
                   },
                   [&v](const ToggleRequest& a) {
                       if (!v.selected.erase(a.appointment_id)) v.selected.insert(a.appointment_id);
                   },
                   [&v](const SelectRequests& a) { v.selected = {a.appointment_ids.begin(), a.appointment_ids.end()}; },
                   [this](const AnswerRequests& a) { answer_requests(a.appointment_ids, a.action); },
                   [this](const ShowBookedVisit& a) { show_booked(a.appointment); },
               },
               action);
}

bool VisitsModule::has_visits() const {
    const AppState& s = ctx_.state;
    return s.has_role(core::Role::patient) || s.has_role(core::Role::doctor);
}

void VisitsModule::on_signed_in() {
    if (has_visits()) load_appointments();
}

void VisitsModule::on_tab(Tab tab) {
    state().visits.detail.reset();
    opening_.reset();
    if ((tab == Tab::appointments || tab == Tab::schedule || tab == Tab::overview) && has_visits()) load_appointments();
}

Client::ErrorHandler VisitsModule::show_in_form() {
    return [this](const core::Error& e) {
        Form& f = state().visits.form;
        f.busy = false;
        f.show(e);
        return true;
    };
}

void VisitsModule::upsert(const msg::AppointmentInfo& a) {
    VisitsState& v = state().visits;
    auto& list = v.appointments;
    auto it = std::find_if(list.begin(), list.end(), [&](const msg::AppointmentInfo& x) { return x.id == a.id; });
    if (it != list.end()) *it = a;
    else list.push_back(a);
    std::sort(list.begin(), list.end(), [](const msg::AppointmentInfo& x, const msg::AppointmentInfo& y) { return x.starts_at < y.starts_at; });
    if (v.detail && v.detail->id == a.id) {
        auto history = std::move(v.detail->history);
        v.detail = a;
        if (!a.history) v.detail->history = std::move(history);  // events carry no history: keep the one we have
    }
}

void VisitsModule::load_appointments() {
    VisitsState& v = state().visits;
    v.loading = true;
    const core::Instant now = state().now;
    client().call(
        msg::ListAppointments{now - days(365), now + days(400)},
        [this](msg::AppointmentList& r) {
            state().visits.loading = false;
            state().visits.appointments = std::move(r.appointments);
        },
        [this](const core::Error&) {
            state().visits.loading = false;
            return false;  // shown as a toast
        });
}

void VisitsModule::open_appointment(std::int64_t id) {
    // From Home, a notification or a link: the visit opens on the role's own visits tab.
    const Tab visits_tab = state().has_role(core::Role::doctor) ? Tab::schedule : Tab::appointments;
    if (state().tab != visits_tab) ctx_.dispatch(SelectTab{visits_tab});
    keep_note_draft();
    VisitsState& v = state().visits;
    auto it = std::find_if(v.appointments.begin(), v.appointments.end(), [&](const msg::AppointmentInfo& a) { return a.id == id; });
    if (it != v.appointments.end()) v.detail = *it;
    else opening_ = id;
    v.action_message.clear();
    v.rescheduling = false;
    v.confirming.reset();
    v.form = Form{};
    client().call(
        msg::GetAppointment{id},
        [this, id](msg::AppointmentReply& r) {
            upsert(r.appointment);
            VisitsState& v = state().visits;
            const bool awaited = opening_ == id || (v.detail && v.detail->id == id);
            if (opening_ == id) opening_.reset();
            if (!awaited) return;  // closed, or another one opened, meanwhile
            v.detail = r.appointment;
            const auto draft = v.note_drafts.find(id);
            v.notes_draft = draft != v.note_drafts.end() ? draft->second.notes : r.appointment.clinical_notes.value_or("");
            v.summary_draft = draft != v.note_drafts.end() ? draft->second.summary : r.appointment.visit_summary;
        },
        [this, id](const core::Error&) {
            if (opening_ == id) opening_.reset();
            return false;  // the server's sentence as a toast ("not found" for someone else's)
        });
}

void VisitsModule::keep_note_draft() {
    VisitsState& v = state().visits;
    if (has_unsaved_notes(v)) v.note_drafts[v.detail->id] = {v.notes_draft, v.summary_draft};
}

void VisitsModule::close_appointment() {
    keep_note_draft();
    state().visits.detail.reset();
    state().visits.rescheduling = false;
    state().visits.confirming.reset();
    opening_.reset();
}

std::string VisitsModule::route() const {
    const AppState& s = ctx_.state;
    if (s.tab != Tab::appointments && s.tab != Tab::schedule) return {};
    if (s.visits.detail) return "#/visits/" + std::to_string(s.visits.detail->id);
    if (opening_) return "#/visits/" + std::to_string(*opening_);
    if (s.tab == Tab::schedule && s.visits.schedule_view == VisitsState::ScheduleView::calendar) return "#/schedule/calendar";
    return {};
}

void VisitsModule::follow(const std::string& route) {
    if (!has_visits()) return;
    if (auto id = route_number(route, "#/visits")) {
        if (!state().visits.detail || state().visits.detail->id != *id) open_appointment(*id);
    } else if (route == "#/visits" || route == "#/schedule" || route == "#/schedule/calendar") {
        close_appointment();
        if (route != "#/visits")
            state().visits.schedule_view = route == "#/schedule" ? VisitsState::ScheduleView::requests : VisitsState::ScheduleView::calendar;
    }
}

// One answer to many requests (the Schedule's table): each is its own request to the server, so one that
// fails (taken back by the patient meanwhile) does not hold up the rest; the doctor gets one sentence
// for all of them.
void VisitsModule::answer_requests(const std::vector<std::int64_t>& ids, AppointmentAction action) {
    if (ids.empty()) return;
    struct Tally {
        int left = 0, done = 0, failed = 0;
        std::string first_error;
    };
    auto tally = std::make_shared<Tally>();
    tally->left = int(ids.size());
    state().visits.answers_in_flight += int(ids.size());
    auto finished = [this, tally, action] {
        if (--tally->left > 0) return;
        const std::string verb = action == AppointmentAction::confirm ? "Confirmed " : "Declined ";
        const std::string done = std::to_string(tally->done) + (tally->done == 1 ? " visit" : " visits");
        if (tally->failed == 0) return ctx_.notify(Notice::Kind::success, verb + done + ".");
        std::string sentence;
        if (tally->done > 0) sentence = verb + done + "; " + std::to_string(tally->failed) + " could not be answered. The first: ";
        else if (tally->failed == 1) sentence = "The request could not be answered: ";
        else sentence = "None of the " + std::to_string(tally->failed) + " requests could be answered. The first: ";
        ctx_.notify(Notice::Kind::error, sentence + tally->first_error);
    };
    for (std::int64_t id : ids) {
        client().call(
            msg::ActOnAppointment{id, action, ""},
            [this, id, tally, finished](msg::AppointmentReply& r) {
                VisitsState& v = state().visits;
                --v.answers_in_flight;
                v.selected.erase(id);
                upsert(r.appointment);
                ++tally->done;
                finished();
            },
            [this, tally, finished](const core::Error& e) {
                --state().visits.answers_in_flight;
                if (tally->failed++ == 0) tally->first_error = e.message;
                finished();
                return true;  // said in the one sentence above
            });
    }
}

void VisitsModule::command(std::int64_t id, AppointmentAction action) {
    VisitsState& v = state().visits;
    if (v.form.busy) return;
    v.confirming.reset();
    v.form.clear_errors();
    v.form.busy = true;
    client().call(
        msg::ActOnAppointment{id, action, v.action_message},
        [this, action](msg::AppointmentReply& r) {
            VisitsState& v = state().visits;
            v.form.busy = false;
            v.action_message.clear();
            upsert(r.appointment);
            if (const char* done = done_message(action)) ctx_.notify(Notice::Kind::success, done);
            ctx_.dispatch(LoadWallet{});
        },
        show_in_form());
}

void VisitsModule::begin_reschedule() {
    VisitsState& v = state().visits;
    v.rescheduling = true;
    if (v.detail) ctx_.dispatch(ShowSlotsOf{v.detail->doctor.id, v.detail->doctor.display_name});
}

void VisitsModule::reschedule(core::Instant starts_at) {
    VisitsState& v = state().visits;
    if (!v.detail || v.form.busy) return;
    v.form.busy = true;
    client().call(
        msg::Reschedule{v.detail->id, starts_at},
        [this](msg::AppointmentReply& r) {
            VisitsState& v = state().visits;
            v.form.busy = false;
            v.rescheduling = false;
            ctx_.dispatch(CloseDoctor{});
            upsert(r.appointment);
            ctx_.notify(Notice::Kind::success, "Appointment moved.");
        },
        show_in_form());
}

void VisitsModule::save_notes() {
    VisitsState& v = state().visits;
    if (!v.detail || v.form.busy) return;
    v.form.busy = true;
    client().call(
        msg::WriteNotes{v.detail->id, v.notes_draft, v.summary_draft},
        [this](msg::AppointmentReply& r) {
            state().visits.form.busy = false;
            state().visits.note_drafts.erase(r.appointment.id);
            upsert(r.appointment);
            ctx_.notify(Notice::Kind::success, "Notes saved.");
        },
        show_in_form());
}

void VisitsModule::download_calendar(std::int64_t id) {
    client().call(msg::GetAppointmentIcs{id}, [this](msg::CalendarFile& f) {
        if (ctx_.env.download) ctx_.env.download(f.filename, f.content_type, f.content);
    });
}

void VisitsModule::show_booked(const msg::AppointmentInfo& a) {
    upsert(a);
    state().visits.detail = a;
}

}  // namespace app
