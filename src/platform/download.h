// Saving a file the app produced (e.g. an appointment's .ics) to the person's device.
#pragma once
#include <string>

namespace platform {

void download(const std::string& filename, const std::string& mime, const std::string& content);

}  // namespace platform
