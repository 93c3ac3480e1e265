// Ghost rooms (issue 12's proof suite): N video visits, doctor and patient both in the call, then half
// of the 2N people vanish without a word — their TCP connection is closed with no WebSocket close frame,
// or (a share of them) they simply stop reading and leave the socket open, as a laptop whose lid shut or
// a phone that lost its network does. Which ones is random, so some rooms lose both members, some one,
// some none. The others stay as a real person would: they see the other one leave after the reconnect
// grace, then the patient leaves (call_leave) and the doctor ends the call (call_end).
//
// What must hold, read from the server's own answers and then from its SQLite file:
//   * a room whose members all vanished ends within reconnect grace + timer interval of the vanish. A
//     silent socket is only noticed by the keep-alive, within 1.25 x --call-idle-timeout while in a call,
//     and the grace then counts from when the member was last heard: so the bound for rooms with a
//     silent member is max(1.25 x call idle timeout, grace) + timer interval, the same unless the idle
//     timeout is long (reported on a line of its own);
//   * a member who stayed sees the other `left` no earlier than the grace, and by the bound;
//   * nobody is left `in_call` in presence once every room has ended;
//   * every visit is charged exactly once: once its join window has closed, each visit is completed or
//     no_show with exactly one earning posting, its escrow empty, nothing refunded; the ledger sums to 0
//     and no call stretch is left open.
//
// The people, sessions and confirmed visits (credits held in escrow) are written straight into a fresh
// database through the server's own SQLite store before the server starts (2N Argon2id sign-ins would
// take minutes). The visits' join windows close a little after the run's last expected room end, so
// that the server's closing of abandoned visits is seen too.
//
// Used by tests/server/ghost_test.cpp (40 calls, short grace and timers, in server_tests) and
// tests/bench/ghost_rooms.cpp (the long run: 500 calls, the real 45 s grace, the release server).
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace test::ghost {

using Millis = std::chrono::milliseconds;

struct Options {
    int calls = 40;
    double silent_share = 0.25;  // of the members who vanish: stop reading, socket left open
    // Given to the server (--call-reconnect-grace, --timer-interval, --ws-idle-timeout, --call-idle-timeout).
    Millis grace{45'000}, timer_interval{5'000}, ws_idle_timeout{60'000}, call_idle_timeout{20'000};
    Millis slack{2'000};          // allowed beyond each bound
    Millis poll{1'000};           // how often the rooms are looked at while waiting
    Millis setup_budget{60'000};  // seeding to vanish; the join windows are placed after it
    unsigned seed = 12;
    std::vector<std::string> server_args;             // more server options (e.g. --log-level info)
    std::function<void(const std::string&)> progress;  // a line now and then, when set
    // Called at "connected" (everyone in the call) and "ended" (every room ended): the benchmark reads
    // the server's RSS and CPU there.
    std::function<void(const std::string&)> at;
};

struct Report {
    int calls = 0;
    int vanished_closed = 0, vanished_silent = 0;  // members who vanished, by how
    int rooms_all_vanished = 0, rooms_one_stayed = 0, rooms_none_vanished = 0;
    int in_call_before = 0;  // people whose presence was in_call before the vanish (2 x calls)
    // Rooms whose members all vanished: ended within their bound, late, or not at all.
    int rooms_ended_in_bound = 0, rooms_ended_late = 0, rooms_never_ended = 0;
    // After the vanish: the latest a poll still found such a room open, the latest a poll first found
    // one ended (the true end lies between the two), and the bound. Rooms whose members closed their
    // sockets; rooms with a silent member. A room counts as late when it was seen open past the bound
    // plus the slack.
    double latest_open_closed_s = 0, latest_end_closed_s = 0, bound_closed_s = 0;
    double latest_open_silent_s = 0, latest_end_silent_s = 0, bound_silent_s = 0;
    // Members who stayed while the other vanished: saw them `left` in time / too early / not by the bound.
    int stayers_saw_leave = 0, stayers_saw_leave_early = 0, stayers_never_saw_leave = 0;
    double latest_leave_seen_s = 0;  // vanish -> the stayer read the other's `left`
    int rooms_open_after_leaving = 0;  // still open after everyone left or ended it
    int in_call_after = 0;             // people still in_call once every room ended
    int charged_0 = 0, charged_1 = 0, charged_2_or_more = 0;  // visits by earning postings
    int refunded = 0;                  // visits with a release or refund: none expected
    int completed = 0, no_show = 0, other_status = 0;
    int escrow_left = 0;               // visits whose escrow is not empty
    std::int64_t ledger_sum = 0;
    int open_stretches = 0;            // call stretches without left_at
    int server_exit_status = -1;
    double seconds = 0;
    std::vector<std::string> problems;  // the first few findings, in words

    bool passed() const;
    std::string summary() const;
};

Report run(const Options& options);

}  // namespace test::ghost
