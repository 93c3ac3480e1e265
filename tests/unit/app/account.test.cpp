// The account screen's module: details saved through the server and checked first in the client, the
// theme kept on the device (following the device's dark mode by default), one's data downloaded as one
// JSON file, and deletion refused while visits are open (the demo patient has some).
#include "app_scene.h"

#include "core/seed/demo_accounts.h"

using app_test::DemoApp;

TEST_CASE("[app] account: details, theme, data and deletion", "[app][account]") {
    DemoApp d;
    auto& device = d.device_settings;
    bool& device_dark = d.device_dark;
    d.act(app::DemoSignIn{0});
    REQUIRE(d.state.user);
    app::AccountDetailsForm& form = d.state.accounts.profile;
    CHECK(form.display_name == d.state.user->display_name);  // filled from the account

    SECTION("details are saved, and a bad code never leaves the client") {
        form.country = "XX";
        d.act(app::SubmitProfile{});
        CHECK(form.field_error("country") != nullptr);
        CHECK_FALSE(form.busy);
        form.country = "NG";
        form.language = "yo";
        form.time_zone = "Africa/Lagos";
        form.display_name = "Ngozi A.";
        d.act(app::SubmitProfile{});
        CHECK(d.state.user->country == "NG");
        CHECK(d.state.user->language == "yo");
        CHECK(d.state.user->time_zone == "Africa/Lagos");
        CHECK(d.state.user->display_name == "Ngozi A.");
        CHECK(form.field_errors.empty());
        CHECK(d.state.notices.back().text == "Your details are saved.");
    }
    SECTION("the theme follows the device until the person chooses, and the choice is kept on the device") {
        CHECK_FALSE(app::wants_dark(d.state.accounts));
        device_dark = true;
        d.settle();
        CHECK(app::wants_dark(d.state.accounts));
        d.act(app::ChooseTheme{app::ThemeChoice::light});
        CHECK_FALSE(app::wants_dark(d.state.accounts));
        CHECK(device["telemed.theme"] == "light");
        d.act(app::ChooseTheme{app::ThemeChoice::system});
        CHECK(device["telemed.theme"] == "system");
        CHECK(app::wants_dark(d.state.accounts));
    }
    SECTION("one's data downloads as one JSON file named after the day") {
        d.act(app::DownloadMyData{});
        REQUIRE(d.downloads.size() == 1);
        CHECK(d.downloads[0] == "my-telemed-data-2026-11-21.json");
        CHECK_FALSE(d.state.accounts.exporting);
    }
    SECTION("deletion asks for the password, and waits for open visits") {
        d.act(app::AskDeleteAccount{});
        CHECK(d.state.accounts.deletion.confirming);
        d.act(app::SubmitDeleteAccount{});
        CHECK(d.state.accounts.deletion.field_error("password") != nullptr);
        d.state.accounts.deletion.password = core::demo_accounts()[0].password;
        d.act(app::SubmitDeleteAccount{});
        CHECK(d.state.user);  // still signed in
        CHECK(d.state.accounts.deletion.error.find("not over yet") != std::string::npos);
        d.act(app::CancelDeleteAccount{});
        CHECK_FALSE(d.state.accounts.deletion.confirming);
    }
}
