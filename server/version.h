// The server's version, reported by --version, /healthz and the hello reply's "server" field.
#pragma once

#define TELEMED_SERVER_VERSION "0.1.0"

namespace server {
inline constexpr const char* kVersion = TELEMED_SERVER_VERSION;
}
