// Native stand-in: remembers the last copied text (tests may check it through clipboard_native_last()).
#include <string>

#include "platform/clipboard.h"

namespace platform {
namespace {
std::string last_copied;
}
void copy_to_clipboard(const std::string& text) { last_copied = text; }
const std::string& clipboard_native_last() { return last_copied; }
}  // namespace platform
