#include "core/protocol/protocol.h"

#include <array>
#include <limits>

namespace core::protocol {
namespace {

constexpr std::array kRequestTypeNames{
#define CORE_X(name) std::string_view(#name),
    CORE_REQUEST_TYPES(CORE_X)
#undef CORE_X
};

json error_body(const Error& e) {
    json body = {{"code", to_string(e.code)}, {"message", e.message}};
    if (!e.field.empty()) body["field"] = e.field;
    if (e.retry_after_s > 0) body["retry_after_s"] = e.retry_after_s;
    return body;
}

// Output never fails on odd bytes in strings we echo back (they are replaced, not thrown on).
std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

}  // namespace

std::string_view to_string(RequestType t) { return kRequestTypeNames[static_cast<size_t>(t)]; }

std::optional<RequestType> request_type_from_string(std::string_view s) {
    for (size_t i = 0; i < kRequestTypeNames.size(); ++i)
        if (kRequestTypeNames[i] == s) return static_cast<RequestType>(i);
    return std::nullopt;
}

bool is_valid_utf8(std::string_view text) {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const size_t n = text.size();
    size_t i = 0;
    while (i < n) {
        const unsigned char c = s[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        size_t len;
        std::uint32_t cp;
        if ((c & 0xE0) == 0xC0) len = 2, cp = c & 0x1F;
        else if ((c & 0xF0) == 0xE0) len = 3, cp = c & 0x0F;
        else if ((c & 0xF8) == 0xF0) len = 4, cp = c & 0x07;
        else return false;
        if (i + len > n) return false;
        for (size_t k = 1; k < len; ++k) {
            if ((s[i + k] & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        const bool overlong = (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
        if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        i += len;
    }
    return true;
}

bool nests_deeper_than(std::string_view text, int max_depth) {
    int depth = 0;
    bool in_string = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\') ++i;
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            if (++depth > max_depth) return true;
        } else if (c == '}' || c == ']') {
            --depth;
        }
    }
    return false;
}

std::variant<Request, DecodeFailure> decode_request(std::string_view text) {
    const auto fail = [](ErrorCode code, std::string message, std::optional<std::int64_t> id = std::nullopt,
                         std::string field = {}) {
        return DecodeFailure{Error::of(code, std::move(message), std::move(field)), id};
    };
    if (text.size() > kMaxMessageBytes)
        return fail(ErrorCode::message_too_large, "The message is larger than 64 KiB.");
    if (!is_valid_utf8(text)) return fail(ErrorCode::bad_json, "The message is not valid UTF-8 text.");
    if (nests_deeper_than(text, kMaxDepth))
        return fail(ErrorCode::too_deep, "The message nests more than 32 levels deep.");
    json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) return fail(ErrorCode::bad_json, "The message is not valid JSON.");
    if (!j.is_object()) return fail(ErrorCode::bad_message, "A request must be a JSON object.");

    std::optional<std::int64_t> id;
    if (auto it = j.find("id"); it != j.end() && it->is_number_integer()) {
        // Above 2^63-1 the id would come back negative: refused, answered with a null id.
        if (it->is_number_unsigned() && it->get<std::uint64_t>() > std::uint64_t(std::numeric_limits<std::int64_t>::max()))
            return fail(ErrorCode::bad_message, "The request \"id\" is too large (at most 9223372036854775807).", std::nullopt, "id");
        id = it->get<std::int64_t>();
    }
    if (!id) return fail(ErrorCode::bad_message, "A request needs an integer \"id\".");
    auto type_it = j.find("type");
    if (type_it == j.end() || !type_it->is_string())
        return fail(ErrorCode::bad_message, "A request needs a \"type\" string.", id);
    const auto type = request_type_from_string(type_it->get<std::string>());
    if (!type)
        return fail(ErrorCode::unknown_type, "Unknown request type \"" + type_it->get<std::string>() + "\".", id);

    Request r{*id, *type, json::object()};
    if (auto it = j.find("data"); it != j.end()) {
        if (!it->is_object()) return fail(ErrorCode::invalid_field, "\"data\" must be an object.", id, "data");
        r.data = std::move(*it);
    }
    return r;
}

std::string encode_request(const Request& r) {
    return dump(json{{"id", r.id}, {"type", to_string(r.type)}, {"data", r.data}});
}

std::string encode_ok(std::int64_t id, const json& data) { return dump(json{{"id", id}, {"ok", true}, {"data", data}}); }

std::string encode_error(std::optional<std::int64_t> id, const Error& e) {
    json j = {{"id", nullptr}, {"ok", false}, {"error", error_body(e)}};
    if (id) j["id"] = *id;
    return dump(j);
}

std::string encode_event(const Event& e) { return dump(json{{"event", e.name}, {"data", e.data}}); }

std::variant<Response, Event, Error> decode_server_message(std::string_view text) {
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return Error::of(ErrorCode::bad_json, "The server sent a message we cannot read.");
    if (auto it = j.find("event"); it != j.end() && it->is_string()) {
        Event e{it->get<std::string>(), json::object()};
        if (auto d = j.find("data"); d != j.end() && d->is_object()) e.data = *d;
        return e;
    }
    auto ok = j.find("ok");
    if (ok == j.end() || !ok->is_boolean()) return Error::of(ErrorCode::bad_message, "The server sent a message we do not understand.");
    Response r;
    if (auto id = j.find("id"); id != j.end() && id->is_number_integer()) r.id = id->get<std::int64_t>();
    r.ok = ok->get<bool>();
    if (r.ok) {
        if (auto d = j.find("data"); d != j.end() && d->is_object()) r.data = *d;
        return r;
    }
    // Read field by field, each only when it has the type it should: json::value() throws on a field of
    // another type, and an exception here would take the whole client down over one odd reply.
    const json err = j.value("error", json::object());
    const auto text_field = [&err](const char* key) {
        const auto it = err.is_object() ? err.find(key) : err.end();
        return it != err.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    const std::string code_name = text_field("code");
    r.error = Error::of(error_code_from_string(code_name).value_or(ErrorCode::internal), text_field("message"), text_field("field"));
    if (const auto it = err.is_object() ? err.find("retry_after_s") : err.end();
        it != err.end() && it->is_number_integer() && it->get<std::int64_t>() >= 0 && it->get<std::int64_t>() <= std::numeric_limits<int>::max())
        r.error.retry_after_s = static_cast<int>(it->get<std::int64_t>());
    return r;
}

}  // namespace core::protocol
