#include "platform/clipboard.h"

extern "C" void telemed_copy_to_clipboard(const char* text);

namespace platform {
void copy_to_clipboard(const std::string& text) { telemed_copy_to_clipboard(text.c_str()); }
}  // namespace platform
