// The second question before a visit action that costs money or cannot be undone (app/clinic/
// confirmations.h): the words say what happens in credits, the way the server will do it.
#include <catch2/catch.hpp>

#include "app/clinic/confirmations.h"
#include "app_scene.h"

using namespace app;
using core::AppointmentAction;
using core::AppointmentStatus;

namespace {

core::msg::AppointmentInfo visit(AppointmentStatus status) {
    core::msg::AppointmentInfo a;
    a.id = 7;
    a.status = status;
    a.price_credits = 2;
    a.late_cancel_refund_percent = 50;
    a.starts_at = app_test::at("2026-11-21T10:00:00Z");
    a.free_cancel_until = app_test::at("2026-11-20T10:00:00Z");
    a.patient.display_name = "Zoë Łukasiewicz";
    return a;
}

}  // namespace

TEST_CASE("[app] confirmations: cancelling says what comes back", "[app][confirmations]") {
    const auto early = app_test::at("2026-11-19T09:00:00Z"), late = app_test::at("2026-11-21T08:00:00Z");
    auto a = visit(AppointmentStatus::confirmed);
    auto ask = confirmation_for(a, AppointmentAction::cancel, false, early);
    REQUIRE(ask);
    CHECK(ask->question == "Cancel this visit?");
    CHECK(ask->consequence == "You get all 2 credits back.");
    CHECK(ask->yes == "Yes, cancel the visit");
    CHECK(ask->no == "Keep the visit");
    ask = confirmation_for(a, AppointmentAction::cancel, false, late);
    CHECK(ask->consequence == "It is less than 24 hours before the visit: you get 1 of 2 credits back.");
    // A request not yet confirmed costs nothing to withdraw, however late.
    ask = confirmation_for(visit(AppointmentStatus::requested), AppointmentAction::cancel, false, late);
    CHECK(ask->consequence == "You get all 2 credits back.");
    // The doctor cancelling: the patient gets everything back.
    ask = confirmation_for(a, AppointmentAction::cancel, true, late);
    CHECK(ask->question == "Cancel the visit with Zoë Łukasiewicz?");
    CHECK(ask->consequence == "Zoë Łukasiewicz gets all 2 credits back and is told at once.");
}

TEST_CASE("[app] confirmations: closing a visit cannot be undone; other actions are not asked twice", "[app][confirmations]") {
    const auto now = app_test::at("2026-11-21T10:30:00Z");
    auto a = visit(AppointmentStatus::in_progress);
    a.price_credits = 1;
    auto ask = confirmation_for(a, AppointmentAction::complete, true, now);
    REQUIRE(ask);
    CHECK(ask->consequence == "You are paid 1 credit and the visit closes. This cannot be undone.");
    ask = confirmation_for(a, AppointmentAction::no_show, true, now);
    REQUIRE(ask);
    CHECK(ask->question == "Record that Zoë Łukasiewicz did not attend?");
    for (AppointmentAction quick : {AppointmentAction::confirm, AppointmentAction::decline, AppointmentAction::start})
        CHECK_FALSE(confirmation_for(a, quick, true, now));
}

TEST_CASE("[app] confirmations: asked, then sent or kept", "[app][confirmations]") {
    app_test::DemoApp app;
    app.act(DemoSignIn{0});  // the demo patient
    // A new booking, which can still be cancelled.
    app.act(SelectTab{Tab::doctors});
    REQUIRE_FALSE(app.state.booking.doctors.empty());
    app.act(OpenDoctor{app.state.booking.doctors.front().doctor_id});
    REQUIRE_FALSE(app.state.booking.slots.empty());
    app.act(ChooseSlot{app.state.booking.slots.back().starts_at});
    app.act(SubmitBooking{});
    REQUIRE(app.state.visits.detail);
    const auto id = app.state.visits.detail->id;
    app.act(AskToConfirm{AppointmentAction::cancel});
    CHECK(app.state.visits.confirming == AppointmentAction::cancel);
    app.act(DismissConfirm{});
    CHECK_FALSE(app.state.visits.confirming);
    CHECK(app.state.visits.detail->status != AppointmentStatus::cancelled);
    app.act(AskToConfirm{AppointmentAction::cancel});
    app.act(AppointmentCommand{id, AppointmentAction::cancel});
    CHECK_FALSE(app.state.visits.confirming);
    INFO(app.state.visits.form.error);
    CHECK(app.state.visits.detail->status == AppointmentStatus::cancelled);
}
