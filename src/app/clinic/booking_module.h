// Patients find a doctor and book: specialties, search, a doctor's free times for the next two weeks,
// the booking itself. The free times also serve moving a visit (ShowSlotsOf, from VisitsModule).
#pragma once
#include "app/module.h"

namespace app {

class BookingModule final : public FeatureModule<BookingAction> {
public:
    explicit BookingModule(Context& ctx) : FeatureModule(ctx) {}

    void on_signed_in() override;
    void on_signed_out() override { state().booking = BookingState{}; }
    void on_tab(Tab tab) override;
    std::string route() const override;  // #/doctors/<id> while a doctor's page is open
    void follow(const std::string& route) override;

private:
    void apply(const BookingAction& action) override;
    void load_specialties();
    void search_doctors();
    void open_doctor(std::int64_t id);
    void show_slots_of(std::int64_t doctor_id, const std::string& name);
    void load_slots();
    void submit_booking();
    void complete_opened_doctor(bool whole_list);
};

}  // namespace app
