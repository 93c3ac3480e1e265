// Small helpers the clinic screens share: times in the viewer's zone, status words and colours,
// wrapping rows of filter chips, section cards.
#pragma once
#include <string>
#include <vector>

#include <imgui.h>

#include "app/state.h"
#include "core/clinic/model.h"
#include "core/presence/messages.h"
#include "core/time/time_zone.h"

namespace ui::screens {

const core::TimeZone& viewer_zone(const app::AppState& state);
std::string when(const app::AppState& state, core::Instant t);           // "Tue 3 Dec 2026, 14:30"
std::string when_with_zone(const app::AppState& state, core::Instant t); // "... (Europe/Berlin)"
std::string time_of_day(const app::AppState& state, core::Instant t);    // "14:30"
std::string day_label(const app::AppState& state, core::Instant t);      // "Tue 3 Dec 2026"

const char* status_label(core::AppointmentStatus status);  // "Waiting for the doctor", "Confirmed", …
ImU32 status_colour(core::AppointmentStatus status);
void status_badge(core::AppointmentStatus status);

// A wrapping row of mutually exclusive choices (role radio through the toolkit's buttons).
bool chip_row(const char* id, int& selected, const std::vector<std::string>& options);

// A visually grouped block: a rounded frame around its content.
// The first line of a text, cut to fit `width` with an ellipsis (for rows; the whole text is one click away).
std::string one_line(const std::string& text, float width);
void begin_card(const char* id);
void end_card();

// Presence: the dot's colour (green online, amber away, blue in a call, grey offline), a dot drawn at a
// point, and the words that always go with it ("Online", "Last seen yesterday"; short: "Seen yesterday").
// `p` null: nothing known (drawn as offline, "Offline").
ImU32 presence_colour(core::PresenceState state);
void presence_dot(ImDrawList* dl, ImVec2 centre, float radius, const core::msg::PresenceInfo* p);
std::string presence_words(const core::msg::PresenceInfo* p);
std::string presence_words_short(const core::msg::PresenceInfo* p);
// One line: the dot and the words, with role status in the accessibility layer.
void presence_line(const core::msg::PresenceInfo* p);

std::string credits(std::int64_t n);  // "1 credit", "12 credits"
std::string money(int cents, const std::string& currency);  // "€39.00"
// "2 credits (€39.00)": the price also in money (app/credits/pricing.h), once the packages are known.
std::string credits_and_money(const app::AppState& state, std::int64_t n);

}  // namespace ui::screens
