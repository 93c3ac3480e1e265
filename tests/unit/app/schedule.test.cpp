// The doctor's Schedule as a workspace (app/clinic/requests.h, VisitsModule): open requests narrowed by
// day in the doctor's zone, ticked and answered together with one sentence for all, the requests and
// calendar views with their URLs.
#include <catch2/catch.hpp>

#include <algorithm>

#include "app/clinic/requests.h"
#include "app_scene.h"
#include "core/time/format.h"

using namespace app;
using core::AppointmentAction;
using core::AppointmentStatus;

namespace {

core::msg::AppointmentInfo request_at(std::int64_t id, const char* iso, AppointmentStatus status = AppointmentStatus::requested) {
    core::msg::AppointmentInfo a;
    a.id = id;
    a.status = status;
    a.starts_at = app_test::at(iso);
    return a;
}

std::vector<std::int64_t> ids(const std::vector<const core::msg::AppointmentInfo*>& list) {
    std::vector<std::int64_t> out;
    for (const auto* a : list) out.push_back(a->id);
    return out;
}

}  // namespace

TEST_CASE("[app] schedule: requests narrowed by day in the doctor's zone", "[app][schedule]") {
    // 23:30 on Friday 20 Nov in Tokyo is 14:30 UTC.
    const core::TimeZone& tokyo = core::zone_or_utc("Asia/Tokyo");
    const auto now = app_test::at("2026-11-20T14:30:00Z");
    const std::vector<core::msg::AppointmentInfo> all{
        request_at(1, "2026-11-20T14:00:00Z"),  // already begun: not to answer
        request_at(2, "2026-11-20T14:45:00Z"),  // 23:45 today in Tokyo
        request_at(3, "2026-11-20T15:15:00Z"),  // 00:15 tomorrow in Tokyo (still "today" in UTC)
        request_at(4, "2026-11-21T14:45:00Z", AppointmentStatus::confirmed),
        request_at(5, "2026-11-22T01:00:00Z"),  // Sunday 10:00 in Tokyo
        request_at(6, "2026-11-30T01:00:00Z"),  // more than a week away
    };
    CHECK(ids(requests_to_answer(all, now, tokyo, RequestFilter::all)) == std::vector<std::int64_t>{2, 3, 5, 6});
    CHECK(ids(requests_to_answer(all, now, tokyo, RequestFilter::today)) == std::vector<std::int64_t>{2});
    CHECK(ids(requests_to_answer(all, now, tokyo, RequestFilter::tomorrow)) == std::vector<std::int64_t>{3});
    CHECK(ids(requests_to_answer(all, now, tokyo, RequestFilter::next_7_days)) == std::vector<std::int64_t>{2, 3, 5});
    const core::TimeZone& utc = core::zone_or_utc("UTC");
    CHECK(ids(requests_to_answer(all, now, utc, RequestFilter::today)) == std::vector<std::int64_t>{2, 3});
}

TEST_CASE("[app] schedule: tick many, answer once; one sentence for all; views and their URLs", "[app][schedule]") {
    app_test::DemoApp app;
    // Three requests from the demo patient to the demo doctor (who confirms by hand).
    app.request_okafor_visits({4, 7, 9});
    app.act(DemoSignIn{1});
    app.act(SelectTab{Tab::schedule});
    const auto open = requests_to_answer(app.state.visits.appointments, app.state.now, core::zone_or_utc("Europe/Berlin"), RequestFilter::all);
    REQUIRE(open.size() >= 3);
    const std::vector<std::int64_t> three{open[0]->id, open[1]->id, open[2]->id};

    app.act(ToggleRequest{three[0]});
    app.act(ToggleRequest{three[1]});
    app.act(ToggleRequest{three[1]});  // ticked twice: not ticked
    CHECK(app.state.visits.selected == std::set<std::int64_t>{three[0]});
    app.act(SelectRequests{three});
    CHECK(app.state.visits.selected.size() == 3);
    app.act(FilterRequests{RequestFilter::tomorrow});  // a filter clears the ticks it could hide
    CHECK(app.state.visits.selected.empty());
    app.act(FilterRequests{RequestFilter::all});

    app.state.notices.clear();
    app.act(SelectRequests{three});
    app.act(AnswerRequests{three, AppointmentAction::confirm});
    CHECK(app.state.visits.answers_in_flight == 0);
    CHECK(app.state.visits.selected.empty());
    for (auto id : three) {
        auto it = std::find_if(app.state.visits.appointments.begin(), app.state.visits.appointments.end(), [&](const auto& a) { return a.id == id; });
        REQUIRE(it != app.state.visits.appointments.end());
        CHECK(it->status == AppointmentStatus::confirmed);
    }
    REQUIRE(app.state.notices.size() == 1);
    CHECK(app.state.notices[0].kind == Notice::Kind::success);
    CHECK(app.state.notices[0].text == "Confirmed 3 visits.");

    // Answered already: the server refuses, and the doctor hears it in one sentence.
    app.state.notices.clear();
    app.act(AnswerRequests{{three[0], three[1]}, AppointmentAction::decline});
    REQUIRE(app.state.notices.size() == 1);
    CHECK(app.state.notices[0].kind == Notice::Kind::error);
    CHECK(app.state.notices[0].text.rfind("None of the 2 requests could be answered. The first: ", 0) == 0);

    app.act(ShowScheduleView{VisitsState::ScheduleView::calendar});
    CHECK(app.state.visits.schedule_view == VisitsState::ScheduleView::calendar);
}
