// Call recordings and the call log in the visit detail: loads the open visit's list and who was in its call, gets signed links to play or
// download one, and (offline demo, which has no HTTP server) fetches the bytes over the protocol
// instead. The upload side is CallRecorder (call_recorder.h), driven by the CallController.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "app/actions.h"
#include "app/client.h"
#include "app/state.h"

namespace app {

class RecordingsController {
public:
    using Download = std::function<void(const std::string& filename, const std::string& mime, const std::string& content)>;
    using DownloadUrl = std::function<void(const std::string& url, const std::string& filename)>;
    RecordingsController(AppState& state, Client& client, Download download, DownloadUrl download_url);

    bool apply(const Action& action);  // true when it was a recordings action
    bool on_event(const core::protocol::Event& event);  // recording.updated: the open visit's list again
    // Every frame: follows the open visit (loads its list when it changes) and due reloads.
    void tick(double now_ms);
    void reload();  // the open visit's list again (e.g. a recording of it was just saved)

private:
    void load(std::int64_t appointment_id);
    void load_call_log(std::int64_t appointment_id, int generation);
    void access(std::int64_t recording_id, bool download);
    // Offline demo: the bytes in pieces over recording_data, then done(bytes, mime).
    void fetch(std::int64_t recording_id, std::string token, std::string bytes,
               std::function<void(std::string bytes, std::string mime)> done);
    static std::string file_name(const RecordingItem& r);

    AppState& state_;
    Client& client_;
    Download download_;
    DownloadUrl download_url_;
    // The access log changes when the browser first uses a link (not when it is issued): look again a
    // little later, twice, in case the player or the download started slowly.
    std::vector<double> reload_at_ms_;
    int generation_ = 0;       // answers for an older list are dropped
    double now_ms_ = 0;        // the time of the last tick()
};

}  // namespace app
