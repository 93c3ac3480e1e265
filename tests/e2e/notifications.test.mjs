// The notification centre end to end: ONE real server (fresh data dir), a new doctor and a patient with
// a visit, set up through the protocol. Two browser pages:
//   - the doctor (desktop) reads what is there (Mark all read), sees the opt-in card (no permission
//     prompt on load), gets the permission (granted through the browser context, as if the person
//     accepted the prompt) by pressing "Turn on browser notifications", and puts the tab in the background;
//   - the patient (phone) writes twice: the doctor's bell says 1 unread, the tab title "(1) … Telemed",
//     one browser notification per message, both with the conversation's tag (the newer replaces);
//   - the doctor clicks the browser notification: the thread opens (#/messages/<id>), its messages are
//     read, and the bell and the title clear;
// and the offline demo (/?demo): the demo doctor's answer raises the bell; opening it from the list opens
// the conversation and clears it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withPage, openApp, clickByRole, fillByLabel, expectRole, expectText, waitForAny, screenshot, describeLayer } from './support/harness.mjs';
import { serverSuite, TEST_PASSWORD, setUpDoctor, setUpPatient } from './support/protocol.mjs';
import { CALL_LABELS, signIn, sleep, escapeRe } from './support/call_scene.mjs';

const L = {
  ...CALL_LABELS,
  bell: ['button', /^(Notifications|\d+ unread notifications?)$/],
  bellUnread: (n) => ['button', `${n} unread notification${n === 1 ? '' : 's'}`],
  bellRead: ['button', 'Notifications'],
  notificationsHeading: ['heading', 'Notifications'],
  markAllRead: ['button', 'Mark all read'],
  turnOn: ['button', 'Turn on browser notifications'],
  unreadRow: (title) => ['button', new RegExp(`^Unread: ${escapeRe(title)}: `)],
  tabHome: ['tab', 'Home'],
  composer: 'Message',
  send: ['button', 'Send'],
  demoPatient: ['button', /^Continue as Patient\b/],
  tryDemo: ['button', 'Try the demo'],
};

const stamp = Date.now();
const doctor = { name: 'Dr. Nadia Bell', email: `ntf-doctor-${stamp}@example.test`, password: TEST_PASSWORD };
const patient = { name: 'Zoë Łukasiewicz', email: `ntf-patient-${stamp}@example.test`, password: TEST_PASSWORD };

const env = serverSuite({ name: 'notifications-server', client: 'notifications.test', setUp: async ({ proto }) => {
  doctor.id = await setUpDoctor(proto, doctor, { bio: 'Rings a bell.', licence_number: 'GMC-5550002' });
  ({ id: patient.id } = await setUpPatient(proto, 'patient', patient, doctor.id, 'Rash'));
} });

/**
 * Before the app loads: record every browser notification the page makes (and keep each, so the test
 * can click it), and let the test put the tab in the background (document.hidden + visibilitychange):
 * headless pages are always "visible" otherwise.
 */
async function instrument(page) {
  await page.addInitScript(() => {
    window.__shown = [];
    const Real = window.Notification;
    if (Real) {
      class Spy extends Real {
        constructor(title, options = {}) {
          super(title, options);
          window.__shown.push({ title, body: options.body, tag: options.tag, note: this });
        }
      }
      Object.defineProperty(Spy, 'permission', { get: () => Real.permission });
      Spy.requestPermission = (...args) => Real.requestPermission(...args);
      window.Notification = Spy;
    }
    let hidden = false;
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') });
    window.__setHidden = (h) => { hidden = h; document.dispatchEvent(new Event('visibilitychange')); };
  });
}

const shown = (page) => page.evaluate(() => window.__shown.map(({ title, body, tag }) => ({ title, body, tag })));

async function waitForTitle(page, re, timeout = 15_000) {
  await page.waitForFunction((src) => new RegExp(src).test(document.title), re.source, { timeout, polling: 100 })
    .catch(async () => assert.fail(`title ${JSON.stringify(await page.title())} does not match ${re}`));
}

test('the doctor\'s bell and title count the patient\'s messages, one browser notification per conversation, a click opens the thread', { timeout: 240_000 }, async () => {
  await withPage(env.browser, 'desktop', 'notifications-doctor', async (doc) => {
    await withPage(env.browser, 'phone', 'notifications-patient', async (pat) => {
      await instrument(doc.page);
      await Promise.all([signIn(doc.page, env.server.url, doctor), signIn(pat.page, env.server.url, patient)]);

      // What was there (verification, the visit request): read it all; the title has no count.
      await clickByRole(doc.page, ...L.bell);
      await expectRole(doc.page, ...L.notificationsHeading);
      assert.match(new URL(doc.page.url()).hash, /^#\/notifications$/);
      await clickByRole(doc.page, ...L.markAllRead);
      await expectRole(doc.page, ...L.bellRead);
      await waitForTitle(doc.page, /^Notifications · Telemed$/);

      // Browser notifications: only after the button (nothing was asked on load).
      await expectRole(doc.page, ...L.turnOn);
      assert.equal(await doc.page.evaluate(() => Notification.permission), 'default', 'no permission prompt on load');
      await doc.context.grantPermissions(['notifications'], { origin: env.server.url });
      await clickByRole(doc.page, ...L.turnOn);
      await doc.page.waitForFunction(() => !document.querySelector('#a11y-root [aria-label="Turn on browser notifications"]'),
        null, { timeout: 10_000 }).catch(async () => assert.fail(`the opt-in card stays:\n${await describeLayer(doc.page)}`));
      await clickByRole(doc.page, ...L.tabHome);
      await doc.page.evaluate(() => window.__setHidden(true));

      // The patient writes (Visits → the visit → Message <doctor>).
      await clickByRole(pat.page, ...L.tabVisits);
      await clickByRole(pat.page, ...L.patientVisitRow(doctor.name));
      await clickByRole(pat.page, 'button', new RegExp(`Message ${escapeRe(doctor.name)}$`));
      await fillByLabel(pat.page, L.composer, 'Hello doctor, the rash is back');
      await pat.page.keyboard.press('Enter');
      await expectText(pat.page, 'Hello doctor, the rash is back');

      // The doctor's bell, title and one browser notification.
      await expectRole(doc.page, ...L.bellUnread(1), { timeout: 15_000 });
      await waitForTitle(doc.page, /^\(1\) .*Telemed$/);
      await doc.page.waitForFunction(() => window.__shown.length === 1, null, { timeout: 10_000 });
      let notes = await shown(doc.page);
      assert.equal(notes[0].title, patient.name);
      assert.equal(notes[0].body, 'Hello doctor, the rash is back');
      assert.match(notes[0].tag, /^conversation-\d+$/);

      // A second message: still one unread (coalesced), a newer browser notification with the same tag.
      await fillByLabel(pat.page, L.composer, 'It itches at night');
      await pat.page.keyboard.press('Enter');
      await doc.page.waitForFunction(() => window.__shown.length === 2, null, { timeout: 10_000 });
      notes = await shown(doc.page);
      assert.equal(notes[1].tag, notes[0].tag);
      assert.equal(notes[1].body, '2 new messages');
      await expectRole(doc.page, ...L.bellUnread(1));
      await waitForTitle(doc.page, /^\(1\) .*Telemed$/);
      await screenshot(doc.page, 'notifications-doctor-bell');

      // The click on the browser notification: the tab comes back and the thread opens; reading it
      // clears the notification, the bell and the title.
      await doc.page.evaluate(() => { window.__setHidden(false); window.__shown[1].note.onclick(); });
      await expectText(doc.page, 'It itches at night', { timeout: 15_000 });
      assert.match(new URL(doc.page.url()).hash, /^#\/messages\/\d+$/);
      await expectRole(doc.page, ...L.bellRead, { timeout: 15_000 });
      await waitForTitle(doc.page, /^Messages · Telemed$/);
      assert.deepEqual(doc.errors, [], 'uncaught errors in the doctor page');
      assert.deepEqual(pat.errors, [], 'uncaught errors in the patient page');
    });
  });
});

test('offline demo: the demo doctor\'s answer raises the bell; opening it from the list opens the conversation', { timeout: 120_000 }, async () => {
  await withPage(env.browser, 'phone', 'notifications-demo', async (t) => {
    await openApp(t.page, `${env.server.url}/?demo`);
    for (let step = 0; step < 3; step++) {
      const which = await waitForAny(t.page, [L.homeHeading, L.demoPatient, L.tryDemo], { timeout: 30_000 });
      if (which === 0) break;
      await clickByRole(t.page, ...(which === 1 ? L.demoPatient : L.tryDemo));
      await sleep(300);
    }
    await clickByRole(t.page, ...L.bell);
    // The demo doctor may still be confirming the demo's visits (a new notification each): mark all read
    // until the bell stays read.
    for (let attempt = 0; ; attempt++) {
      if (await waitForAny(t.page, [L.markAllRead, L.notificationsHeading]) === 0) await clickByRole(t.page, ...L.markAllRead);
      try {
        await expectRole(t.page, ...L.bellRead, { timeout: 3_000 });
        break;
      } catch (e) {
        if (attempt >= 5) throw e;
      }
    }
    await clickByRole(t.page, ...L.tabVisits);
    await clickByRole(t.page, ...L.patientVisitRow('Dr. Amara Okafor'));
    await clickByRole(t.page, 'button', /Message Dr\. Amara Okafor$/);
    await fillByLabel(t.page, L.composer, 'I have a rash on my arm since yesterday');
    await clickByRole(t.page, ...L.send);
    // Away from the thread, the answer is unread: the bell counts it.
    await clickByRole(t.page, ...L.tabHome);
    await expectRole(t.page, ...L.bellUnread(1), { timeout: 30_000 });
    await waitForTitle(t.page, /^\(1\) .*Telemed$/);
    await clickByRole(t.page, ...L.bellUnread(1));
    await screenshot(t.page, 'notifications-demo-list');
    await clickByRole(t.page, ...L.unreadRow('Dr. Amara Okafor'));
    await expectText(t.page, 'rash', { timeout: 15_000 });
    assert.match(new URL(t.page.url()).hash, /^#\/messages\/\d+$/);
    await expectRole(t.page, ...L.bellRead, { timeout: 15_000 });
    assert.deepEqual(t.errors, [], 'uncaught errors');
  });
});
