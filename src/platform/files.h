// Files the person gives the app (the file chooser, or dropped on the page) and images decoded by the
// browser into GL textures the UI draws (web/files.js). Native stand-ins (files_native.cpp) let src/app
// run in unit tests: a test queues "picked" files and images decode at once to a fake texture.
//
// Threading: the main thread only. The browser reads files and decodes images asynchronously; it asks
// for a frame when one is ready, and the app polls take() / image_state() then.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace platform::files {

struct Picked {
    std::string name;        // as the person's device names it (never trusted: the server decides)
    std::int64_t size = 0;   // the file's size in bytes
    std::string bytes;       // the whole file; only its first bytes when it is larger than the read limit
};

// Opens the browser's file chooser. Browsers open it only with user activation: call this from the
// frame that handles the click (an action applied in the same frame), never from a later callback.
void open_picker();
// Accepts files dropped anywhere on the page from now on (idempotent).
void enable_drop();
// Files are read whole up to this size; larger ones deliver only their first 64 bytes (with their
// size), so a 2 GB video never enters the page's memory: the server refuses it by its size.
void set_read_limit(std::int64_t bytes);
// The next file chosen or dropped, in order; nullopt when none is waiting.
std::optional<Picked> take();

// Native only (unit tests): a file as if the person had chosen it; how often open_picker() was called.
void fake_pick(Picked file);
int fake_picker_opens();

}  // namespace platform::files

namespace platform::images {

// Starts decoding an image (JPEG, PNG, WebP) into a texture no larger than max_side pixels on its
// longest side (smaller images keep their size). Returns a handle (> 0).
int decode(const std::string& bytes, const std::string& mime, int max_side = 1600);

struct ImageState {
    int texture = 0;  // GL texture name (an ImTextureID) once decoded; 0 while decoding or failed
    int width = 0, height = 0;
    bool failed = false;  // the browser could not decode it
};
ImageState state(int handle);
// Frees the texture (unknown or 0: nothing).
void release(int handle);

}  // namespace platform::images
