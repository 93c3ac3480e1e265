// The clinic end to end: two people in two browser contexts against ONE real server (fresh data dir).
// A new patient buys credits (a declined test card first, then a good one), finds Dr. Amara Okafor (a demo
// doctor the server seeds), picks the first free day and time and requests it. The doctor, signed in
// before the booking, sees the request arrive live, confirms it, and the patient's visit turns
// "Confirmed" without a reload. A second request is declined with a message and the credits come back.
// Screenshots of the browse list, the slot picker and the doctor's week at desktop and phone size.
//
// Slots depend on the real clock: the test always takes the first day chip and the first time chip.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launchBrowser, withPage, openApp, clickByRole, fillByLabel, fieldValue, expectRole, expectText,
  describeLayer, screenshot,
} from './support/harness.mjs';

// ---- Labels the UI shows (role, accessible name). Keep them here, in one place. ----
const L = {
  // sign up / sign in
  signUpLink: [['link', 'button'], /^(Sign up|Create an account)$/],
  rolePatient: [['radio', 'button', 'tab', 'option'], 'Patient'],
  fullName: 'Full name',
  email: 'E-mail',
  password: 'Password',
  timeZone: 'Time zone',
  createAccount: ['button', 'Create account'],
  signIn: ['button', 'Sign in'],
  homeHeading: ['heading', /Welcome/],
  // navigation (patient: Home, Doctors, Visits, Credits, Account; doctor: Home, Schedule, Profile, Earnings, Account)
  tabDoctors: ['tab', 'Doctors'],
  tabVisits: ['tab', 'Visits'],
  tabCredits: ['tab', 'Credits'],
  tabSchedule: ['tab', 'Schedule'],
  // credits
  balance: ['heading', /^-?\d+ credits? available$/],
  package10: ['button', /^Five consultations: 10 credits for /],
  cardNumber: 'Card number',
  cardExpiry: 'Expiry (MM/YY)',
  cardCvc: 'Security code (CVC)',
  pay: ['button', /^Pay /],
  declined: ['alert', 'Your card was declined by the bank. Try another card.'], // role=status|alert: text, not a name
  // doctors and booking
  findHeading: ['heading', 'Find a doctor'],
  seeTimesOkafor: ['button', 'See times for Dr. Amara Okafor'],
  doctorHeading: ['heading', 'Dr. Amara Okafor'],
  chooseTime: ['heading', 'Choose a time'],
  dayChip: ['button', /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2}$/], // "Mon 23 Nov"
  timeChip: ['button', /^\d{2}:\d{2}$/], // "10:30"
  concern: 'What would you like to discuss? (optional)',
  request: ['button', /^Request /], // "Request Tue 24 Nov 2026, 10:00"
  // visit detail and schedule
  statusWaiting: ['status', 'Waiting for the doctor'],
  statusConfirmed: ['status', 'Confirmed'],
  statusDeclined: ['status', 'Declined'],
  scheduleHeading: ['heading', 'Schedule'],
  requestsHeading: (n) => ['radio', `Requests (${n})`],  // the Schedule's view switch counts them
  calendarView: ['radio', 'Calendar'],
  requestToast: 'New appointment request',
  confirm: ['button', 'Confirm'],
  declineMessage: 'Message to the patient when declining',
  decline: ['button', 'Decline'],
  back: ['link', 'Back'],
  nextWeek: ['button', /^Next( week)?$/],
};

const DOCTOR = { email: 'doctor@demo.telemed.test', password: 'Telemed-Demo-2026', name: 'Dr. Amara Okafor' };
const patient = {
  name: 'Zoë Łukasiewicz',
  email: `clinic-patient-${Date.now()}@example.test`,
  password: 'Correct-Horse-Battery-2026',
  timeZone: 'Europe/Berlin',
};
const CARD = { good: '4242 4242 4242 4242', declined: '4000 0000 0000 0002', expiry: '12/30', cvc: '123' };

const escapeRe = (t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

let server;
let browser;
// What the first test booked, for the phone screenshots of the second.
const booked = { first: null, second: null };

before(async () => {
  server = await startServer({ name: 'clinic-server' });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// ---- small helpers over the harness ----

/** The accessible name of the first laid-out widget with this role whose name matches re (DOM order = draw order). */
async function firstName(page, role, re, { timeout = 15_000 } = {}) {
  const loc = await expectRole(page, role, re, { timeout });
  return (await loc.getAttribute('aria-label')) || (await loc.textContent()).trim();
}

/** The number in the "N credits available" heading of the Credits tab. */
async function balance(page) {
  const name = await firstName(page, ...L.balance);
  return Number(name.match(/^(-?\d+)/)[1]);
}

async function expectBalance(page, n) {
  await expectRole(page, 'heading', `${n} ${n === 1 ? 'credit' : 'credits'} available`, { timeout: 15_000 });
}

/**
 * Waits for a laid-out status pill or alert whose text is exactly `text`. (role=status and role=alert take
 * no accessible name from their content, so the harness's role + name lookup cannot find them.)
 */
async function expectPill(page, role, text, { timeout = 15_000 } = {}) {
  try {
    await page.waitForFunction(([r, t]) => [...document.querySelectorAll(`[role="${r}"]`)].some((el) => {
      const box = el.getBoundingClientRect();
      return el.textContent.trim() === t && box.width > 0 && box.height > 0;
    }), [role, text], { timeout, polling: 100 });
  } catch {
    throw new Error(`no visible ${role} "${text}" within ${timeout} ms.\n` +
                    `Accessibility layer now holds:\n${await describeLayer(page)}`);
  }
}

async function signUpPatient(page) {
  await clickByRole(page, ...L.signUpLink);
  await clickByRole(page, ...L.rolePatient);
  await fillByLabel(page, L.fullName, patient.name);
  await fillByLabel(page, L.email, patient.email);
  await fillByLabel(page, L.password, patient.password);
  const tz = await fieldValue(page, L.timeZone);
  if (tz !== null && tz.trim() === '') await fillByLabel(page, L.timeZone, patient.timeZone);
  await clickByRole(page, ...L.createAccount);
  await expectRole(page, ...L.homeHeading, { timeout: 30_000 });
}

async function signIn(page, { email, password }) {
  await expectRole(page, ...L.signIn, { timeout: 30_000 });
  await fillByLabel(page, L.email, email);
  await fillByLabel(page, L.password, password);
  await clickByRole(page, ...L.signIn);
  await expectRole(page, ...L.homeHeading, { timeout: 30_000 });
}

async function pay(page, number) {
  await fillByLabel(page, L.cardNumber, number);
  await fillByLabel(page, L.cardExpiry, CARD.expiry);
  await fillByLabel(page, L.cardCvc, CARD.cvc);
  await clickByRole(page, ...L.pay);
}

async function openOkafor(page) {
  await clickByRole(page, ...L.tabDoctors);
  await expectRole(page, ...L.seeTimesOkafor, { timeout: 20_000 });
  await clickByRole(page, ...L.seeTimesOkafor);
  await expectRole(page, ...L.chooseTime);
  await expectRole(page, ...L.dayChip, { timeout: 20_000 }); // slots loaded
}

/** Picks the first day chip and the first time chip; returns { day, time, request } (the button's name). */
async function pickFirstSlot(page) {
  const day = await firstName(page, ...L.dayChip);
  await clickByRole(page, 'button', day);
  const time = await firstName(page, ...L.timeChip);
  await clickByRole(page, 'button', time);
  const request = await firstName(page, 'button', new RegExp(`^Request .*, ${escapeRe(time)}$`));
  return { day, time, request };
}

/** Books the first free slot of Dr. Okafor with a concern; returns the slot and the visit's "when" text. */
async function bookFirstSlot(page, concern) {
  await openOkafor(page);
  const slot = await pickFirstSlot(page);
  await fillByLabel(page, L.concern, concern);
  await clickByRole(page, 'button', slot.request);
  await expectPill(page, ...L.statusWaiting, { timeout: 20_000 });
  await expectRole(page, 'heading', `Visit with ${DOCTOR.name}`);
  return { ...slot, when: slot.request.replace(/^Request /, '') };
}

/** The doctor's row for a request: "Tue 24 Nov 2026, 10:00 · Zoë Łukasiewicz · Waiting for the doctor". */
// A row of the Schedule's requests table: "Mon 7 Dec, 10:00 · <patient> · <concern>" (opens the visit).
function requestRow() {
  return ['link', new RegExp(` · ${escapeRe(patient.name)}( · |$)`)];
}

function noPageErrors(...pages) {
  for (const t of pages) assert.deepEqual(t.errors, [], `uncaught errors in the ${t.label} page`);
}

// ---- the flow ----

test('buy credits, book, the doctor confirms live; a declined request refunds', { timeout: 240_000 }, async () => {
  await withPage(browser, 'desktop', 'clinic-doctor', async (doc) => {
    doc.label = 'doctor';
    await withPage(browser, 'desktop', 'clinic-patient', async (pat) => {
      pat.label = 'patient';
      await Promise.all([openApp(doc.page, server.url), openApp(pat.page, server.url)]);

      // The doctor signs in first and waits on the Schedule tab: the request must arrive live.
      await signIn(doc.page, DOCTOR);
      await clickByRole(doc.page, ...L.tabSchedule);
      await expectRole(doc.page, ...L.requestsHeading(0), { timeout: 15_000 });

      // 1. A new patient; no credits yet. A declined card first, then the good one.
      await signUpPatient(pat.page);
      await clickByRole(pat.page, ...L.tabCredits);
      await expectBalance(pat.page, 0);
      await clickByRole(pat.page, ...L.package10);
      await pay(pat.page, CARD.declined);
      await expectPill(pat.page, ...L.declined, { timeout: 15_000 });
      assert.equal(await balance(pat.page), 0, 'a declined card must not add credits');
      await screenshot(pat.page, 'clinic-card-declined');

      await pay(pat.page, CARD.good);
      await expectBalance(pat.page, 10);
      await screenshot(pat.page, 'clinic-credits');

      // 2. Browse, the slot picker, book the first free time.
      await clickByRole(pat.page, ...L.tabDoctors);
      await expectRole(pat.page, ...L.seeTimesOkafor, { timeout: 20_000 });
      await screenshot(pat.page, 'clinic-browse');
      await openOkafor(pat.page);
      await screenshot(pat.page, 'clinic-slots');

      const toastSeen = expectText(doc.page, L.requestToast, { timeout: 20_000 }).then(() => true, () => false);
      const first = await bookFirstSlot(pat.page, 'Headache for three days, worse in the morning. Ibuprofen helps a little.');
      booked.first = first;
      await screenshot(pat.page, 'clinic-visit-requested');

      // 3. The doctor sees it without reloading, opens it and confirms.
      await expectRole(doc.page, ...L.requestsHeading(1), { timeout: 20_000 });
      assert.ok(await toastSeen, 'the doctor should get a "New appointment request" toast');
      await clickByRole(doc.page, ...requestRow());
      await expectRole(doc.page, 'heading', `Visit with ${patient.name}`);
      await expectText(doc.page, 'Headache for three days');
      await clickByRole(doc.page, ...L.confirm);
      await expectPill(doc.page, ...L.statusConfirmed, { timeout: 15_000 });

      // The patient's open visit turns "Confirmed" by itself (appointment.updated pushed live).
      await expectPill(pat.page, ...L.statusConfirmed, { timeout: 20_000 });
      await screenshot(pat.page, 'clinic-visit-confirmed');

      // The doctor's week with the confirmed visit.
      await clickByRole(doc.page, ...L.back);
      await expectRole(doc.page, ...L.requestsHeading(0), { timeout: 15_000 });
      await showWeekWith(doc.page, ['button', `${first.time} ${patient.name}, Confirmed`]);
      await screenshot(doc.page, 'clinic-agenda');

      // 4. A second request, declined with a message: the held credits come back.
      await clickByRole(pat.page, ...L.tabCredits);
      await expectBalance(pat.page, 8); // the first visit holds 2 of the 10 credits
      const before = await balance(pat.page);
      const second = await bookFirstSlot(pat.page, 'Follow-up about the blood test results.');
      booked.second = second;
      assert.notEqual(second.request, first.request, 'the confirmed time must no longer be offered');
      await clickByRole(pat.page, ...L.tabCredits);
      await expectBalance(pat.page, before - 2);

      await clickByRole(doc.page, ...L.requestsHeading(1), { timeout: 20_000 });  // back from the calendar view
      await clickByRole(doc.page, ...requestRow());
      await fillByLabel(doc.page, L.declineMessage, 'I am not available then after all; please pick another time.');
      await clickByRole(doc.page, ...L.decline);
      await expectPill(doc.page, ...L.statusDeclined, { timeout: 15_000 });

      // The patient stays on Credits; wallet.updated brings the balance back live.
      await expectBalance(pat.page, before);
      await expectText(pat.page, 'Returned (request not accepted)');
      assert.equal(await balance(pat.page), before);

      // The visit list shows the declined visit with the doctor's message in its history.
      await clickByRole(pat.page, ...L.tabVisits);
      await clickByRole(pat.page, 'button', new RegExp(`^${escapeRe(second.when)} · ${escapeRe(DOCTOR.name)} .* · Declined$`));
      await expectPill(pat.page, ...L.statusDeclined);
      await expectText(pat.page, 'please pick another time');

      noPageErrors(doc, pat);
    });
  });
});

/**
 * On the Schedule tab: shows the week holding the visit [role, name] (this week, else the next one: the
 * first free slot can fall into next week on a Sunday).
 */
async function showWeekWith(page, visit) {
  await clickByRole(page, ...L.calendarView);
  try {
    await expectRole(page, ...visit, { timeout: 5_000 });
  } catch {
    await clickByRole(page, ...L.nextWeek);
    await expectRole(page, ...visit, { timeout: 10_000 });
  }
}

// ---- phone size: the same screens on a 390 x 844 phone ----

test('screenshots of browse, slot picker and the doctor\'s week at phone size', { timeout: 180_000 }, async () => {
  assert.ok(booked.first, 'needs the booking of the first test');
  await withPage(browser, 'phone', 'clinic-patient', async (pat) => {
    pat.label = 'patient';
    await openApp(pat.page, server.url);
    await signIn(pat.page, patient);
    await clickByRole(pat.page, ...L.tabDoctors);
    await expectRole(pat.page, ...L.seeTimesOkafor, { timeout: 20_000 });
    await screenshot(pat.page, 'clinic-browse');
    await openOkafor(pat.page);
    await screenshot(pat.page, 'clinic-slots');
    noPageErrors(pat);
  });
  await withPage(browser, 'phone', 'clinic-doctor', async (doc) => {
    doc.label = 'doctor';
    await openApp(doc.page, server.url);
    await signIn(doc.page, DOCTOR);
    await clickByRole(doc.page, ...L.tabSchedule);
    await expectRole(doc.page, ...L.scheduleHeading);
    // On phones the week is a day-by-day list of rows: the confirmed visit is one of them.
    const row = ['button', `${booked.first.when} · ${patient.name} · Confirmed`];
    await showWeekWith(doc.page, row);
    await screenshot(doc.page, 'clinic-agenda');
    noPageErrors(doc);
  });
});
