// Call recordings and the call log in the visit detail: loads the open visit's list and who was in
// its call, gets signed links to play or download one, and (offline demo, which has no HTTP server)
// fetches the bytes over the protocol instead. The upload side is CallRecorder (recorder.h), driven
// by the call module.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "app/module.h"

namespace app {

class RecordingsModule final : public FeatureModule<RecordingsAction> {
public:
    explicit RecordingsModule(Context& ctx);

    // Every poll: follows the open visit (loads its list when it changes) and due reloads.
    void tick(double now_ms) override;

private:
    void apply(const RecordingsAction& action) override;
    void reload();  // the open visit's list again
    void load(std::int64_t appointment_id);
    void load_call_log(std::int64_t appointment_id, int generation);
    void access(std::int64_t recording_id, bool download);
    void opened(std::int64_t recording_id, bool download, const std::string& name, const core::msg::RecordingLinkInfo& link);
    // Offline demo: the bytes in pieces over recording_data, then done(bytes, mime).
    void fetch(std::int64_t recording_id, std::string token, std::string bytes,
               std::function<void(std::string bytes, std::string mime)> done);
    void close_player();

    // The access log changes when the browser first uses a link (not when it is issued): look again a
    // little later, twice, in case the player or the download started slowly.
    std::vector<double> reload_at_ms_;
    int generation_ = 0;  // answers for an older list are dropped
    double now_ms_ = 0;   // the time of the last tick()
};

}  // namespace app
