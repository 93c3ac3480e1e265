// platform::files and platform::images over web/files.js (telemed_files_* and telemed_image_*).
#include <vector>

#include "platform/files.h"

extern "C" {
void telemed_files_open_picker();
void telemed_files_enable_drop();
void telemed_files_set_read_limit(double bytes);
int telemed_files_next(double* size, int* name_bytes);  // bytes held of the next file; -1: none
void telemed_files_take(char* data, char* name);        // copies the next file out and drops it
int telemed_image_decode(const char* data, int size, const char* mime, int max_side);
int telemed_image_state(int handle, int* width, int* height);  // texture > 0, 0 decoding, -1 failed
void telemed_image_release(int handle);
}

namespace platform::files {

void open_picker() { telemed_files_open_picker(); }
void enable_drop() { telemed_files_enable_drop(); }
void set_read_limit(std::int64_t bytes) { telemed_files_set_read_limit(double(bytes)); }

std::optional<Picked> take() {
    double size = 0;
    int name_bytes = 0;
    const int held = telemed_files_next(&size, &name_bytes);
    if (held < 0) return std::nullopt;
    Picked p;
    p.size = std::int64_t(size);
    p.bytes.resize(std::size_t(held));
    std::vector<char> name(std::size_t(name_bytes) + 1, '\0');
    telemed_files_take(p.bytes.data(), name.data());
    p.name.assign(name.data(), std::size_t(name_bytes));
    return p;
}

void fake_pick(Picked) {}
int fake_picker_opens() { return 0; }

}  // namespace platform::files

namespace platform::images {

int decode(const std::string& bytes, const std::string& mime, int max_side) {
    return telemed_image_decode(bytes.data(), int(bytes.size()), mime.c_str(), max_side);
}

ImageState state(int handle) {
    int w = 0, h = 0;
    const int t = telemed_image_state(handle, &w, &h);
    if (t < 0) return {0, 0, 0, true};
    return {t, w, h, false};
}

void release(int handle) { telemed_image_release(handle); }

}  // namespace platform::images
