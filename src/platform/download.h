// Saving a file the app produced (e.g. an appointment's .ics) to the person's device.
#pragma once
#include <string>

namespace platform {

void download(const std::string& filename, const std::string& mime, const std::string& content);
// A file the server serves (e.g. a recording's signed link, answered with Content-Disposition:
// attachment): the browser downloads it without it passing through the app's memory.
void download_url(const std::string& url, const std::string& filename);

}  // namespace platform
