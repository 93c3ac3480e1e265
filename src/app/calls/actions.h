// What a person does around a video call: the pre-call check, joining, the controls, chat, recording
// consent, leaving.
#pragma once
#include <cstdint>
#include <string>
#include <variant>

#include "core/calls/model.h"

namespace app {

struct OpenCall {  // pre-call check for this appointment
    std::int64_t appointment_id;
};
struct OpenCallAsGuest {  // a guest (invite_join done on this connection): the pre-call check of that visit
    std::int64_t appointment_id;
    std::int64_t me;
    std::string title;
};
struct ResumeCall {};  // back after a dropped connection: rejoin without a second admission
struct JoinCall {};
struct LeaveCall {};
struct CloseCall {};
struct AdmitToCall {
    std::int64_t user_id;
};
struct EndConsultation {};
struct ToggleMicrophone {};
struct ToggleCamera {};
struct ToggleScreenShare {};
struct ToggleAudioOnly {};  // stop or resume sending video (also "Turn video back on" after a fallback)
struct RetryMedia {};       // ask for the camera and microphone again (after a refusal or a missing device)
struct SendCallChat {};
struct PlayTestTone {};
struct SelectDevice {
    bool camera;
    int index;
};
struct SetRecording {  // request | consent | decline | stop
    core::RecordingAction action;
};

using CallsAction = std::variant<OpenCall, OpenCallAsGuest, ResumeCall, JoinCall, LeaveCall, CloseCall, AdmitToCall, EndConsultation,
                                 ToggleMicrophone, ToggleCamera, ToggleScreenShare, ToggleAudioOnly, RetryMedia, SendCallChat,
                                 PlayTestTone, SelectDevice, SetRecording>;

}  // namespace app
