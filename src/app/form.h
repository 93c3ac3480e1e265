// What every form shares: a busy flag while the request is out, a message for the whole form and one
// per field (keyed by the field's name: the protocol's, as the server names it in an invalid_field
// error, or the form's own for fields the client checks alone).
#pragma once
#include <map>
#include <string>

#include "core/errors.h"

namespace app {

struct Form {
    bool busy = false;
    std::string error;
    std::map<std::string, std::string> field_errors;

    const char* field_error(const std::string& field) const;  // nullptr when none
    void set_field_error(const std::string& field, std::string message);
    bool has_field_errors() const { return !field_errors.empty(); }
    void clear_errors();
    void show(const core::Error& e);  // puts the server's message where it belongs
};

}  // namespace app
