#include "platform/download.h"

namespace platform {

// Natively there is nowhere to save to; the controller's tests observe downloads through their callback.
void download(const std::string&, const std::string&, const std::string&) {}

}  // namespace platform

namespace platform {

void download_url(const std::string&, const std::string&) {}

}  // namespace platform
