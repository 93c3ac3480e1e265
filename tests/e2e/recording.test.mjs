// Call recording end to end: ONE real server, a patient and a doctor in two browser contexts with
// Chromium's fake camera and microphone.
//   - the doctor asks to record, the patient agrees, both see the recording state; the doctor's page
//     composes both videos and the mixed audio, records ~5 s with MediaRecorder and uploads the chunks
//     over the WebSocket; "Stop recording" finishes the upload;
//   - both people list the recording (protocol), a stranger gets not_found;
//   - in the visit detail the patient plays it (a <video controls> at the layout's rectangle reaches
//     readyState >= 2 with a duration) and downloads it (WebM: EBML magic 1A 45 DF A3);
//   - the access log shows the play and the download on both sides;
//   - screenshots of the Recordings list at 1440x900 and 390x844.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import {
  startServer, launchBrowser, newPage, openApp, clickByRole, fillByLabel, expectRole, expectText, screenshot,
  describeLayer,
} from './support/harness.mjs';

const L = {
  email: 'E-mail',
  password: 'Password',
  signIn: ['button', 'Sign in'],
  homeHeading: ['heading', /Welcome/],
  tabVisits: ['tab', 'Visits'],
  tabSchedule: ['tab', 'Schedule'],
  patientVisitRow: (doctor) => ['button', new RegExp(` · ${escapeRe(doctor)} \\(.*\\) · `)],
  doctorVisitBlock: (patient) => ['button', new RegExp(`^\\d{2}:\\d{2} ${escapeRe(patient)}, `)],
  joinVideoCall: ['button', 'Join video call'],
  precheckHeading: ['heading', 'Before you join'],
  joinTheCall: ['button', 'Join the call'],
  waitingText: 'will let you in',
  admit: (patient) => ['button', `Let ${patient} in`],
  inCallFor: 'In the call for',
  askToRecord: ['button', 'Ask to record'],
  agree: ['button', 'I agree to recording'],
  recordingOn: 'Recording: everyone agreed',
  stopRecording: ['button', 'Stop recording'],
  saved: 'Recording saved with the visit',
  endConsultation: ['button', 'End consultation'],
  endedHeading: ['heading', 'The call has ended'],
  backToVisit: ['button', 'Back to the visit'],
  recordingsHeading: ['heading', 'Recordings'],
  play: ['button', 'Play'],
  download: ['button', 'Download'],
  closePlayer: ['button', 'Close player'],
};

const PASSWORD = 'Correct-Horse-Battery-2026';
const ADMIN = { email: 'admin@demo.telemed.test', password: 'Telemed-Demo-2026' };
const stamp = Date.now();
const doctor = { name: 'Dr. Test Recording', email: `rec-doctor-${stamp}@example.test`, password: PASSWORD };
const patient = { name: 'Zoë Recorded-Patient', email: `rec-patient-${stamp}@example.test`, password: PASSWORD };
const stranger = { name: 'Somebody Else', email: `rec-stranger-${stamp}@example.test`, password: PASSWORD };
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
  await call(name, 'hello', { protocol: 1, client: 'recording.test' });
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


async function patientToWaitingRoom(page) {
  await clickByRole(page, ...L.tabVisits);
  await clickByRole(page, ...L.patientVisitRow(doctor.name));
  await clickByRole(page, ...L.joinVideoCall);
  await expectRole(page, ...L.precheckHeading);
  await clickByRole(page, ...L.joinTheCall);
  await expectText(page, L.waitingText, { timeout: 15_000 });
}

async function doctorIntoCall(page, patientName) {
  await clickByRole(page, ...L.tabSchedule);
  await clickByRole(page, ...L.doctorVisitBlock(patientName));
  await clickByRole(page, ...L.joinVideoCall);
  await expectRole(page, ...L.precheckHeading);
  await clickByRole(page, ...L.joinTheCall);
  await expectText(page, L.inCallFor, { timeout: 15_000 });
}

/** The player's <video> in the page: readyState, duration, size. */
async function playerState(page) {
  return page.evaluate(() => {
    const v = document.querySelector('#media-layer > video.player');
    if (!v) return null;
    const r = v.getBoundingClientRect();
    return { readyState: v.readyState, duration: v.duration, error: v.error && v.error.message, hidden: v.hidden,
             videoWidth: v.videoWidth, rect: { x: r.x, y: r.y, w: r.width, h: r.height }, src: v.currentSrc.replace(/token=.*/, 'token=…') };
  });
}

before(async () => {
  server = await startServer({ name: 'recording-server' });
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

test('consented recording: record, upload, list on both sides, play, download, access log', { timeout: 180_000 }, async () => {
  const pt = await newPage(browser, 'desktop');
  const dr = await newPage(browser, 'desktop');
  const pages = [pt, dr];
  try {
    await Promise.all([signIn(pt.page, patient), signIn(dr.page, doctor)]);
    await patientToWaitingRoom(pt.page);
    await doctorIntoCall(dr.page, patient.name);
    await clickByRole(dr.page, ...L.admit(patient.name));
    await Promise.all([waitForDecodedVideo(pt.page, 'patient'), waitForDecodedVideo(dr.page, 'doctor')]);

    // Nothing records before the patient agrees.
    const early = await call('doctor', 'recording_start', { appointment_id: ids.appointment, mime_type: 'video/webm' }, { expectError: true });
    assert.equal(early.error?.code, 'recording_not_active', JSON.stringify(early));
    await clickByRole(dr.page, ...L.askToRecord);
    await expectText(pt.page, 'The doctor asks to record this call');
    await clickByRole(pt.page, ...L.agree);
    await expectText(pt.page, L.recordingOn);
    await expectText(dr.page, L.recordingOn);
    const recordFrom = Date.now();
    await expectText(dr.page, 'Recording… ', { timeout: 10_000 });
    await sleep(5000);
    await screenshot(dr.page, 'recording-in-call');
    const stopAt = Date.now();
    await clickByRole(dr.page, ...L.stopRecording);
    await expectText(pt.page, 'Not recording.');
    await expectText(dr.page, L.saved, { timeout: 30_000 });
    note(`recorded ~${((stopAt - recordFrom) / 1000).toFixed(1)} s; "Stop recording" -> "${L.saved}" in ${Date.now() - stopAt} ms ` +
         '(last slice + remaining chunks + recording_finish; 100 ms text polling)');

    // Both people list it; a stranger cannot.
    const lists = {};
    for (const who of ['patient', 'doctor']) {
      lists[who] = (await call(who, 'recordings_list', { appointment_id: ids.appointment })).recordings;
      assert.equal(lists[who].length, 1, `${who} lists one recording: ${JSON.stringify(lists[who])}`);
      assert.equal(lists[who][0].status, 'complete', JSON.stringify(lists[who][0]));
    }
    const rec = lists.patient[0];
    note(`recording: ${rec.bytes} bytes, ${rec.duration_ms} ms, ${rec.mime_type}, ${(rec.bytes * 8 / rec.duration_ms).toFixed(0)} kbps`);
    assert.ok(rec.bytes > 20_000, `a few seconds of video are more than 20 kB (${rec.bytes})`);
    assert.ok(rec.duration_ms >= 3000, `about five seconds (${rec.duration_ms} ms)`);
    const refused = await call('stranger', 'recordings_list', { appointment_id: ids.appointment }, { expectError: true });
    assert.equal(refused.error?.code, 'not_found', JSON.stringify(refused));

    // The call ends; both go back to the visit, where the recording is listed.
    await clickByRole(dr.page, ...L.endConsultation);
    await expectRole(dr.page, ...L.endedHeading);
    await expectRole(pt.page, ...L.endedHeading);
    await clickByRole(dr.page, ...L.backToVisit);
    await clickByRole(pt.page, ...L.backToVisit);
    await expectRole(pt.page, ...L.recordingsHeading, { timeout: 15_000 });
    await expectRole(dr.page, ...L.recordingsHeading, { timeout: 15_000 });
    await expectText(pt.page, 'Nobody has played or downloaded it yet.');

    // Play: the <video controls> loads the signed link and can show a frame.
    await clickByRole(pt.page, ...L.play);
    await pt.page.waitForFunction(() => {
      const v = document.querySelector('#media-layer > video.player');
      return v && v.readyState >= 2 && v.duration > 0;
    }, null, { timeout: 20_000 }).catch(async () => { throw new Error(`player did not load: ${JSON.stringify(await playerState(pt.page))}`); });
    const shown = await playerState(pt.page);
    note(`player: readyState ${shown.readyState}, duration ${shown.duration}, ${shown.videoWidth} px wide, at ${JSON.stringify(shown.rect)}`);
    assert.ok(shown.rect.w > 200 && shown.rect.h > 100 && !shown.hidden, `the player is on screen: ${JSON.stringify(shown)}`);
    // What was recorded is the call: a second into playback both halves show a picture (the fake
    // camera's bright pattern), not the compositor's dark background.
    const halves = await pt.page.evaluate(async () => {
      const v = document.querySelector('#media-layer > video.player');
      v.muted = true;
      await v.play();
      await new Promise((r) => setTimeout(r, 2000));
      v.pause();
      const c = document.createElement('canvas');
      c.width = v.videoWidth; c.height = v.videoHeight;
      const g = c.getContext('2d');
      g.drawImage(v, 0, 0);
      const mean = (x0) => {
        const d = g.getImageData(x0, 0, c.width / 2, c.height).data;
        let sum = 0;
        for (let i = 0; i < d.length; i += 4) sum += Math.max(d[i], d[i + 1], d[i + 2]);
        return sum / (d.length / 4);
      };
      return { at: v.currentTime, left: mean(0), right: mean(c.width / 2), size: [c.width, c.height] };
    });
    note(`playback at ${halves.at.toFixed(1)} s: mean brightest channel left ${halves.left.toFixed(0)}, right ${halves.right.toFixed(0)} ` +
         `(the empty background is 34) in a ${halves.size.join('x')} frame`);
    assert.ok(halves.left > 70 && halves.right > 70, `both people are in the recording: ${JSON.stringify(halves)}`);
    await screenshot(pt.page, 'recording-playing');

    // Download: a WebM file.
    const [download] = await Promise.all([pt.page.waitForEvent('download', { timeout: 20_000 }), clickByRole(pt.page, ...L.download)]);
    const file = await download.path();
    const bytes = await fsp.readFile(file);
    note(`download: ${download.suggestedFilename()}, ${bytes.length} bytes, starts ${bytes.subarray(0, 4).toString('hex')}`);
    assert.equal(bytes.subarray(0, 4).toString('hex'), '1a45dfa3', 'EBML magic');
    assert.equal(bytes.length, rec.bytes, 'the whole recording');

    // The access log, on both sides.
    await expectText(pt.page, `Played by ${patient.name}`, { timeout: 15_000 });
    await expectText(pt.page, `Downloaded by ${patient.name}`, { timeout: 15_000 });
    const after = (await call('doctor', 'recordings_list', { appointment_id: ids.appointment })).recordings[0];
    assert.deepEqual(after.accesses.map((a) => [a.user_id, a.action]), [[ids.patient, 'play'], [ids.patient, 'download']]);
    await clickByRole(dr.page, 'link', /Back/);
    await clickByRole(dr.page, ...L.doctorVisitBlock(patient.name));
    await expectText(dr.page, `Played by ${patient.name}`, { timeout: 15_000 });
    await screenshot(dr.page, 'recordings-doctor');
    await clickByRole(pt.page, ...L.closePlayer);
    await screenshot(pt.page, 'recordings-list');

    // The list at phone size.
    const phone = await newPage(browser, 'phone');
    pages.push(phone);
    await signIn(phone.page, patient);
    await clickByRole(phone.page, ...L.tabVisits);
    await clickByRole(phone.page, ...L.patientVisitRow(doctor.name));
    await expectRole(phone.page, ...L.recordingsHeading, { timeout: 15_000 });
    await phone.page.mouse.wheel(0, 2000);
    await sleep(300);
    await screenshot(phone.page, 'recordings-list');
    await phone.close();

    assert.deepEqual(pt.errors, [], 'uncaught errors in the patient\'s page');
    assert.deepEqual(dr.errors, [], 'uncaught errors in the doctor\'s page');
  } catch (err) {
    const lines = [];
    for (const t of pages) {
      try { await screenshot(t.page, 'FAILED-recording'); } catch { /* gone */ }
      if (t.errors.length) lines.push(`${t.viewport} page errors:\n  ${t.errors.slice(0, 10).join('\n  ')}`);
      if (t.consoleErrors.length) lines.push(`${t.viewport} console errors:\n  ${t.consoleErrors.slice(0, 10).join('\n  ')}`);
    }
    if (lines.length && err && typeof err.message === 'string') err.message += `\n${lines.join('\n')}`;
    throw err;
  } finally {
    await pt.close().catch(() => {});
    await dr.close().catch(() => {});
  }
});
