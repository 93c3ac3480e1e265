#include "app/form.h"

namespace app {

const char* Form::field_error(const std::string& field) const {
    auto it = field_errors.find(field);
    return it == field_errors.end() ? nullptr : it->second.c_str();
}

void Form::set_field_error(const std::string& field, std::string message) { field_errors[field] = std::move(message); }

void Form::clear_errors() {
    error.clear();
    field_errors.clear();
}

void Form::show(const core::Error& e) {
    // Credentials and lockout are about the whole form: never hint which half was wrong.
    const bool whole_form = e.field.empty() || e.code == core::ErrorCode::invalid_credentials ||
                            e.code == core::ErrorCode::account_locked;
    if (whole_form) error = e.message;
    else field_errors[e.field] = e.message;
}

}  // namespace app
