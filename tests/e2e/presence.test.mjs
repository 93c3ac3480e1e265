// Presence end to end: ONE real server (fresh data dir), set up through the protocol: a doctor, a patient
// with a confirmed visit and a conversation with them, and five more patients of the doctor (some
// connected, one away, the rest offline) so the doctor's list has realistic rows. Two browser pages:
//   - the patient (phone) on Messages sees the doctor offline; the doctor (desktop) signs in: the patient
//     sees "Online" live; the doctor's tab is hidden (Page Visibility API): the patient sees "Away"; shown
//     again: "Online"; the doctor hides their presence on the Profile screen: "Offline", and shows it again;
//   - the doctor's page closes: the patient, in the thread, sees "Last seen just now".
// Screenshots of both lists and the thread at 390×844 and 1440×900 go to tests/e2e/artifacts/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withPage, newPage, clickByRole, expectRole, screenshot } from './support/harness.mjs';
import { serverSuite, TEST_PASSWORD, setUpDoctor, setUpPatient, signUp, buyCredits } from './support/protocol.mjs';
import { CALL_LABELS, signIn, escapeRe } from './support/call_scene.mjs';

const L = {
  ...CALL_LABELS,
  tabMessages: ['tab', /^Messages(, \d+ unread)?$/],
  tabProfile: ['tab', 'Profile'],
  // The conversations row: "<name>, <presence words>[, N unread], …"
  row: (name, words) => ['button', new RegExp(`^${escapeRe(name)}, ${words}(, |$)`)],
  status: (words) => ['status', words],
  showOnline: ['checkbox', "Show when I'm online"],
};

const stamp = Date.now();
const doctor = { name: 'Dr. Amara Presence', email: `pres-doctor-${stamp}@example.test`, password: TEST_PASSWORD };
const patient = { name: 'Zoë Łukasiewicz', email: `pres-patient-${stamp}@example.test`, password: TEST_PASSWORD };
const others = ['Jonas Becker', 'محمد الأحمد', 'Priya Raman', 'Olusegun Adeyemi', 'Marta Nowak'].map((name, i) => (
  { name, email: `pres-other-${i}-${stamp}@example.test`, password: TEST_PASSWORD, conn: `other${i}` }));

const env = serverSuite({ name: 'presence-server', client: 'presence.test', setUp: async ({ proto }) => {
  doctor.id = await setUpDoctor(proto, doctor, { bio: 'Shows when online.', licence_number: 'GMC-5550009' });
  ({ id: patient.id } = await setUpPatient(proto, 'patient', patient, doctor.id, 'Presence'));
  const c = await proto.call('patient', 'open_conversation', { user_id: doctor.id });
  await proto.call('patient', 'send_message', { conversation_id: c.conversation.id, client_message_id: `p-${stamp}`, text: 'Are you there today?' });
  // The other patients: a later visit each, a message; two stay connected (one of them away).
  const { slots } = await proto.call('doctor', 'get_slots', {
    doctor_id: doctor.id, from: new Date(Date.now() + 3600_000).toISOString(), to: new Date(Date.now() + 24 * 3600_000).toISOString(),
  });
  for (const [i, o] of others.entries()) {
    o.id = await signUp(proto, o.conn, o, 'patient');
    await buyCredits(proto, o.conn);
    await proto.call(o.conn, 'book', { doctor_id: doctor.id, starts_at: slots[i * 2].starts_at, concern: 'Follow-up' });
    const oc = await proto.call(o.conn, 'open_conversation', { user_id: doctor.id });
    await proto.call(o.conn, 'send_message', { conversation_id: oc.conversation.id, client_message_id: `o-${i}-${stamp}`, text: `Question ${i + 1} about my results` });
  }
  await proto.call('other1', 'set_away', { away: true });
  // Only the browser pages count as the doctor's and the patient's tabs; the others (but two) leave.
  await proto.page.evaluate((names) => names.forEach((n) => window.__conns[n].ws.close()),
    ['doctor', 'patient', 'other2', 'other3', 'other4']);
} });

/** Presses "Show when I'm online" with the real mouse at the centre of its place in the accessibility
 * layer (the harness's clickByRole does not find this checkbox: to be looked into). */
async function toggleShowOnline(page) {
  const box = await page.getByRole(...L.showOnline.slice(0, 1), { name: L.showOnline[1] }).boundingBox({ timeout: 15_000 });
  assert.ok(box, 'the checkbox has a place on the page');
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

/** Hides (or shows) the page as the Page Visibility API reports it, and tells the page it changed. */
async function setHidden(page, hidden) {
  await page.evaluate((h) => {
    Object.defineProperty(document, 'visibilityState', { get: () => (h ? 'hidden' : 'visible'), configurable: true });
    Object.defineProperty(document, 'hidden', { get: () => h, configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
}

test('the patient sees the doctor go online, away, hidden, and offline when the page closes', { timeout: 240_000 }, async () => {
  await withPage(env.browser, 'phone', 'presence-patient', async (pat) => {
    await signIn(pat.page, env.server.url, patient);
    await clickByRole(pat.page, ...L.tabMessages);
    await expectRole(pat.page, ...L.row(doctor.name, '(Offline|Last seen just now)'));
    await screenshot(pat.page, 'presence-list-offline');

    const doc = await newPage(env.browser, 'desktop');
    try {
      await signIn(doc.page, env.server.url, doctor);
      await expectRole(pat.page, ...L.row(doctor.name, 'Online'), { timeout: 15_000 });
      await screenshot(pat.page, 'presence-list-online');

      // The doctor's list: their patients' dots, one online, one away, the others offline.
      await clickByRole(doc.page, ...L.tabMessages);
      await expectRole(doc.page, ...L.row(patient.name, 'Online'));
      await expectRole(doc.page, ...L.row(others[0].name, 'Online'));
      await expectRole(doc.page, ...L.row(others[1].name, 'Away'));
      await expectRole(doc.page, ...L.row(others[2].name, 'Last seen just now'));
      await clickByRole(doc.page, ...L.row(patient.name, 'Online'));
      await expectRole(doc.page, ...L.status('Online'));
      await screenshot(doc.page, 'presence-doctor-thread');

      // The doctor's tab is hidden: away; shown again: online.
      await setHidden(doc.page, true);
      await expectRole(pat.page, ...L.row(doctor.name, 'Away'), { timeout: 15_000 });
      await setHidden(doc.page, false);
      await expectRole(pat.page, ...L.row(doctor.name, 'Online'), { timeout: 15_000 });

      // "Show when I'm online" off: offline with no last seen, to the patient too; then on again.
      await clickByRole(doc.page, ...L.tabProfile);
      await toggleShowOnline(doc.page);
      await expectRole(pat.page, ...L.row(doctor.name, 'Offline'), { timeout: 15_000 });
      await screenshot(doc.page, 'presence-doctor-profile-hidden');
      await toggleShowOnline(doc.page);
      await expectRole(pat.page, ...L.row(doctor.name, 'Online'), { timeout: 15_000 });

      // The patient opens the thread: the header says it in words.
      await clickByRole(pat.page, ...L.row(doctor.name, 'Online'));
      await expectRole(pat.page, ...L.status('Online'));
      await screenshot(pat.page, 'presence-thread-online');
    } finally {
      await doc.close();
    }
    // The doctor's only tab closed: offline, last seen just now.
    await expectRole(pat.page, ...L.status('Last seen just now'), { timeout: 15_000 });
    await screenshot(pat.page, 'presence-thread-offline');
    assert.deepEqual(pat.errors, []);
  });
});
