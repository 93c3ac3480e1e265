// Clipboard. Writing is asynchronous in browsers and may be refused outside a user gesture; the result
// is not reported back (the UI should say "Copied" optimistically, as browsers do).
#pragma once
#include <string>

namespace platform {

void copy_to_clipboard(const std::string& text);

}  // namespace platform
