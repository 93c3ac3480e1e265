#include "core/clinic/specialties.h"

namespace core {

const std::vector<Specialty>& specialties() {
    static const std::vector<Specialty> kList{
        {"general_practice", "General practice"},
        {"cardiology", "Cardiology"},
        {"dermatology", "Dermatology"},
        {"paediatrics", "Paediatrics"},
        {"psychiatry", "Psychiatry"},
        {"neurology", "Neurology"},
        {"orthopaedics", "Orthopaedics"},
        {"gynaecology", "Gynaecology"},
        {"ent", "Ear, nose and throat (ENT)"},
        {"ophthalmology", "Ophthalmology"},
        {"endocrinology", "Endocrinology"},
        {"gastroenterology", "Gastroenterology"},
        {"pulmonology", "Pulmonology"},
        {"urology", "Urology"},
        {"rheumatology", "Rheumatology"},
        {"allergy", "Allergy and immunology"},
        {"nutrition", "Nutrition and dietetics"},
        {"psychology", "Psychology"},
    };
    return kList;
}

const Specialty* find_specialty(std::string_view code) {
    for (const Specialty& s : specialties())
        if (s.code == code) return &s;
    return nullptr;
}

}  // namespace core
