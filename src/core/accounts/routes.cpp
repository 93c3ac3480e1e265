// The accounts requests: who may send each, and how it is answered. The rules are in service.cpp.
#include "core/accounts/routes.h"

#include "core/accounts/messages.h"

namespace core {
namespace {

Result<msg::SignedInReply> signed_in(RequestContext& c, Result<SignedIn> r) {
    if (!r) return r.error();
    c.bind(r->user, r->session);
    return msg::SignedInReply{r->token, msg::UserInfo::of(r->user)};
}

}  // namespace

void add_account_routes(Routes& routes, AccountService& accounts) {
    routes.add<msg::SignUp>(Who::greeted, [&accounts](RequestContext& c, msg::SignUp& in) {
        return signed_in(c, accounts.sign_up({in.email, in.password, in.display_name, in.role, in.time_zone}));
    }, Work::password);
    routes.add<msg::SignIn>(Who::greeted, [&accounts](RequestContext& c, msg::SignIn& in) {
        return signed_in(c, accounts.sign_in(in.email, in.password));
    }, Work::password);
    routes.add<msg::ResumeSession>(Who::greeted, [&accounts](RequestContext& c, msg::ResumeSession& in) -> Result<msg::UserReply> {
        auto r = accounts.resume(in.token);
        if (!r) return r.error();
        c.bind(r->user, r->session);
        return msg::UserReply{msg::UserInfo::of(r->user)};
    });
    routes.add<msg::SignOut>(Who::signed_in, [&accounts](RequestContext& c, msg::SignOut&) -> Result<msg::Empty> {
        const SessionId session = c.auth().session.id;
        c.unbind();  // first: this connection gets its reply, not the session.ended of its own sign-out
        if (auto r = accounts.sign_out(session, c.effects()); !r) return r.error();
        return msg::Empty{};
    });
    // The person behind the cached session: answered on the connection's own thread.
    routes.add<msg::Me>(Who::signed_in, [](RequestContext& c, msg::Me&) -> Result<msg::UserReply> {
        return msg::UserReply{msg::UserInfo::of(c.auth().user)};
    }, Work::memory);
    routes.add<msg::ChangePassword>(Who::signed_in, [&accounts](RequestContext& c, msg::ChangePassword& in) -> Result<msg::PasswordChanged> {
        auto r = accounts.change_password(c.auth().session.id, in.current_password, in.new_password, c.effects());
        if (!r) return r.error();
        return msg::PasswordChanged{std::int64_t(r.value())};
    }, Work::password);
    routes.add<msg::UpdateProfile>(Who::signed_in, [&accounts](RequestContext& c, msg::UpdateProfile& in) -> Result<msg::UserReply> {
        auto r = accounts.update_profile(c.auth().session.id, {in.display_name, in.time_zone, in.country, in.language});
        if (!r) return r.error();
        return msg::UserReply{msg::UserInfo::of(r.value())};
    });
    routes.add<msg::ChangeEmail>(Who::signed_in, [&accounts](RequestContext& c, msg::ChangeEmail& in) -> Result<msg::UserReply> {
        auto r = accounts.change_email(c.auth().session.id, in.password, in.email);
        if (!r) return r.error();
        return msg::UserReply{msg::UserInfo::of(r.value())};
    }, Work::password);
    routes.add<msg::DeleteAccount>(Who::signed_in, [&accounts](RequestContext& c, msg::DeleteAccount& in) -> Result<msg::Empty> {
        const SessionId session = c.auth().session.id;
        auto r = accounts.delete_account(session, in.password, c.effects());
        if (!r) return r.error();
        c.unbind();  // this connection gets its reply; its session.ended came with the others
        return msg::Empty{};
    }, Work::password);
    routes.add<msg::CreateStaffAccount>(Who::signed_in, [&accounts](RequestContext& c, msg::CreateStaffAccount& in) -> Result<msg::UserReply> {
        auto r = accounts.create_staff_account(c.auth().user.id, {in.email, in.password, in.display_name, in.role, in.time_zone});
        if (!r) return r.error();
        return msg::UserReply{msg::UserInfo::of(r.value())};
    }, Work::password);
    // Old sign-in attempts go (the lockout needs only its window; a day is kept for investigations).
    routes.add_timer("accounts.prune_sign_in_attempts", [&accounts](Effects&) { accounts.prune_sign_in_attempts(); });
    routes.add<msg::ListAccounts>(Who::signed_in, [&accounts](RequestContext& c, msg::ListAccounts&) -> Result<msg::UserList> {
        auto r = accounts.list_accounts(c.auth().user.id);
        if (!r) return r.error();
        msg::UserList out;
        for (const User& u : r.value()) out.users.push_back(msg::UserInfo::of(u));
        return out;
    }, Work::scan);
}

}  // namespace core
