// A video visit end to end: ONE real server (fresh data dir), a patient and a doctor in two browser
// contexts with Chromium's fake camera and microphone.
//   - set-up through the protocol (a throwaway page of the app's origin opens its own WebSockets): a new
//     doctor (UTC, open all day, no notice), verified by the demo administrator; a new patient buys
//     credits and books the first slot that starts within 30 minutes (so the join window is open now);
//     the doctor confirms;
//   - both sign in through the UI; the patient goes Visits → visit → Join video call → pre-call check →
//     waiting room; the doctor Schedule → visit → Join video call → Join the call → "Let <patient> in";
//   - both sides decode the other's video (getStats over the peer connections the page holds, found
//     through window.telemedRtc); time from the admit click to the patient's first decoded frame;
//   - camera off lowers what the doctor receives; mute shows on the doctor's participant line; screen share
//     is tried (headless may refuse getDisplayMedia: then the UI must still offer "Share screen");
//   - leave / end consultation: the call log has both people with time in the call;
//   - a third patient's call_join gets not_found;
//   - screenshots of the pre-call check, the waiting room and the call at desktop and phone size.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launchBrowser, newPage, openApp, clickByRole, fillByLabel, expectRole, expectText, screenshot,
  describeLayer,
} from './support/harness.mjs';

// ---- Labels the UI shows (role, accessible name). Keep them here, in one place. ----
const L = {
  email: 'E-mail',
  password: 'Password',
  signIn: ['button', 'Sign in'],
  homeHeading: ['heading', /Welcome/],
  tabVisits: ['tab', 'Visits'],
  tabSchedule: ['tab', 'Schedule'],
  // the patient's visit row "<when> · <doctor> (<specialty>) · <status>"; the doctor's calendar block "<hh:mm> <patient>, <status>"
  patientVisitRow: (doctor) => ['button', new RegExp(` · ${escapeRe(doctor)} \\(.*\\) · `)],
  doctorVisitBlock: (patient) => ['button', new RegExp(`^\\d{2}:\\d{2} ${escapeRe(patient)}, `)],
  joinVideoCall: ['button', 'Join video call'],
  precheckHeading: ['heading', 'Before you join'],
  joinTheCall: ['button', 'Join the call'],
  waitingText: 'will let you in',
  admit: (patient) => ['button', `Let ${patient} in`],
  inCallFor: 'In the call for',
  cameraOff: ['button', 'Camera off'],
  cameraOn: ['button', 'Camera on'],
  mute: ['button', 'Mute'],
  unmute: ['button', 'Unmute'],
  shareScreen: ['button', 'Share screen'],
  stopSharing: ['button', 'Stop sharing'],
  leave: ['button', 'Leave'],
  endConsultation: ['button', 'End consultation'],
  endedHeading: ['heading', 'The call has ended'],
  mutedLine: (patient) => `${patient} — in the call, muted`,
};

const PASSWORD = 'Correct-Horse-Battery-2026';
const ADMIN = { email: 'admin@demo.telemed.test', password: 'Telemed-Demo-2026' };
const stamp = Date.now();
const doctor = { name: 'Dr. Test Call', email: `call-doctor-${stamp}@example.test`, password: PASSWORD };
const patient = { name: 'Zoë Call-Patient', email: `call-patient-${stamp}@example.test`, password: PASSWORD };
const phonePatient = { name: 'Phone Patient', email: `call-phone-${stamp}@example.test`, password: PASSWORD };
const stranger = { name: 'Somebody Else', email: `call-stranger-${stamp}@example.test`, password: PASSWORD };
const CARD = { number: '4242 4242 4242 4242', exp_month: 12, exp_year: 2030, cvc: '123' };

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const escapeRe = (t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

let server;
let browser;
let proto; // the throwaway page that talks the protocol
const ids = {}; // user ids and appointment ids set up through the protocol
const findings = []; // what happened, printed at the end

function note(line) {
  findings.push(line);
  console.log(`# ${line}`);
}

// ---------------------------------------------------------------------------------------------------
// The protocol, spoken from a page of the app's origin (the server checks Origin on the upgrade).

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

/** Opens a connection named `name`, says hello. */
async function connect(name) {
  await proto.page.evaluate((n) => window.__open(n), name);
  await call(name, 'hello', { protocol: 1, client: 'call.test' });
}

/** One request; returns the response frame's data, or throws with the error unless `expectError`. */
async function call(name, type, data = {}, { expectError = false } = {}) {
  const f = await proto.page.evaluate(([n, ty, d]) => window.__call(n, ty, d), [name, type, data]);
  if (expectError) return f;
  if (!f.ok) throw new Error(`${type} failed: ${JSON.stringify(f.error)}`);
  return f.data;
}

async function signUp(conn, who, role) {
  await connect(conn);
  const r = await call(conn, 'sign_up', { email: who.email, password: who.password, display_name: who.name, role, time_zone: 'UTC' });
  return r.user.id;
}

async function buyCredits(conn) {
  const { packages } = await call(conn, 'list_packages');
  const pkg = packages.reduce((a, b) => (b.credits > a.credits ? b : a));
  await call(conn, 'buy_credits', {
    package_id: pkg.id, idempotency_key: `call-test-${conn}-${Date.now()}-${Math.random().toString(36).slice(2)}`,
    card: { ...CARD, holder: 'Test Patient' },
  });
}

/** Books the first slot of the doctor starting within the next 30 minutes (the join window is then open). */
async function bookSoon(conn) {
  const now = Date.now();
  const { slots } = await call(conn, 'get_slots', {
    doctor_id: ids.doctor, from: new Date(now).toISOString(), to: new Date(now + 2 * 3600_000).toISOString(),
  });
  const slot = slots.find((s) => Date.parse(s.starts_at) - now < 30 * 60_000 && Date.parse(s.starts_at) > now - 60_000);
  assert.ok(slot, `a slot within 30 minutes: ${JSON.stringify(slots.slice(0, 4))}`);
  const { appointment } = await call(conn, 'book', { doctor_id: ids.doctor, starts_at: slot.starts_at, concern: 'Video call e2e' });
  const confirmed = await call('doctor', 'appointment_action', { appointment_id: appointment.id, action: 'confirm' });
  assert.equal(confirmed.appointment.status, 'confirmed');
  return appointment.id;
}

async function setUp() {
  // The doctor: UTC, open all day every day, no notice, 15-minute slots, verified by the administrator.
  ids.doctor = await signUp('doctor', doctor, 'doctor');
  const weekly = [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, start_minute: 0, end_minute: 24 * 60 }));
  await call('doctor', 'set_availability', {
    availability: { weekly, exceptions: [], slot_minutes: 15, buffer_minutes: 0, min_notice_minutes: 0, horizon_days: 30, auto_confirm: false },
  });
  await call('doctor', 'update_doctor_profile', {
    specialty: 'general_practice', bio: 'Answers video calls from tests.', languages: ['English'], years_of_practice: 5,
    licence_number: 'GMC-1234567', licence_region: 'England', price_credits: 2,
  });
  await connect('admin');
  await call('admin', 'sign_in', ADMIN);
  const decided = await call('admin', 'decide_verification', { doctor_id: ids.doctor, decision: 'verified', reason: '' });
  assert.equal(decided.profile.verification, 'verified');

  // The patients: one for the desktop run, one for the phone run, one who is not part of either visit.
  ids.patient = await signUp('patient', patient, 'patient');
  await buyCredits('patient');
  ids.appointment = await bookSoon('patient');
  ids.phonePatient = await signUp('phonePatient', phonePatient, 'patient');
  await buyCredits('phonePatient');
  ids.phoneAppointment = await bookSoon('phonePatient');
  ids.stranger = await signUp('stranger', stranger, 'patient');
}

// ---------------------------------------------------------------------------------------------------
// The app

async function signIn(page, who) {
  await openApp(page, server.url);
  await fillByLabel(page, L.email, who.email);
  await fillByLabel(page, L.password, who.password);
  await clickByRole(page, ...L.signIn);
  await expectRole(page, ...L.homeHeading, { timeout: 30_000 });
}

/** Inbound video of every peer connection the page holds (found through the rtc layer's handle table). */
async function inboundVideo(page) {
  return page.evaluate(async () => {
    const R = window.telemedRtc;
    const out = [];
    for (let h = 1, seen = 0; h < 5000 && seen < R.handles(); h++) {
      const o = R.objectOf(h);
      if (!o) continue;
      seen++;
      if (!(o instanceof RTCPeerConnection)) continue;
      const s = { handle: h, state: o.connectionState, framesDecoded: 0, bytesReceived: 0, fps: 0, at: Date.now() };
      (await o.getStats()).forEach((r) => {
        if (r.type === 'inbound-rtp' && r.kind === 'video') {
          s.framesDecoded += r.framesDecoded || 0;
          s.bytesReceived += r.bytesReceived || 0;
          s.fps += r.framesPerSecond || 0;
        }
      });
      out.push(s);
    }
    return out;
  });
}

/** Waits until a page decodes remote video; returns the Date.now() it was first seen (50 ms polling). */
async function waitForDecodedVideo(page, label, timeout = 20_000) {
  const deadline = Date.now() + timeout;
  let last = [];
  for (;;) {
    last = await inboundVideo(page);
    if (last.some((s) => s.framesDecoded > 0)) return { at: Date.now(), stats: last };
    if (Date.now() > deadline) {
      throw new Error(`${label}: no decoded remote video within ${timeout} ms; peer connections: ${JSON.stringify(last)}\n` +
                      `Accessibility layer:\n${await describeLayer(page)}`);
    }
    await sleep(50);
  }
}

/** Bytes and frames of remote video received over `ms`. */
async function receivedOver(page, ms = 2000) {
  const sum = (l) => l.reduce((a, s) => ({ bytes: a.bytes + s.bytesReceived, frames: a.frames + s.framesDecoded }), { bytes: 0, frames: 0 });
  const a = sum(await inboundVideo(page));
  await sleep(ms);
  const b = sum(await inboundVideo(page));
  return { kbps: ((b.bytes - a.bytes) * 8) / ms, fps: ((b.frames - a.frames) * 1000) / ms };
}

/** The patient's way in: Visits → the visit → Join video call → pre-call check (screenshot) → waiting room (screenshot). */
async function patientToWaitingRoom(page, shotSuffix = '') {
  await clickByRole(page, ...L.tabVisits);
  await clickByRole(page, ...L.patientVisitRow(doctor.name));
  await clickByRole(page, ...L.joinVideoCall);
  await expectRole(page, ...L.precheckHeading);
  // Give the fake camera a moment to reach the preview before the picture.
  await page.waitForFunction(() => [...document.querySelectorAll('video')].some((v) => v.videoWidth > 0), null, { timeout: 10_000 })
    .catch(() => note(`pre-call${shotSuffix}: no <video> with a frame within 10 s`));
  await screenshot(page, `call-precheck${shotSuffix}`);
  await clickByRole(page, ...L.joinTheCall);
  await expectText(page, L.waitingText, { timeout: 15_000 });
  await screenshot(page, `call-waiting${shotSuffix}`);
}

/** The doctor's way in: Schedule → the visit → Join video call → Join the call. */
async function doctorIntoCall(page, patientName) {
  await clickByRole(page, ...L.tabSchedule);
  await clickByRole(page, ...L.doctorVisitBlock(patientName));
  await clickByRole(page, ...L.joinVideoCall);
  await expectRole(page, ...L.precheckHeading);
  await clickByRole(page, ...L.joinTheCall);
  await expectText(page, L.inCallFor, { timeout: 15_000 });
}

async function failureShots(pages, name) {
  for (const t of pages) { try { await screenshot(t.page, `FAILED-${name}`); } catch { /* gone */ } }
  const lines = [];
  for (const t of pages) {
    if (t.errors.length) lines.push(`${t.viewport} page errors:\n  ${t.errors.slice(0, 10).join('\n  ')}`);
    if (t.consoleErrors.length) lines.push(`${t.viewport} console errors:\n  ${t.consoleErrors.slice(0, 10).join('\n  ')}`);
  }
  return lines.join('\n');
}

before(async () => {
  server = await startServer({ name: 'call-server' });
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

test('patient and doctor (desktop) meet in a video call: video both ways, camera, mute, share, leave, call log', { timeout: 150_000 }, async () => {
  const pt = await newPage(browser, 'desktop');
  const dr = await newPage(browser, 'desktop');
  try {
    await Promise.all([signIn(pt.page, patient), signIn(dr.page, doctor)]);
    await patientToWaitingRoom(pt.page);
    await doctorIntoCall(dr.page, patient.name);

    // Admit, and time it to the patient's first decoded frame.
    const admitAt = Date.now();
    await clickByRole(dr.page, ...L.admit(patient.name), { timeout: 15_000 });
    const [ptVideo, drVideo] = await Promise.all([
      waitForDecodedVideo(pt.page, 'patient'), waitForDecodedVideo(dr.page, 'doctor'),
    ]);
    note(`admit click -> first decoded remote frame: patient ${ptVideo.at - admitAt} ms, doctor ${drVideo.at - admitAt} ms ` +
         '(50 ms polling; includes the click itself)');
    await expectText(pt.page, L.inCallFor);
    await expectText(dr.page, L.inCallFor);
    assert.equal(ptVideo.stats.length, 1, `one peer connection on the patient's side: ${JSON.stringify(ptVideo.stats)}`);
    assert.equal(drVideo.stats.length, 1, `one peer connection on the doctor's side: ${JSON.stringify(drVideo.stats)}`);
    await sleep(1500); // the remote <video> gets its first frame
    await screenshot(pt.page, 'call-in-call');
    await screenshot(dr.page, 'call-in-call-doctor');

    // Camera off: what the doctor receives drops.
    await sleep(1000);
    const before = await receivedOver(dr.page);
    await clickByRole(pt.page, ...L.cameraOff);
    await expectRole(pt.page, ...L.cameraOn);
    await expectText(dr.page, `${patient.name} — in the call, camera off`);
    await sleep(2000); // the encoder's last real frames are not counted
    const afterOff = await receivedOver(dr.page);
    note(`doctor receives ${before.kbps.toFixed(0)} kbps / ${before.fps.toFixed(1)} fps with the patient's camera on, ` +
         `${afterOff.kbps.toFixed(0)} kbps / ${afterOff.fps.toFixed(1)} fps with it off`);
    assert.ok(before.kbps > 50, `video flows to the doctor before (${before.kbps.toFixed(1)} kbps)`);
    assert.ok(afterOff.kbps < before.kbps / 2 || afterOff.fps < before.fps / 2,
              `camera off lowers what the doctor receives (${JSON.stringify({ before, afterOff })})`);
    await clickByRole(pt.page, ...L.cameraOn);
    await expectRole(pt.page, ...L.cameraOff);

    // Mute: the doctor's participant line says so.
    await clickByRole(pt.page, ...L.mute);
    await expectRole(pt.page, ...L.unmute);
    await expectText(dr.page, L.mutedLine(patient.name));

    // Screen share: headless Chromium has no picker.
    await clickByRole(pt.page, ...L.shareScreen);
    await sleep(2000);
    const sharing = await pt.page.getByRole('button', { name: /Stop sharing/ }).count();
    if (sharing > 0) {
      note('screen share: getDisplayMedia worked headless; "Stop sharing" appeared');
      await expectText(dr.page, `${patient.name} — in the call, muted, sharing the screen`);
      await screenshot(pt.page, 'call-sharing');
      await clickByRole(pt.page, ...L.stopSharing);
      await expectRole(pt.page, ...L.shareScreen);
      note('screen share: "Stop sharing" restored "Share screen"');
    } else {
      const errors = await pt.page.getByRole('alert').allTextContents().catch(() => []);
      note(`screen share: refused headless; UI still offers "Share screen"; alerts: ${JSON.stringify(errors)}`);
      await expectRole(pt.page, ...L.shareScreen);
    }
    await expectText(pt.page, L.inCallFor);
    const still = await inboundVideo(dr.page);
    assert.ok(still.length === 1 && still[0].state === 'connected', `the call survives the share attempt: ${JSON.stringify(still)}`);

    // Leave and end.
    await sleep(1000); // make sure both have at least a second in the call
    await clickByRole(pt.page, ...L.leave);
    await expectRole(pt.page, ...L.endedHeading);
    await expectText(pt.page, `${patient.name}: `); // the call-log line "<name>: mm:ss in the call"
    await clickByRole(dr.page, ...L.endConsultation);
    await expectRole(dr.page, ...L.endedHeading);
    await expectText(dr.page, `${doctor.name}: `);
    await expectText(dr.page, `${patient.name}: `);
    await screenshot(dr.page, 'call-ended');

    for (const who of ['patient', 'doctor']) {
      const log = await call(who, 'call_log', { appointment_id: ids.appointment });
      assert.equal(log.status, 'ended', `${who}'s call log: ${JSON.stringify(log)}`);
      assert.equal(log.participants.length, 2, `${who}'s call log has two people: ${JSON.stringify(log)}`);
      assert.deepEqual(log.participants.map((p) => p.role), ['doctor', 'patient']);
      for (const p of log.participants) assert.ok(p.total_seconds >= 1, `${p.display_name} was in the call: ${JSON.stringify(p)}`);
    }
    const { appointment } = await call('doctor', 'get_appointment', { appointment_id: ids.appointment });
    // PROTOCOL.md, call_end: the visit is completed if it has started; before the start only the room ends.
    // The visit was booked in the next 30 minutes, so usually it has not started yet.
    const started = Date.parse(appointment.starts_at) <= Date.now();
    note(`after "End consultation" ${started ? 'after' : 'before'} the start the visit is ${appointment.status}`);
    assert.equal(appointment.status, started ? 'completed' : 'in_progress', JSON.stringify(appointment.history));

    assert.deepEqual(pt.errors, [], 'uncaught errors in the patient\'s page');
    assert.deepEqual(dr.errors, [], 'uncaught errors in the doctor\'s page');
  } catch (err) {
    const extra = await failureShots([pt, dr], 'call-desktop');
    if (extra && err && typeof err.message === 'string') err.message += `\n${extra}`;
    throw err;
  } finally {
    await pt.close().catch(() => {});
    await dr.close().catch(() => {});
  }
});

test('someone who is not part of the visit gets not_found from call_join', { timeout: 30_000 }, async () => {
  const f = await call('stranger', 'call_join', { appointment_id: ids.appointment }, { expectError: true });
  assert.equal(f.ok, false, JSON.stringify(f));
  assert.equal(f.error.code, 'not_found', JSON.stringify(f));
  assert.ok(!JSON.stringify(f).includes(patient.name) && !JSON.stringify(f).includes(doctor.name), 'a refusal names nobody');
  const open = await call('stranger', 'call_join', { appointment_id: ids.phoneAppointment }, { expectError: true });
  assert.equal(open.error?.code, 'not_found', `also for a visit whose window is open: ${JSON.stringify(open)}`);
});

test('phone patient with a desktop doctor: pre-call, waiting room and the call at phone size', { timeout: 120_000 }, async () => {
  const pt = await newPage(browser, 'phone');
  const dr = await newPage(browser, 'desktop');
  try {
    await Promise.all([signIn(pt.page, phonePatient), signIn(dr.page, doctor)]);
    await patientToWaitingRoom(pt.page);
    await doctorIntoCall(dr.page, phonePatient.name);
    await clickByRole(dr.page, ...L.admit(phonePatient.name));
    await Promise.all([waitForDecodedVideo(pt.page, 'phone patient'), waitForDecodedVideo(dr.page, 'doctor')]);
    await expectText(pt.page, L.inCallFor);
    await sleep(1500);
    await screenshot(pt.page, 'call-in-call');
    // Every control is reachable on a phone: inside the viewport's width, not clipped off the right edge.
    const width = pt.page.viewportSize().width;
    for (const c of [L.mute, L.cameraOff, L.shareScreen, L.leave]) {
      const box = await (await expectRole(pt.page, ...c)).boundingBox();
      assert.ok(box.x >= 0 && box.x + box.width <= width, `${c[1]} fits the phone's width (${JSON.stringify(box)}, viewport ${width})`);
    }
    await clickByRole(pt.page, ...L.leave);
    await expectRole(pt.page, ...L.endedHeading);
    await clickByRole(dr.page, ...L.endConsultation);
    await expectRole(dr.page, ...L.endedHeading);
    await screenshot(pt.page, 'call-ended');
    assert.deepEqual(pt.errors, [], 'uncaught errors in the phone patient\'s page');
    assert.deepEqual(dr.errors, [], 'uncaught errors in the doctor\'s page');
  } catch (err) {
    const extra = await failureShots([pt, dr], 'call-phone');
    if (extra && err && typeof err.message === 'string') err.message += `\n${extra}`;
    throw err;
  } finally {
    await pt.close().catch(() => {});
    await dr.close().catch(() => {});
  }
});
