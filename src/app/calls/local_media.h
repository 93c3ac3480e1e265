// This side's media in a call: the camera and microphone (the remembered devices first), the lists of
// devices and switching between them, the screen share, and what is sent as video. It owns the
// browser streams (platform::rtc) and writes what the screens show about them into CallState.
//
// Switching a device captures only that track again and moves it into the same stream, so the
// preview, the meter and every connection follow without renegotiating (on_track_switched tells the
// call module to replace the track it sends).
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "app/calls/state.h"
#include "platform/rtc.h"

namespace app {

class LocalMedia {
public:
    explicit LocalMedia(CallState& call) : call_(call) {}

    // What the call module must pass on to its connections and tiles:
    std::function<void()> on_new_stream;                                // camera/microphone arrived
    std::function<void(platform::rtc::TrackKind kind)> on_track_switched;  // another device, same stream
    std::function<void()> on_sharing_changed;                           // the screen share started or stopped

    void acquire(bool remembered_first);  // camera and microphone for the call in call_.appointment_id
    void list_devices();
    void select_device(bool camera, int index);
    void toggle_screen_share();
    void set_microphone(bool on);
    void set_camera(bool on);
    void release();  // every stream stops (leaving the call)

    const platform::rtc::MediaStream* local() const { return local_.get(); }
    // What peers are sent as video: the screen while sharing, else the camera; null in audio only.
    const platform::rtc::MediaStream* video_source() const;
    // What this side's own tile shows.
    const platform::rtc::MediaStream* preview() const { return call_.sharing && screen_ ? screen_.get() : local_.get(); }

private:
    void adopt(std::unique_ptr<platform::rtc::MediaStream> stream);

    CallState& call_;
    std::unique_ptr<platform::rtc::MediaStream> local_;
    std::unique_ptr<platform::rtc::MediaStream> screen_;
    std::vector<std::string> camera_ids_, microphone_ids_;  // beside CallState's names
};

}  // namespace app
