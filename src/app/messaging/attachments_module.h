// Attachments in conversations, the client side: the composer's Attach button (the browser's file
// chooser, and files dropped on the page) uploads a file in pieces with its progress in the thread,
// then sends it as a message; the server decides what the file is (a refusal shows its sentence in the
// thread). Images of loaded messages are fetched through short-lived signed links (attachment_link,
// then attachment_data, which works the same against the server and in the offline demo), decoded by
// the browser into textures and drawn as thumbnails; one opens full size; a PDF downloads.
#pragma once
#include <map>

#include "app/module.h"

namespace app {

class AttachmentsModule final : public FeatureModule<AttachmentsAction> {
public:
    explicit AttachmentsModule(Context& ctx);

    void on_signed_in() override;
    void on_signed_out() override;
    void tick(double now_ms) override;

private:
    void apply(const AttachmentsAction& action) override;

    // uploading
    void start_upload(std::int64_t conversation_id, std::string name, std::int64_t size, std::string bytes);
    void advance(int local_id);  // the next request of this upload
    void refuse(int local_id, const std::string& why);
    Upload* upload(int local_id);

    // fetching
    const core::msg::AttachmentInfo* find_info(std::int64_t attachment_id) const;
    void load_images();
    void fetch(std::int64_t attachment_id, std::function<void(std::string bytes, std::string mime)> done,
               std::function<void(const core::Error&)> failed);
    void read_from(std::int64_t attachment_id, std::string token, std::string bytes,
                   std::function<void(std::string bytes, std::string mime)> done,
                   std::function<void(const core::Error&)> failed);
    void view(std::int64_t attachment_id);

    std::int64_t picking_for_ = 0;        // the conversation whose Attach button opened the chooser
    int next_local_ = 1;
    std::map<std::int64_t, int> decoding_;  // attachment id -> platform::images handle
    std::map<std::int64_t, int> handles_;   // every handle made, to release on sign-out
    int fetching_ = 0;                      // image fetches under way (at most kParallelFetches)
};

}  // namespace app
