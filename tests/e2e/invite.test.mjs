// Three people in one video visit: the doctor invites an interpreter by a link. ONE real server (fresh
// data dir), three browser contexts with Chromium's fake camera and microphone:
//   - set-up through the protocol: a new doctor (UTC, open all day, verified by the demo administrator),
//     a new patient who books the first slot within 30 minutes, the doctor confirms;
//   - the patient (phone) enters the waiting room; the doctor (desktop), on the home screen, is told:
//     the stored notification (kind call.waiting), the "Patient waiting" banner, whose "Open the call"
//     button opens the call; the doctor lets the patient in;
//   - the doctor creates an invitation (Interpreter) in the call's invite panel and reads the link;
//   - the guest (desktop, no account) opens the link: "Join <doctor>'s video visit" → name → pre-call check
//     → waiting room; the doctor lets them in; the participant line shows the role;
//   - all three decode remote video from both others (getStats framesDecoded on two peer connections each);
//   - the call log lists the interpreter; the withdrawn link is refused with a clear message;
//   - screenshots: invite panel, guest entry and the 3-person call at 1440x900 and 390x844.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launchBrowser, newPage, openApp, clickByRole, fillByLabel, expectRole, expectText, screenshot, describeLayer,
} from './support/harness.mjs';

const L = {
  email: 'E-mail',
  password: 'Password',
  signIn: ['button', 'Sign in'],
  homeHeading: ['heading', /Welcome/],
  tabVisits: ['tab', 'Visits'],
  patientVisitRow: (doctor) => ['button', new RegExp(` · ${escapeRe(doctor)} \\(.*\\) · `)],
  joinVideoCall: ['button', 'Join video call'],
  precheckHeading: ['heading', 'Before you join'],
  joinTheCall: ['button', 'Join the call'],
  waitingText: 'will let you in',
  openWaitingCall: ['button', 'Open the call'],
  patientWaiting: 'Patient waiting',
  admit: (name) => ['button', `Let ${name} in`],
  inCallFor: 'In the call for',
  inviteAs: (label) => [['radio', 'button', 'tab', 'option'], label],
  inviteName: 'Their name (optional)',
  createInvite: ['button', 'Create invitation link'],
  guestHeading: (doctor) => ['heading', `Join ${doctor}'s video visit`],
  guestName: 'Your name',
  continue: ['button', 'Continue'],
  withdraw: ['button', 'Withdraw'],
  leave: ['button', 'Leave'],
  endConsultation: ['button', 'End consultation'],
  endedHeading: ['heading', 'The call has ended'],
};

const PASSWORD = 'Correct-Horse-Battery-2026';
const ADMIN = { email: 'admin@demo.telemed.test', password: 'Telemed-Demo-2026' };
const stamp = Date.now();
const doctor = { name: 'Dr. Ana Invite', email: `invite-doctor-${stamp}@example.test`, password: PASSWORD };
const patient = { name: 'Zoë Invite-Patient', email: `invite-patient-${stamp}@example.test`, password: PASSWORD };
const GUEST = 'Maria Silva';
const CARD = { number: '4242 4242 4242 4242', exp_month: 12, exp_year: 2030, cvc: '123' };

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const escapeRe = (t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

let server;
let browser;
let proto;
const ids = {};
const findings = [];
function note(line) {
  findings.push(line);
  console.log(`# ${line}`);
}

// ---- the protocol, from a page of the app's origin ------------------------------------------------
async function openProtocolPage() {
  const t = await newPage(browser, 'desktop');
  await t.page.goto(`${server.url}/healthz`);
  await t.page.evaluate(() => {
    window.__conns = {};
    window.__open = (name) => new Promise((resolve, reject) => {
      const ws = new WebSocket(`${location.origin.replace(/^http/, 'ws')}/ws`);
      const c = { ws, next: 1, waiting: new Map(), events: [] };
      ws.onmessage = (m) => {
        const f = JSON.parse(m.data);
        if (f.event) { c.events.push(f); return; }
        const w = c.waiting.get(f.id);
        if (w) { c.waiting.delete(f.id); w(f); }
      };
      ws.onopen = () => { window.__conns[name] = c; resolve(); };
      ws.onerror = () => reject(new Error('WebSocket failed'));
    });
    window.__call = (name, type, data) => new Promise((resolve, reject) => {
      const c = window.__conns[name];
      const id = c.next++;
      const timer = setTimeout(() => reject(new Error(`no answer to ${type} within 15 s`)), 15_000);
      c.waiting.set(id, (f) => { clearTimeout(timer); resolve(f); });
      c.ws.send(JSON.stringify({ id, type, data }));
    });
  });
  return t;
}
async function connect(name) {
  await proto.page.evaluate((n) => window.__open(n), name);
  await call(name, 'hello', { protocol: 1, client: 'invite.test' });
}
async function call(name, type, data = {}, { expectError = false } = {}) {
  const f = await proto.page.evaluate(([n, ty, d]) => window.__call(n, ty, d), [name, type, data]);
  if (expectError) return f;
  if (!f.ok) throw new Error(`${type} failed: ${JSON.stringify(f.error)}`);
  return f.data;
}

async function setUp() {
  await connect('doctor');
  ids.doctor = (await call('doctor', 'sign_up', { email: doctor.email, password: PASSWORD, display_name: doctor.name, role: 'doctor', time_zone: 'UTC' })).user.id;
  const weekly = [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, start_minute: 0, end_minute: 24 * 60 }));
  await call('doctor', 'set_availability', {
    availability: { weekly, exceptions: [], slot_minutes: 15, buffer_minutes: 0, min_notice_minutes: 0, horizon_days: 30, auto_confirm: false },
  });
  await call('doctor', 'update_doctor_profile', {
    specialty: 'general_practice', bio: 'Invites interpreters.', languages: ['English'], years_of_practice: 5,
    licence_number: 'GMC-7654321', licence_region: 'England', price_credits: 2,
  });
  await connect('admin');
  await call('admin', 'sign_in', ADMIN);
  await call('admin', 'decide_verification', { doctor_id: ids.doctor, decision: 'verified', reason: '' });

  await connect('patient');
  ids.patient = (await call('patient', 'sign_up', { email: patient.email, password: PASSWORD, display_name: patient.name, role: 'patient', time_zone: 'UTC' })).user.id;
  const { packages } = await call('patient', 'list_packages');
  const pkg = packages.reduce((a, b) => (b.credits > a.credits ? b : a));
  await call('patient', 'buy_credits', { package_id: pkg.id, idempotency_key: `invite-test-${stamp}`, card: { ...CARD, holder: 'Test' } });
  const now = Date.now();
  const { slots } = await call('patient', 'get_slots', {
    doctor_id: ids.doctor, from: new Date(now).toISOString(), to: new Date(now + 2 * 3600_000).toISOString(),
  });
  const slot = slots.find((s) => Date.parse(s.starts_at) - now < 30 * 60_000 && Date.parse(s.starts_at) > now - 60_000);
  assert.ok(slot, 'a slot within 30 minutes');
  const { appointment } = await call('patient', 'book', { doctor_id: ids.doctor, starts_at: slot.starts_at, concern: 'Needs an interpreter' });
  ids.appointment = appointment.id;
  await call('doctor', 'appointment_action', { appointment_id: appointment.id, action: 'confirm' });
}

// ---- the app ---------------------------------------------------------------------------------------
async function signIn(page, who) {
  await openApp(page, server.url);
  await fillByLabel(page, L.email, who.email);
  await fillByLabel(page, L.password, who.password);
  await clickByRole(page, ...L.signIn);
  await expectRole(page, ...L.homeHeading, { timeout: 30_000 });
}

/** Per peer connection of the page: decoded remote video frames. */
async function inboundVideo(page) {
  return page.evaluate(async () => {
    const R = window.telemedRtc;
    const out = [];
    for (let h = 1, seen = 0; h < 5000 && seen < R.handles(); h++) {
      const o = R.objectOf(h);
      if (!o) continue;
      seen++;
      if (!(o instanceof RTCPeerConnection)) continue;
      const s = { handle: h, state: o.connectionState, framesDecoded: 0 };
      (await o.getStats()).forEach((r) => {
        if (r.type === 'inbound-rtp' && r.kind === 'video') s.framesDecoded += r.framesDecoded || 0;
      });
      out.push(s);
    }
    return out;
  });
}

/** Waits until the page decodes video on `count` peer connections. */
async function waitForDecodedFrom(page, label, count, timeout = 30_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const stats = await inboundVideo(page);
    if (stats.filter((s) => s.framesDecoded > 0).length >= count) return stats;
    if (Date.now() > deadline) {
      throw new Error(`${label}: video decoded on fewer than ${count} peer connections within ${timeout} ms: ${JSON.stringify(stats)}\n` +
                      `Accessibility layer:\n${await describeLayer(page)}`);
    }
    await sleep(100);
  }
}

/** The invitation link the doctor's invite panel shows once it is created. */
async function inviteLink(page) {
  const handle = await page.waitForFunction(() => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT);
    for (let n = walker.currentNode; n; n = walker.nextNode()) {
      for (const c of n.childNodes) if (c.nodeType === 3 && c.textContent.includes('/?invite=')) return c.textContent.trim();
      const label = n.getAttribute && n.getAttribute('aria-label');
      if (label && label.includes('/?invite=')) return label.trim();
    }
    return false;
  }, null, { timeout: 15_000, polling: 100 });
  return handle.jsonValue();
}

/** Scrolls the canvas back to the top (a wheel over the app). */
async function scrollToTop(page) {
  const v = page.viewportSize();
  await page.mouse.move(v.width / 2, v.height / 2);
  for (let i = 0; i < 10; i++) await page.mouse.wheel(0, -2000);
  await sleep(400);
}

before(async () => {
  server = await startServer({ name: 'invite-server' });
  browser = await launchBrowser();
  proto = await openProtocolPage();
  await setUp();
});

after(async () => {
  if (findings.length) console.log(`# findings:\n#   ${findings.join('\n#   ')}`);
  await proto?.close().catch(() => {});
  await browser?.close();
  await server?.stop();
});

test('doctor, patient and an invited interpreter in one call: waiting notice, invite link, admission, video among all three', { timeout: 600_000 }, async () => {
  const dr = await newPage(browser, 'desktop');
  const pt = await newPage(browser, 'phone');
  const gs = await newPage(browser, 'desktop');
  const pages = [dr, pt, gs];
  try {
    await Promise.all([signIn(pt.page, patient), signIn(dr.page, doctor)]);

    // The patient enters the waiting room; the doctor, on the home screen, is told.
    await clickByRole(pt.page, ...L.tabVisits);
    await clickByRole(pt.page, ...L.patientVisitRow(doctor.name));
    await clickByRole(pt.page, ...L.joinVideoCall);
    await expectRole(pt.page, ...L.precheckHeading);
    await clickByRole(pt.page, ...L.joinTheCall);
    await expectText(pt.page, L.waitingText);
    await expectText(dr.page, L.patientWaiting, { timeout: 15_000 });
    const { notifications } = await call('doctor', 'list_notifications', {});
    const waitingNote = notifications.find((n) => n.kind === 'call.waiting' && n.appointment_id === ids.appointment);
    assert.ok(waitingNote, `the doctor has a stored "waiting" notification: ${JSON.stringify(notifications)}`);
    note(`doctor notified: "${waitingNote.title}: ${waitingNote.body}"`);
    await screenshot(dr.page, 'invite-doctor-waiting-banner');

    // The banner opens the call.
    await clickByRole(dr.page, ...L.openWaitingCall);
    await expectRole(dr.page, ...L.precheckHeading);
    await clickByRole(dr.page, ...L.joinTheCall);
    await expectText(dr.page, L.inCallFor);
    await clickByRole(dr.page, ...L.admit(patient.name));
    await Promise.all([waitForDecodedFrom(pt.page, 'patient', 1), waitForDecodedFrom(dr.page, 'doctor', 1)]);

    // The doctor invites an interpreter.
    await clickByRole(dr.page, ...L.inviteAs('Interpreter'));
    await fillByLabel(dr.page, L.inviteName, 'Maria');
    await clickByRole(dr.page, ...L.createInvite);
    const link = await inviteLink(dr.page);
    assert.match(link, /\/\?invite=[A-Za-z0-9_-]{43}$/, `the link: ${link}`);
    await expectText(dr.page, 'Interpreter · Maria — not used yet');
    await screenshot(dr.page, 'invite-panel');

    // The guest opens the link: no account, their name, pre-call, waiting room.
    await openApp(gs.page, link);
    await expectText(gs.page, L.guestHeading(doctor.name)[1], { timeout: 30_000 });
    await expectText(gs.page, 'You are invited as the interpreter.');
    await screenshot(gs.page, 'invite-guest-entry');
    await fillByLabel(gs.page, L.guestName, GUEST);
    await clickByRole(gs.page, ...L.continue);
    await expectRole(gs.page, ...L.precheckHeading, { timeout: 20_000 });
    await clickByRole(gs.page, ...L.joinTheCall);
    await expectText(gs.page, L.waitingText);
    await expectText(gs.page, `${doctor.name} will let you in`);

    // The doctor lets the interpreter in: three people, video among all of them.
    const admitAt = Date.now();
    await clickByRole(dr.page, ...L.admit(GUEST));
    const [drStats, ptStats, gsStats] = await Promise.all([
      waitForDecodedFrom(dr.page, 'doctor', 2), waitForDecodedFrom(pt.page, 'patient', 2), waitForDecodedFrom(gs.page, 'guest', 2),
    ]);
    note(`admit click -> all three decode video from both others: ${Date.now() - admitAt} ms (100 ms polling)`);
    for (const [who, s] of [['doctor', drStats], ['patient', ptStats], ['guest', gsStats]])
      assert.equal(s.length, 2, `${who} holds one peer connection per other member: ${JSON.stringify(s)}`);
    await expectText(dr.page, `${GUEST} — in the call · Interpreter`);
    await expectText(gs.page, `${patient.name} — in the call · Patient`);
    await expectText(pt.page, `${GUEST} — in the call · Interpreter`);
    await sleep(1500);
    for (const t of [dr, pt, gs]) await scrollToTop(t.page);
    await screenshot(dr.page, 'invite-call-3');
    await screenshot(pt.page, 'invite-call-3');
    await screenshot(gs.page, 'invite-call-3-guest');

    // The invitation now shows who used it; the same link on another browser is refused.
    await expectText(dr.page, `Interpreter · Maria — used by ${GUEST}`);
    const other = await newPage(browser, 'phone');
    pages.push(other);
    await openApp(other.page, link);
    await expectText(other.page, L.guestHeading(doctor.name)[1], { timeout: 30_000 });
    await screenshot(other.page, 'invite-guest-entry');  // the entry screen at phone size (invite_info only)
    await fillByLabel(other.page, L.guestName, 'Mallory');
    await clickByRole(other.page, ...L.continue);
    await expectText(other.page, 'Someone else already joined with this invitation');
    await other.close();
    pages.pop();

    // The invite panel at phone size.
    await dr.page.setViewportSize({ width: 390, height: 844 });
    await sleep(500);
    await clickByRole(dr.page, ...L.inviteAs('Interpreter')); // scrolls the panel into view
    await expectText(dr.page, `Interpreter · Maria — used by ${GUEST}`);
    await screenshot(dr.page, 'invite-panel-phone');
    await dr.page.setViewportSize({ width: 1440, height: 900 });

    // Withdrawing the interpreter's link takes them out and the link stops working.
    await clickByRole(dr.page, ...L.withdraw);
    await expectText(dr.page, 'Interpreter · Maria — withdrawn');
    const refused = await call('patient', 'invite_info', { token: link.split('invite=')[1] }, { expectError: true });
    assert.equal(refused.error?.code, 'invite_invalid', JSON.stringify(refused));
    assert.equal(refused.error.message, 'The doctor withdrew this invitation.');

    // End: the call log lists the interpreter with their role.
    await clickByRole(dr.page, ...L.endConsultation);
    await expectRole(dr.page, ...L.endedHeading);
    const log = await call('doctor', 'call_log', { appointment_id: ids.appointment });
    assert.deepEqual(log.participants.map((p) => p.role), ['doctor', 'patient', 'interpreter'], JSON.stringify(log));
    const guest = log.participants[2];
    assert.equal(guest.display_name, GUEST);
    assert.ok(guest.user_id < 0, 'guest ids are negative');
    assert.ok(guest.total_seconds >= 1, JSON.stringify(guest));

    for (const t of pages) assert.deepEqual(t.errors, [], `uncaught errors in the ${t.viewport} page`);
  } catch (err) {
    for (const t of pages) { try { await screenshot(t.page, `FAILED-invite-${pages.indexOf(t)}`); } catch { /* gone */ } }
    throw err;
  } finally {
    for (const t of pages) await t.close().catch(() => {});
  }
});

test('a link that is not valid gets a clear refusal and a way out', { timeout: 120_000 }, async () => {
  for (const viewport of ['desktop', 'phone']) {
    const t = await newPage(browser, viewport);
    try {
      await openApp(t.page, `${server.url}/?invite=not-a-real-token`);
      await expectText(t.page, 'This invitation cannot be used');
      await expectText(t.page, 'This invitation link is not valid.');
      await expectRole(t.page, 'button', 'Go to the start page');
      await screenshot(t.page, 'invite-guest-invalid');
      assert.deepEqual(t.errors, []);
    } finally {
      await t.close().catch(() => {});
    }
  }
});
