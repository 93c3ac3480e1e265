#include "platform/download.h"

#include <emscripten/emscripten.h>

// A Blob and a temporary link: the browser's own download flow, no server round trip.
EM_JS(void, telemed_download, (const char* name, const char* mime, const char* data, int size), {
    const bytes = HEAPU8.slice(data, data + size);
    const url = URL.createObjectURL(new Blob([bytes], {type: UTF8ToString(mime)}));
    const link = document.createElement("a");
    link.href = url;
    link.download = UTF8ToString(name);
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
});

EM_JS(void, telemed_download_url, (const char* url, const char* name), {
    const link = document.createElement("a");
    link.href = UTF8ToString(url);
    link.download = UTF8ToString(name);
    document.body.appendChild(link);
    link.click();
    link.remove();
});

namespace platform {

void download_url(const std::string& url, const std::string& filename) {
    telemed_download_url(url.c_str(), filename.c_str());
}

void download(const std::string& filename, const std::string& mime, const std::string& content) {
    telemed_download(filename.c_str(), mime.c_str(), content.data(), int(content.size()));
}

}  // namespace platform
