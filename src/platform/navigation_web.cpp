#include "platform/navigation.h"

#include <emscripten/emscripten.h>

EM_JS(void, telemed_navigate, (const char* url), {
    const target = UTF8ToString(url);
    if (target === "") window.location.reload(); else window.location.assign(target);
});

namespace platform {

void navigate(const std::string& url) { telemed_navigate(url.c_str()); }

}  // namespace platform
