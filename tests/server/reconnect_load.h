// Reconnect exactness (issue 12's proof suite): many patients and doctors write to each other while
// their connections drop at random — between two requests, and between a send_message and its reply
// (the reply is lost). A client does what docs/PROTOCOL.md asks of one: after a drop it connects again,
// resumes its session, asks `messages_after` the last number it holds in each conversation, and sends
// the unanswered message again with the same client_message_id. Afterwards every conversation must hold
// each intended message exactly once, in each sender's order, numbered 1..n, and every member's copy
// must equal the server's.
//
// Used by tests/server/reconnect_test.cpp (20 clients, 1,000 messages, in server_tests) and
// tests/bench/reconnect_exactness.cpp (the long run: 200 clients, 10,000 messages).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace test::reconnect {

struct Options {
    int clients = 20;        // people, one connection each: a tenth of them doctors
    int messages = 1000;     // in all, spread over the patient–doctor conversations
    double drop_chance = 0.05;  // per message sent: the connection is dropped (half of them before the reply)
    unsigned seed = 12;
};

struct Report {
    int clients = 0, conversations = 0;
    long messages = 0;        // intended, each acknowledged in the end
    long drops = 0;           // connections dropped on purpose
    long lost_replies = 0;    // of which between a send_message and its reply
    long caught_up = 0;       // messages a client got from messages_after rather than live
    long server_closes = 0;   // connections the server closed (1008: their send queue overflowed), handled as drops
    long lost = 0;            // intended, absent from the conversation
    long duplicated = 0;      // present more than once
    long reordered = 0;       // after a later message of the same sender
    long copies_differing = 0;  // member copies of a conversation that are not the server's
    long numbering_holes = 0;   // conversations whose numbers are not 1..n
    double seconds = 0;
    std::vector<std::string> problems;

    bool passed() const {
        return lost == 0 && duplicated == 0 && reordered == 0 && copies_differing == 0 && numbering_holes == 0 && problems.empty();
    }
    std::string summary() const;
};

// port: a running server (the test suite's shared one, or the benchmark's own).
Report run(std::uint16_t port, const Options& options);

}  // namespace test::reconnect
