// The catalogue of medical specialties doctors choose from (codes are stable; names are for display).
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace core {

struct Specialty {
    std::string code;  // "general_practice"
    std::string name;  // "General practice"
};

const std::vector<Specialty>& specialties();
const Specialty* find_specialty(std::string_view code);

}  // namespace core
