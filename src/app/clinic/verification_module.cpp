#include "app/clinic/verification_module.h"

namespace app {

namespace msg = core::msg;

namespace {

const char* decided(core::Verification decision) {
    switch (decision) {
        case core::Verification::verified: return "Doctor verified.";
        case core::Verification::rejected: return "Verification rejected; the doctor was told why.";
        default: return "Doctor suspended.";
    }
}

}  // namespace

void VerificationModule::apply(const VerificationAction& action) {
    std::visit(overloaded{
                   [this](const LoadVerificationQueue&) { load_queue(); },
                   [this](const DecideVerification& a) { decide(a.doctor_id, a.decision); },
               },
               action);
}

void VerificationModule::on_signed_in() {
    if (state().has_role(core::Role::admin)) load_queue();
}

void VerificationModule::on_tab(Tab tab) {
    const bool admin_home = (tab == Tab::appointments || tab == Tab::schedule || tab == Tab::overview) && state().has_role(core::Role::admin);
    if (admin_home || tab == Tab::verification) load_queue();
}

void VerificationModule::load_queue() {
    state().verification.loading = true;
    client().call(
        msg::VerificationQueue{},
        [this](msg::DoctorList& r) {
            state().verification.loading = false;
            state().verification.queue = std::move(r.doctors);
        },
        [this](const core::Error&) {
            state().verification.loading = false;
            return false;  // shown as a toast
        });
}

void VerificationModule::decide(std::int64_t doctor, core::Verification decision) {
    const std::string reason = state().verification.decision_reasons[doctor];
    client().call(msg::DecideVerification{doctor, decision, reason}, [this, doctor, decision](msg::ProfileReply&) {
        state().verification.decision_reasons.erase(doctor);
        ctx_.notify(Notice::Kind::success, decided(decision));
        load_queue();
    });
}

}  // namespace app
