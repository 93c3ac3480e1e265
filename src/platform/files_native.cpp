// Native stand-ins of platform::files and platform::images for unit tests: picked files come from
// fake_pick(), images "decode" at once into a 64x48 fake texture (the handle), except bytes that start
// with "broken", which fail.
#include <deque>
#include <map>

#include "platform/files.h"

namespace platform::files {
namespace {
std::deque<Picked>& queue() {
    static std::deque<Picked> q;
    return q;
}
int opens = 0;
}  // namespace

void open_picker() { ++opens; }
void enable_drop() {}
void set_read_limit(std::int64_t) {}
std::optional<Picked> take() {
    if (queue().empty()) return std::nullopt;
    Picked p = std::move(queue().front());
    queue().pop_front();
    return p;
}
void fake_pick(Picked file) { queue().push_back(std::move(file)); }
int fake_picker_opens() { return opens; }

}  // namespace platform::files

namespace platform::images {
namespace {
std::map<int, ImageState>& images() {
    static std::map<int, ImageState> m;
    return m;
}
int next = 1;
}  // namespace

int decode(const std::string& bytes, const std::string&, int) {
    const int h = next++;
    images()[h] = bytes.rfind("broken", 0) == 0 ? ImageState{0, 0, 0, true} : ImageState{h, 64, 48, false};
    return h;
}
ImageState state(int handle) {
    auto it = images().find(handle);
    return it == images().end() ? ImageState{0, 0, 0, true} : it->second;
}
void release(int handle) { images().erase(handle); }

}  // namespace platform::images
