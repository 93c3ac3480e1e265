// The protocol decoder: any text a client may send as a frame. decode_request must answer every input
// with a Request or a DecodeFailure (never throw), and what the server then writes must read back: a
// request re-encoded decodes to the same request, a refusal decodes on the client as a refusal with the
// same id. The client's own reader (decode_server_message) gets the raw input too.
#include <variant>

#include "core/protocol/protocol.h"
#include "fuzz_targets.h"

namespace fuzz {

namespace p = core::protocol;

void protocol(std::string_view input) {
    auto decoded = p::decode_request(input);
    if (const auto* request = std::get_if<p::Request>(&decoded)) {
        // What the client library writes for this request is read back as the same request.
        const std::string again = p::encode_request(*request);
        if (again.size() <= p::kMaxMessageBytes) {  // re-encoding may escape text into more bytes
            const auto second = p::decode_request(again);
            const auto* r2 = std::get_if<p::Request>(&second);
            check(r2 != nullptr, "a re-encoded request decodes");
            check(r2->id == request->id && r2->type == request->type, "a re-encoded request keeps id and type");
            check(r2->data == request->data, "a re-encoded request keeps its data");
        }
        // A reply echoing the data reads back on the client as that reply.
        const auto reply = p::decode_server_message(p::encode_ok(request->id, request->data));
        const auto* response = std::get_if<p::Response>(&reply);
        check(response && response->ok && response->id == request->id, "an ok reply reads back");
    } else {
        const auto& failure = std::get<p::DecodeFailure>(decoded);
        const auto reply = p::decode_server_message(p::encode_error(failure.id, failure.error));
        const auto* response = std::get_if<p::Response>(&reply);
        check(response && !response->ok && response->id == failure.id, "a refusal reads back with its id");
        check(response->error.code == failure.error.code, "a refusal reads back with its code");
    }
    // The client reads whatever arrives from the server the same careful way.
    (void)p::decode_server_message(input);
}

}  // namespace fuzz
