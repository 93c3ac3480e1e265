// A doctor's standing: a doctor whose profile an administrator suspended keeps their account (they can
// sign in, read why, and update their profile) but loses access to patients' data: appointments and
// their notes, calls, recordings, conversations, and invitation links. Every service that serves
// patients' data to a doctor asks this first, inside its own transaction.
#pragma once
#include <optional>

#include "core/errors.h"
#include "core/store/store.h"

namespace core {

// forbidden ("Your profile is suspended ...") when `user` is a doctor whose profile is suspended;
// nullopt for everyone else (patients, staff, guests, doctors in good standing).
std::optional<Error> suspended_doctor(Transaction& tx, UserId user);

}  // namespace core
