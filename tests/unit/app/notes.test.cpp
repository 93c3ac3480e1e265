// The doctor's notes as typed (app/clinic/notes.h): unsaved changes survive opening another visit or
// leaving the visit, until saved or discarded; the SOAP headings fill only empty notes.
#include <catch2/catch.hpp>

#include "app/clinic/notes.h"
#include "app_scene.h"

using namespace app;

TEST_CASE("[app] notes: a draft survives looking elsewhere, until saved or discarded", "[app][notes]") {
    app_test::DemoApp app;
    app.request_okafor_visits({4});  // a second visit with the demo doctor
    app.act(DemoSignIn{1});  // the demo doctor
    app.act(SelectTab{Tab::schedule});
    REQUIRE(app.state.visits.appointments.size() >= 2);
    const std::int64_t first = app.state.visits.appointments[0].id, second = app.state.visits.appointments[1].id;
    VisitsState& v = app.state.visits;

    app.act(OpenAppointment{first});
    REQUIRE(v.detail);
    const std::string saved = v.notes_draft;
    CHECK_FALSE(has_unsaved_notes(v));
    v.notes_draft = "Cough for two weeks.\nNo fever.";
    CHECK(has_unsaved_notes(v));

    app.act(OpenAppointment{second});  // another visit: the first one's typing is kept
    CHECK(v.detail->id == second);
    CHECK_FALSE(has_unsaved_notes(v));
    app.act(CloseAppointment{});
    app.act(OpenAppointment{first});
    CHECK(v.notes_draft == "Cough for two weeks.\nNo fever.");
    CHECK(has_unsaved_notes(v));

    app.act(DiscardNoteChanges{});
    CHECK(v.notes_draft == saved);
    CHECK_FALSE(has_unsaved_notes(v));
    CHECK(v.note_drafts.empty());

    v.notes_draft.clear();
    app.act(UseNotesTemplate{});
    CHECK(v.notes_draft == kSoapTemplate);
    v.notes_draft += "\nFollow up in a week.";
    app.act(UseNotesTemplate{});  // never over what is typed
    CHECK(v.notes_draft.ends_with("Follow up in a week."));
    app.act(SaveNotes{});
    CHECK_FALSE(has_unsaved_notes(v));
    app.act(CloseAppointment{});
    app.act(OpenAppointment{first});
    CHECK(v.notes_draft.ends_with("Follow up in a week."));
    CHECK(v.note_drafts.empty());
}
