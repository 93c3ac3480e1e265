// The doctor's day with 200 requests end to end: ONE real server (fresh data dir), set up through the
// protocol: a doctor open all day, 20 patients (names in several scripts, some long) who each ask for 10
// visits over the next days. The doctor (desktop, then phone):
//   - Schedule shows "Requests (200)" and the calendar one click away (#/schedule/calendar), not 33,000
//     px down the page;
//   - ticks three requests and confirms them at once: one sentence, "Requests (197)";
//   - narrows the table to the next 7 days (never empty: every request is within 6 days; "Today" can be
//     empty late in the day), confirms one row with its own button;
//   - on a phone, the same table as rows with their answers under each.
// Screenshots at 1440×900 and 390×844 go to tests/e2e/artifacts/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withPage, clickByRole, expectRole, expectText, screenshot } from './support/harness.mjs';
import { serverSuite, TEST_PASSWORD, setUpDoctor, signUp, buyCredits } from './support/protocol.mjs';
import { CALL_LABELS, signIn } from './support/call_scene.mjs';

const L = {
  ...CALL_LABELS,
  tabSchedule: ['tab', 'Schedule'],
  requests: (n) => ['radio', `Requests (${n})`],
  calendar: ['radio', 'Calendar'],
  nextWeek: ['radio', '7 days'],
  confirmSelected: (n) => ['button', `Confirm ${n} selected`],
  confirmRow: ['button', 'Confirm'],
  week: ['heading', /^Week of /],
};

const stamp = Date.now();
const doctor = { name: 'Dr. Ingrid Oyelaran-Castellanos', email: `day-doctor-${stamp}@example.test`, password: TEST_PASSWORD };
const NAMES = ['Aarav Hashmi', 'محمد الأحمد', 'Zoë Łukasiewicz', 'Priya Raman', 'Olusegun Adeyemi', 'Marta Nowak-Wiśniewska',
  'Jonas Becker', 'Ελένη Παπαδοπούλου', 'Иван Петров', 'Maximilian Alexander von Hohenberg-Schwarzenstein', 'Sofía García',
  'Chen Wei', 'Fatima Zahra Benali', 'Liam O’Connor', 'अनन्या शर्मा', 'Kaito Yamamoto', 'Amara Nwosu', 'Noah Fischer',
  'Leila Haddad', 'Emma Johansson'];
const CONCERNS = ['Persistent cough for two weeks, worse at night', 'Follow-up on blood pressure medication', 'Rash on both forearms',
  'Migraines three times a week since October, light sensitivity', 'Repeat prescription', 'Knee pain after running'];

const env = serverSuite({ name: 'schedule-server', client: 'schedule.test', setUp: async ({ proto }) => {
  doctor.id = await setUpDoctor(proto, doctor, { bio: 'A full day.', licence_number: 'GMC-5550033' });
  const now = Date.now();
  const { slots } = await proto.call('doctor', 'get_slots', {
    doctor_id: doctor.id, from: new Date(now + 3600_000).toISOString(), to: new Date(now + 6 * 24 * 3600_000).toISOString(),
  });
  assert.ok(slots.length >= 400, `enough free times: ${slots.length}`);
  for (const [i, name] of NAMES.entries()) {
    const conn = `p${i}`;
    await signUp(proto, conn, { name, email: `day-p${i}-${stamp}@example.test`, password: TEST_PASSWORD }, 'patient');
    await buyCredits(proto, conn);
    await buyCredits(proto, conn);
    for (let k = 0; k < 10; k++) {
      const slot = slots[(k * NAMES.length + i) * 2];  // every other time, spread over the days
      await proto.call(conn, 'book', { doctor_id: doctor.id, starts_at: slot.starts_at, concern: CONCERNS[(i + k) % CONCERNS.length] });
    }
  }
} });

test('a doctor with 200 requests: table, calendar at once, bulk and row answers', { timeout: 300_000 }, async () => {
  await withPage(env.browser, 'desktop', 'schedule-doctor', async (doc) => {
    await signIn(doc.page, env.server.url, doctor);
    await clickByRole(doc.page, ...L.tabSchedule);
    await expectRole(doc.page, ...L.requests(200), { timeout: 30_000 });
    await screenshot(doc.page, 'schedule-200-requests');

    await clickByRole(doc.page, ...L.calendar);
    await expectRole(doc.page, ...L.week);
    assert.equal(await doc.page.evaluate(() => location.hash), '#/schedule/calendar');
    await screenshot(doc.page, 'schedule-calendar');
    await clickByRole(doc.page, ...L.requests(200));

    // Tick three, confirm them at once.
    const ticks = doc.page.getByRole('checkbox', { name: /^Select (?!all )/ });
    for (let i = 0; i < 3; i++) {
      const box = await ticks.nth(i).boundingBox();
      await doc.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      await doc.page.waitForFunction((n) => [...document.querySelectorAll('input[type=checkbox]')]
        .filter((e) => /^Select (?!all )/.test(e.getAttribute('aria-label') || '') && e.checked).length === n, i + 1);
    }
    await clickByRole(doc.page, ...L.confirmSelected(3));
    await expectText(doc.page, 'Confirmed 3 visits.');
    await expectRole(doc.page, ...L.requests(197));
    await screenshot(doc.page, 'schedule-bulk-confirmed');

    // The next 7 days only, then one row's own Confirm.
    await clickByRole(doc.page, ...L.nextWeek);
    await expectRole(doc.page, 'checkbox', /^Select all \d+ shown$/);
    await clickByRole(doc.page, ...L.requests(197));
    await clickByRole(doc.page, ...L.confirmRow);
    await expectText(doc.page, 'Confirmed 1 visit.');
    await expectRole(doc.page, ...L.requests(196));
  });

  await withPage(env.browser, 'phone', 'schedule-doctor-phone', async (doc) => {
    await signIn(doc.page, env.server.url, doctor);
    await clickByRole(doc.page, ...L.tabSchedule);
    await expectRole(doc.page, ...L.requests(196), { timeout: 30_000 });
    await screenshot(doc.page, 'schedule-200-requests');
    await clickByRole(doc.page, ...L.calendar);
    await expectRole(doc.page, ...L.week);
    await screenshot(doc.page, 'schedule-calendar');
  });
});
