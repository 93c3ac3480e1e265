#include "core/store/memory_store.h"

#include <algorithm>
#include <stdexcept>

namespace core {
namespace {

class MemoryRepository final : public Repository {
public:
    explicit MemoryRepository(MemoryStore::Data& d) : d_(d) {}

    std::optional<User> find_user(UserId id) override {
        auto it = d_.users.find(id);
        return it == d_.users.end() ? std::nullopt : std::optional<User>(it->second);
    }
    std::optional<User> find_user_by_email(std::string_view email) override {
        for (const auto& [id, u] : d_.users)
            if (u.email == email) return u;
        return std::nullopt;
    }
    UserId insert_user(const NewUser& n) override {
        if (find_user_by_email(n.email)) throw UniqueViolation("users.email");
        User u;
        u.id = d_.next_id++;
        u.email = n.email;
        u.display_name = n.display_name;
        u.role = n.role;
        u.status = n.status;
        u.time_zone = n.time_zone;
        u.password_hash = n.password_hash;
        u.created_at = n.created_at;
        u.password_changed_at = n.created_at;
        d_.users[u.id] = u;
        return u.id;
    }
    void update_password(UserId id, std::string_view hash, Instant at) override {
        auto& u = d_.users.at(id);
        u.password_hash = std::string(hash);
        u.password_changed_at = at;
    }
    std::vector<User> list_users() override {
        std::vector<User> out;
        for (const auto& [id, u] : d_.users) out.push_back(u);
        return out;
    }
    std::int64_t count_users() override { return std::int64_t(d_.users.size()); }

    SessionId insert_session(const Session& s) override {
        Session copy = s;
        copy.id = d_.next_id++;
        d_.sessions[copy.id] = copy;
        return copy.id;
    }
    std::optional<Session> find_session(SessionId id) override {
        auto it = d_.sessions.find(id);
        return it == d_.sessions.end() ? std::nullopt : std::optional<Session>(it->second);
    }
    std::optional<Session> find_session_by_token_hash(std::string_view hash) override {
        for (const auto& [id, s] : d_.sessions)
            if (s.token_hash == hash) return s;
        return std::nullopt;
    }
    void touch_session(SessionId id, Instant at) override { d_.sessions.at(id).last_seen_at = at; }
    void revoke_session(SessionId id, Instant at) override { d_.sessions.at(id).revoked_at = at; }
    std::vector<Session> live_sessions_of(UserId user) override {
        std::vector<Session> out;
        for (const auto& [id, s] : d_.sessions)
            if (s.user_id == user && !s.revoked_at) out.push_back(s);
        return out;
    }
    std::vector<Session> stale_sessions(Instant idle_cutoff, Instant absolute_cutoff) override {
        std::vector<Session> out;
        for (const auto& [id, s] : d_.sessions)
            if (!s.revoked_at && (s.last_seen_at < idle_cutoff || s.created_at < absolute_cutoff)) out.push_back(s);
        return out;
    }

    void record_sign_in_attempt(std::string_view email, Instant at, bool ok) override {
        d_.attempts.push_back({std::string(email), at, ok});
    }
    std::vector<Instant> failed_sign_ins_since(std::string_view email, Instant since) override {
        std::vector<Instant> out;
        for (const auto& a : d_.attempts)
            if (a.email == email && !a.succeeded && a.at >= since) out.push_back(a.at);
        std::sort(out.begin(), out.end());
        return out;
    }

    // --- doctors
    void set_user_status(UserId id, AccountStatus status) override { d_.users.at(id).status = status; }
    void save_doctor_profile(const DoctorProfile& p) override { d_.doctor_profiles[p.user_id] = p; }
    std::optional<DoctorProfile> find_doctor_profile(UserId doctor) override { return find_in(d_.doctor_profiles, doctor); }
    std::vector<DoctorProfile> list_doctor_profiles(std::optional<Verification> only) override {
        std::vector<DoctorProfile> out;
        for (const auto& [id, p] : d_.doctor_profiles)
            if (!only || p.verification == *only) out.push_back(p);
        return out;
    }
    void save_availability(const Availability& a) override { d_.availability[a.doctor_id] = a; }
    std::optional<Availability> find_availability(UserId doctor) override { return find_in(d_.availability, doctor); }

    // --- appointments
    AppointmentId insert_appointment(const Appointment& a) override {
        Appointment copy = a;
        copy.id = d_.next_id++;
        check_slot_unique(copy);
        d_.appointments[copy.id] = copy;
        return copy.id;
    }
    void update_appointment(const Appointment& a) override {
        check_slot_unique(a);
        d_.appointments.at(a.id) = a;
    }
    std::optional<Appointment> find_appointment(AppointmentId id) override { return find_in(d_.appointments, id); }
    std::vector<Appointment> active_appointments_overlapping(UserId user, bool as_doctor, Instant from, Instant to) override {
        return select([&](const Appointment& a) {
            return (as_doctor ? a.doctor_id : a.patient_id) == user && holds_slot(a.status) && a.starts_at < to &&
                   from < a.ends_at;
        });
    }
    std::vector<Appointment> appointments_of(UserId user, bool as_doctor, Instant from, Instant to) override {
        return select([&](const Appointment& a) {
            return (as_doctor ? a.doctor_id : a.patient_id) == user && a.starts_at >= from && a.starts_at < to;
        });
    }
    std::vector<Appointment> appointments_starting(Instant from, Instant to,
                                                   const std::vector<AppointmentStatus>& statuses) override {
        return select([&](const Appointment& a) {
            return a.starts_at >= from && a.starts_at < to &&
                   std::find(statuses.begin(), statuses.end(), a.status) != statuses.end();
        });
    }
    void insert_appointment_change(const AppointmentChange& c) override {
        AppointmentChange copy = c;
        copy.id = d_.next_id++;
        d_.appointment_changes.push_back(copy);
    }
    std::vector<AppointmentChange> appointment_changes(AppointmentId id) override {
        std::vector<AppointmentChange> out;
        for (const auto& c : d_.appointment_changes)
            if (c.appointment_id == id) out.push_back(c);
        return out;
    }

    // --- ledger
    std::int64_t post_ledger(const std::vector<LedgerEntry>& entries) override {
        std::int64_t sum = 0;
        for (const auto& e : entries) sum += e.amount;
        if (sum != 0) throw std::logic_error("unbalanced ledger posting");
        const std::int64_t posting = d_.next_id++;
        for (LedgerEntry e : entries) {
            e.id = d_.next_id++;
            e.posting_id = posting;
            d_.ledger.push_back(e);
        }
        return posting;
    }
    std::int64_t account_balance(std::string_view account) override {
        std::int64_t sum = 0;
        for (const auto& e : d_.ledger)
            if (e.account == account) sum += e.amount;
        return sum;
    }
    std::vector<LedgerEntry> ledger_entries(const std::vector<std::string>& accounts, int limit) override {
        std::vector<LedgerEntry> out;
        for (auto it = d_.ledger.rbegin(); it != d_.ledger.rend() && int(out.size()) < limit; ++it)
            if (std::find(accounts.begin(), accounts.end(), it->account) != accounts.end()) out.push_back(*it);
        return out;
    }
    std::int64_t ledger_total() override {
        std::int64_t sum = 0;
        for (const auto& e : d_.ledger) sum += e.amount;
        return sum;
    }

    std::optional<Purchase> find_purchase(UserId user, std::string_view key) override {
        for (const auto& [id, p] : d_.purchases)
            if (p.user_id == user && p.idempotency_key == key) return p;
        return std::nullopt;
    }
    PurchaseId insert_purchase(const Purchase& p) override {
        if (find_purchase(p.user_id, p.idempotency_key)) throw UniqueViolation("purchases.idempotency_key");
        Purchase copy = p;
        copy.id = d_.next_id++;
        d_.purchases[copy.id] = copy;
        return copy.id;
    }
    void update_purchase(const Purchase& p) override { d_.purchases.at(p.id) = p; }

    // --- notifications
    NotificationId insert_notification(const Notification& n) override {
        Notification copy = n;
        copy.id = d_.next_id++;
        d_.notifications[copy.id] = copy;
        return copy.id;
    }
    std::vector<Notification> notifications_of(UserId user, int limit) override {
        std::vector<Notification> out;
        for (auto it = d_.notifications.rbegin(); it != d_.notifications.rend() && int(out.size()) < limit; ++it)
            if (it->second.user_id == user) out.push_back(it->second);
        return out;
    }
    bool mark_notification_read(UserId user, NotificationId id, Instant at) override {
        auto it = d_.notifications.find(id);
        if (it == d_.notifications.end() || it->second.user_id != user) return false;
        if (!it->second.read_at) it->second.read_at = at;
        return true;
    }
    int unread_notifications(UserId user) override {
        int n = 0;
        for (const auto& [id, x] : d_.notifications) n += x.user_id == user && !x.read_at;
        return n;
    }

    // --- video calls
    std::int64_t insert_call_participation(const CallParticipation& p) override {
        CallParticipation copy = p;
        copy.id = d_.next_id++;
        d_.call_participations[copy.id] = copy;
        return copy.id;
    }
    void end_call_participation(std::int64_t id, Instant left_at) override {
        auto it = d_.call_participations.find(id);
        if (it != d_.call_participations.end() && !it->second.left_at) it->second.left_at = std::max(left_at, it->second.joined_at);
    }
    std::vector<CallParticipation> call_participations(AppointmentId appointment) override {
        std::vector<CallParticipation> out;
        for (const auto& [id, p] : d_.call_participations)
            if (p.appointment_id == appointment) out.push_back(p);
        std::stable_sort(out.begin(), out.end(),
                         [](const CallParticipation& x, const CallParticipation& y) { return x.joined_at < y.joined_at; });
        return out;
    }
    CallMessageId insert_call_message(const CallMessage& m) override {
        CallMessage copy = m;
        copy.id = d_.next_id++;
        d_.call_messages[copy.id] = copy;
        return copy.id;
    }
    std::vector<CallMessage> call_messages(AppointmentId appointment, int limit) override {
        std::vector<CallMessage> out;
        for (auto it = d_.call_messages.rbegin(); it != d_.call_messages.rend() && int(out.size()) < limit; ++it)
            if (it->second.appointment_id == appointment) out.push_back(it->second);
        std::reverse(out.begin(), out.end());
        return out;
    }

    // --- call recordings
    RecordingId insert_recording(const CallRecording& r) override {
        CallRecording copy = r;
        copy.id = d_.next_id++;
        d_.recordings[copy.id] = copy;
        return copy.id;
    }
    void update_recording(const CallRecording& r) override { d_.recordings.at(r.id) = r; }
    std::optional<CallRecording> find_recording(RecordingId id) override { return find_in(d_.recordings, id); }
    std::vector<CallRecording> recordings_of(AppointmentId appointment) override {
        std::vector<CallRecording> out;
        for (const auto& [id, r] : d_.recordings)
            if (r.appointment_id == appointment) out.push_back(r);
        std::stable_sort(out.begin(), out.end(),
                         [](const CallRecording& x, const CallRecording& y) { return x.started_at < y.started_at; });
        return out;
    }
    std::vector<CallRecording> recordings_with_status(RecordingStatus status) override {
        std::vector<CallRecording> out;
        for (const auto& [id, r] : d_.recordings)
            if (r.status == status) out.push_back(r);
        return out;
    }
    void insert_recording_chunk(const RecordingChunk& c) override {
        auto key = std::pair(c.recording_id, c.seq);
        if (d_.recording_chunks.count(key)) throw UniqueViolation("recording_chunks.seq");
        d_.recording_chunks[key] = std::make_shared<const RecordingChunk>(c);
    }
    std::vector<RecordingChunk> recording_chunks(RecordingId id, std::int64_t from, std::int64_t to) override {
        std::vector<RecordingChunk> out;
        for (auto it = d_.recording_chunks.lower_bound({id, 0}); it != d_.recording_chunks.end() && it->first.first == id; ++it) {
            const RecordingChunk& c = *it->second;
            if (c.offset < to && c.offset + std::int64_t(c.data.size()) > from) out.push_back(c);
        }
        return out;
    }
    bool insert_recording_access(const RecordingAccess& a) override {
        for (const RecordingAccess& x : d_.recording_accesses)
            if (!a.token_id.empty() && x.token_id == a.token_id) return false;
        RecordingAccess copy = a;
        copy.id = d_.next_id++;
        d_.recording_accesses.push_back(copy);
        return true;
    }
    std::vector<RecordingAccess> recording_accesses(RecordingId id) override {
        std::vector<RecordingAccess> out;
        for (const RecordingAccess& a : d_.recording_accesses)
            if (a.recording_id == id) out.push_back(a);
        return out;
    }
    InviteId insert_call_invite(const CallInvite& invite) override {
        if (find_call_invite_by_token_hash(invite.token_hash)) throw UniqueViolation("call_invites.token_hash");
        CallInvite copy = invite;
        copy.id = d_.next_id++;
        d_.call_invites[copy.id] = copy;
        return copy.id;
    }
    std::optional<CallInvite> find_call_invite(InviteId id) override { return find_in(d_.call_invites, id); }
    std::optional<CallInvite> find_call_invite_by_token_hash(std::string_view hash) override {
        for (const auto& [id, i] : d_.call_invites)
            if (i.token_hash == hash) return i;
        return std::nullopt;
    }
    std::vector<CallInvite> call_invites(AppointmentId appointment) override {
        std::vector<CallInvite> out;
        for (const auto& [id, i] : d_.call_invites)
            if (i.appointment_id == appointment) out.push_back(i);
        return out;
    }
    void revoke_call_invite(InviteId id, Instant at) override {
        auto it = d_.call_invites.find(id);
        if (it != d_.call_invites.end() && !it->second.revoked_at) it->second.revoked_at = at;
    }
    void claim_call_invite(InviteId id, std::string_view name, std::string_view key_hash, std::string_view zone, Instant at) override {
        auto it = d_.call_invites.find(id);
        if (it == d_.call_invites.end()) return;
        it->second.claimed_at = at;
        it->second.guest_name = std::string(name);
        it->second.guest_key_hash = std::string(key_hash);
        it->second.guest_time_zone = std::string(zone);
    }

private:
    template <typename Map, typename Key>
    static std::optional<typename Map::mapped_type> find_in(const Map& m, Key k) {
        auto it = m.find(k);
        return it == m.end() ? std::nullopt : std::optional<typename Map::mapped_type>(it->second);
    }
    template <typename Pred>
    std::vector<Appointment> select(Pred pred) const {
        std::vector<Appointment> out;
        for (const auto& [id, a] : d_.appointments)
            if (pred(a)) out.push_back(a);
        std::sort(out.begin(), out.end(), [](const Appointment& x, const Appointment& y) { return x.starts_at < y.starts_at; });
        return out;
    }
    // The same rule as SQLite's partial unique index: one slot-holding appointment per doctor and start.
    void check_slot_unique(const Appointment& a) const {
        if (!holds_slot(a.status)) return;
        for (const auto& [id, other] : d_.appointments)
            if (id != a.id && other.doctor_id == a.doctor_id && other.starts_at == a.starts_at && holds_slot(other.status))
                throw UniqueViolation("appointments.doctor_slot");
    }

    MemoryStore::Data& d_;
};

}  // namespace

void MemoryStore::transact(const std::function<void(Repository&)>& work) {
    std::lock_guard lock(mutex_);
    Data working = data_;  // rollback = dropping the working copy
    MemoryRepository repo(working);
    work(repo);
    data_ = std::move(working);
}

}  // namespace core
