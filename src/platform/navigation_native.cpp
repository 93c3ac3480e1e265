#include "platform/navigation.h"

namespace platform {

// Natively there is no page; the controller's tests observe navigation through their own callback.
void navigate(const std::string&) {}

}  // namespace platform
