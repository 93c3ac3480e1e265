// Video calls under changing devices and networks, ONE real server, a patient and a doctor in two
// browser contexts with Chromium's fake camera and microphone (set-up through the protocol, as in
// call.test.mjs, which has the rest of the call flow).
//   - device pickers: the in-call "Change camera or microphone" lists the devices; choosing the listed
//     camera again captures it anew and replaceTrack()s it: the far side keeps decoding new frames;
//   - audio only by hand: the notice shows, what the far side receives drops, "Turn video back on"
//     brings it back;
//   - a network drop: the doctor's browser context goes offline for ~5 s. Chromium's offline emulation
//     (context.setOffline) does NOT close an open WebSocket here (checked: readyState stays OPEN; only
//     new connections fail and the page gets the `offline`/`online` events). The client therefore
//     listens to those events itself (platform::network_online): offline drops the socket at once and
//     shows "Reconnecting…"; online retries at once, resumes the session, rejoins the call and restarts
//     ICE from the offering side. Loopback WebRTC media is not cut by the emulation, so the test asserts
//     what matters without any click: "Reconnecting…" was shown, both sides are in the call again and
//     both decode NEW frames on the connections made after the rejoin.
//   - screenshots of the in-call screen with the device lists open and with audio only on.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
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
  changeDevices: ['link', 'Change camera or microphone'],
  anyCamera: ['radio', /^Camera: /],
  anyMicrophone: ['radio', /^Microphone: /],
  audioOnly: ['button', 'Audio only'],
  audioOnlyNotice: 'Audio only — you are not sending video',
  videoBack: ['button', 'Turn video back on'],
  reconnecting: 'Reconnecting…',
  participantReconnecting: (name) => `${name} — reconnecting…`,
  leave: ['button', 'Leave'],
  endConsultation: ['button', 'End consultation'],
  endedHeading: ['heading', 'The call has ended'],
};

const PASSWORD = 'Correct-Horse-Battery-2026';
const ADMIN = { email: 'admin@demo.telemed.test', password: 'Telemed-Demo-2026' };
const stamp = Date.now();
const doctor = { name: 'Dr. Media Test', email: `media-doctor-${stamp}@example.test`, password: PASSWORD };
const patient = { name: 'Media Patient', email: `media-patient-${stamp}@example.test`, password: PASSWORD };
const patient2 = { name: 'Offline Patient', email: `media-offline-${stamp}@example.test`, password: PASSWORD };
const CARD = { number: '4242 4242 4242 4242', exp_month: 12, exp_year: 2030, cvc: '123' };

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const escapeRe = (t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

let server;
let browser;
let proto;
const ids = {};
const findings = [];
function note(line) { findings.push(line); console.log(`# ${line}`); }

// ---- the protocol from a page of the app's origin ----
async function openProtocolPage() {
  const t = await newPage(browser, 'desktop');
  await t.page.goto(`${server.url}/healthz`);
  await t.page.evaluate(() => {
    window.__conns = {};
    window.__open = (name) => new Promise((resolve, reject) => {
      const ws = new WebSocket(`${location.origin.replace(/^http/, 'ws')}/ws`);
      const c = { ws, next: 1, waiting: new Map() };
      ws.onmessage = (m) => {
        const f = JSON.parse(m.data);
        if (f.event) return;
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
  await call(name, 'hello', { protocol: 1, client: 'call_media.test' });
}
async function call(name, type, data = {}) {
  const f = await proto.page.evaluate(([n, ty, d]) => window.__call(n, ty, d), [name, type, data]);
  if (!f.ok) throw new Error(`${type} failed: ${JSON.stringify(f.error)}`);
  return f.data;
}
async function signUp(conn, who, role) {
  await connect(conn);
  return (await call(conn, 'sign_up', { email: who.email, password: who.password, display_name: who.name, role, time_zone: 'UTC' })).user.id;
}
async function bookSoon(conn) {
  const { packages } = await call(conn, 'list_packages');
  const pkg = packages.reduce((a, b) => (b.credits > a.credits ? b : a));
  await call(conn, 'buy_credits', { package_id: pkg.id, idempotency_key: `media-${conn}-${Date.now()}`, card: { ...CARD, holder: 'Test' } });
  const now = Date.now();
  const { slots } = await call(conn, 'get_slots', { doctor_id: ids.doctor, from: new Date(now).toISOString(), to: new Date(now + 2 * 3600_000).toISOString() });
  const slot = slots.find((s) => Date.parse(s.starts_at) - now < 30 * 60_000 && Date.parse(s.starts_at) > now - 60_000);
  assert.ok(slot, `a slot within 30 minutes: ${JSON.stringify(slots.slice(0, 4))}`);
  const { appointment } = await call(conn, 'book', { doctor_id: ids.doctor, starts_at: slot.starts_at, concern: 'Media e2e' });
  await call('doctor', 'appointment_action', { appointment_id: appointment.id, action: 'confirm' });
  return appointment.id;
}
async function setUp() {
  ids.doctor = await signUp('doctor', doctor, 'doctor');
  const weekly = [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, start_minute: 0, end_minute: 24 * 60 }));
  await call('doctor', 'set_availability', {
    availability: { weekly, exceptions: [], slot_minutes: 15, buffer_minutes: 0, min_notice_minutes: 0, horizon_days: 30, auto_confirm: false },
  });
  await call('doctor', 'update_doctor_profile', {
    specialty: 'general_practice', bio: 'Answers video calls from tests.', languages: ['English'], years_of_practice: 5,
    licence_number: 'GMC-7654321', licence_region: 'England', price_credits: 2,
  });
  await connect('admin');
  await call('admin', 'sign_in', ADMIN);
  await call('admin', 'decide_verification', { doctor_id: ids.doctor, decision: 'verified', reason: '' });
  ids.patient = await signUp('patient', patient, 'patient');
  ids.appointment = await bookSoon('patient');
  ids.patient2 = await signUp('patient2', patient2, 'patient');
  ids.appointment2 = await bookSoon('patient2');
}

// ---- the app ----
async function signIn(page, who) {
  await openApp(page, server.url);
  await fillByLabel(page, L.email, who.email);
  await fillByLabel(page, L.password, who.password);
  await clickByRole(page, ...L.signIn);
  await expectRole(page, ...L.homeHeading, { timeout: 30_000 });
}

/** Inbound video of every live peer connection the page holds. */
async function inboundVideo(page) {
  return page.evaluate(async () => {
    const R = window.telemedRtc;
    const out = [];
    for (let h = 1, seen = 0; h < 5000 && seen < R.handles(); h++) {
      const o = R.objectOf(h);
      if (!o) continue;
      seen++;
      if (!(o instanceof RTCPeerConnection)) continue;
      const s = { handle: h, state: o.connectionState, framesDecoded: 0, bytesReceived: 0 };
      (await o.getStats()).forEach((r) => {
        if (r.type === 'inbound-rtp' && r.kind === 'video') { s.framesDecoded += r.framesDecoded || 0; s.bytesReceived += r.bytesReceived || 0; }
      });
      out.push(s);
    }
    return out;
  });
}
async function receivedOver(page, ms = 2000) {
  const sum = (l) => l.reduce((a, s) => ({ bytes: a.bytes + s.bytesReceived, frames: a.frames + s.framesDecoded }), { bytes: 0, frames: 0 });
  const a = sum(await inboundVideo(page));
  await sleep(ms);
  const b = sum(await inboundVideo(page));
  return { kbps: ((b.bytes - a.bytes) * 8) / ms, fps: ((b.frames - a.frames) * 1000) / ms };
}
async function waitForDecoded(page, label, { timeout = 20_000, minFps = 1 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const r = await receivedOver(page, 1000);
    if (r.fps >= minFps) return r;
    if (Date.now() > deadline) {
      throw new Error(`${label}: no new decoded frames within ${timeout} ms: ${JSON.stringify(await inboundVideo(page))}\n${await describeLayer(page)}`);
    }
  }
}

/** The pre-call preview shows the camera (a person looks before pressing Join). */
async function previewShown(page) {
  await page.waitForFunction(() => [...document.querySelectorAll('video')].some((v) => v.videoWidth > 0), null, { timeout: 10_000 })
    .catch(() => note('pre-call: no <video> with a frame within 10 s'));
}

/** Both sides into the call: patient to the waiting room, doctor joins and admits; both decode. */
async function meet(pt, dr, who) {
  await Promise.all([signIn(pt.page, who), signIn(dr.page, doctor)]);
  await clickByRole(pt.page, ...L.tabVisits);
  await clickByRole(pt.page, ...L.patientVisitRow(doctor.name));
  await clickByRole(pt.page, ...L.joinVideoCall);
  await expectRole(pt.page, ...L.precheckHeading);
  await previewShown(pt.page);
  await clickByRole(pt.page, ...L.joinTheCall);
  await expectText(pt.page, L.waitingText, { timeout: 15_000 });
  await clickByRole(dr.page, ...L.tabSchedule);
  await clickByRole(dr.page, ...L.doctorVisitBlock(who.name));
  await clickByRole(dr.page, ...L.joinVideoCall);
  await expectRole(dr.page, ...L.precheckHeading);
  await previewShown(dr.page);
  await clickByRole(dr.page, ...L.joinTheCall);
  await expectText(dr.page, L.inCallFor, { timeout: 15_000 });
  await clickByRole(dr.page, ...L.admit(who.name), { timeout: 15_000 });
  await Promise.all([waitForDecoded(pt.page, 'patient'), waitForDecoded(dr.page, 'doctor')]);
  await expectText(pt.page, L.inCallFor);
}

async function finish(pt, dr) {
  await clickByRole(pt.page, ...L.leave);
  await expectRole(pt.page, ...L.endedHeading);
  await clickByRole(dr.page, ...L.endConsultation);
  await expectRole(dr.page, ...L.endedHeading);
}

async function failureDetails(pages, name) {
  const lines = [];
  for (const [i, t] of pages.entries()) {
    try { await screenshot(t.page, `FAILED-${name}-${i === 0 ? 'patient' : 'doctor'}`); } catch { /* gone */ }
    if (t.errors.length) lines.push(`${t.viewport} page errors:\n  ${t.errors.slice(0, 10).join('\n  ')}`);
    if (t.consoleErrors.length) lines.push(`${t.viewport} console errors:\n  ${t.consoleErrors.slice(0, 10).join('\n  ')}`);
  }
  return lines.join('\n');
}

before(async () => {
  server = await startServer({ name: 'call-media-server' });
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

test('devices switch without renegotiation; audio only by hand lowers what the far side receives', { timeout: 150_000 }, async () => {
  const pt = await newPage(browser, 'desktop');
  const dr = await newPage(browser, 'desktop');
  try {
    await meet(pt, dr, patient);

    // The device lists, then the listed camera chosen again: a new capture, replaceTrack on the connection.
    await screenshot(pt.page, 'call-media-before-devices');
    await clickByRole(pt.page, ...L.changeDevices);
    await expectRole(pt.page, ...L.anyCamera);
    await expectRole(pt.page, ...L.anyMicrophone);
    const names = await pt.page.evaluate(() => [...document.querySelectorAll('[role=radio]')].map((e) => e.getAttribute('aria-label')));
    note(`devices listed: ${JSON.stringify(names)}`);
    const trackBefore = await pt.page.evaluate(() => {
      const R = window.telemedRtc;
      for (let h = 1; h < 5000; h++) {
        const o = R.objectOf(h);
        if (o instanceof RTCPeerConnection) return o.getSenders().map((s) => s.track && s.track.id);
      }
      return [];
    });
    await clickByRole(pt.page, ...L.anyCamera);
    await sleep(2500);
    const trackAfter = await pt.page.evaluate(() => {
      const R = window.telemedRtc;
      for (let h = 1; h < 5000; h++) {
        const o = R.objectOf(h);
        if (o instanceof RTCPeerConnection) return { tracks: o.getSenders().map((s) => s.track && s.track.id), state: o.connectionState, signaling: o.signalingState };
      }
      return null;
    });
    note(`patient's senders before the switch ${JSON.stringify(trackBefore)}, after ${JSON.stringify(trackAfter)}`);
    assert.ok(trackAfter && trackAfter.state === 'connected', `the connection survives the switch: ${JSON.stringify(trackAfter)}`);
    assert.notDeepEqual(trackAfter.tracks, trackBefore, 'a new camera track is sent');
    const afterSwitch = await waitForDecoded(dr.page, 'doctor after the camera switch');
    note(`after choosing the camera again the doctor decodes ${afterSwitch.fps.toFixed(1)} fps (${afterSwitch.kbps.toFixed(0)} kbps)`);
    assert.equal((await inboundVideo(dr.page)).length, 1, 'still one connection on the doctor\'s side (no new offer)');
    await screenshot(pt.page, 'call-devices');

    // Audio only by hand.
    await sleep(1000);
    const before = await receivedOver(dr.page);
    await clickByRole(pt.page, ...L.audioOnly);
    await expectText(pt.page, L.audioOnlyNotice);
    await expectText(dr.page, `${patient.name} — in the call, camera off`);
    await sleep(2000);
    const during = await receivedOver(dr.page);
    note(`doctor receives ${before.kbps.toFixed(0)} kbps / ${before.fps.toFixed(1)} fps with video, ` +
         `${during.kbps.toFixed(0)} kbps / ${during.fps.toFixed(1)} fps with the patient on audio only`);
    assert.ok(before.kbps > 50, `video flows before (${before.kbps.toFixed(1)} kbps)`);
    assert.ok(during.kbps < before.kbps / 4 && during.fps < 1, `audio only stops the video (${JSON.stringify({ before, during })})`);
    await screenshot(pt.page, 'call-audio-only');
    await clickByRole(pt.page, ...L.videoBack);
    await expectRole(pt.page, ...L.audioOnly);
    const back = await waitForDecoded(dr.page, 'doctor after video back on', { minFps: 5 });
    note(`video back on: the doctor decodes ${back.fps.toFixed(1)} fps again`);

    await finish(pt, dr);
    assert.deepEqual(pt.errors, [], 'uncaught errors in the patient\'s page');
    assert.deepEqual(dr.errors, [], 'uncaught errors in the doctor\'s page');
  } catch (err) {
    const extra = await failureDetails([pt, dr], 'call-media');
    if (extra && err && typeof err.message === 'string') err.message += `\n${extra}`;
    throw err;
  } finally {
    await pt.close().catch(() => {});
    await dr.close().catch(() => {});
  }
});

test('offline for five seconds mid-call: Reconnecting…, then the call recovers with no click', { timeout: 150_000 }, async () => {
  const pt = await newPage(browser, 'desktop');
  const dr = await newPage(browser, 'desktop');
  try {
    await meet(pt, dr, patient2);
    const handlesBefore = (await inboundVideo(dr.page)).map((s) => s.handle);

    // The doctor (the lower user id: the side that offers) drops off the network.
    const offAt = Date.now();
    await dr.context.setOffline(true);
    await expectText(dr.page, L.reconnecting, { timeout: 5_000 });
    await dr.page.mouse.move(700, 450);
    await dr.page.mouse.wheel(0, -3000);  // the top of the call screen, where "Reconnecting…" shows
    await sleep(400);
    await screenshot(dr.page, 'call-reconnecting');
    await expectText(pt.page, L.participantReconnecting(doctor.name), { timeout: 10_000 });
    await sleep(Math.max(0, 5000 - (Date.now() - offAt)));
    const onAt = Date.now();
    await dr.context.setOffline(false);

    // No clicks from here on.
    await expectText(dr.page, L.inCallFor, { timeout: 20_000 });
    const [drBack, ptBack] = await Promise.all([
      waitForDecoded(dr.page, 'doctor after the drop', { timeout: 30_000 }),
      waitForDecoded(pt.page, 'patient after the drop', { timeout: 30_000 }),
    ]);
    note(`back online -> both decode again within ${Date.now() - onAt} ms (doctor ${drBack.fps.toFixed(1)} fps, patient ${ptBack.fps.toFixed(1)} fps)`);
    const after = await inboundVideo(dr.page);
    assert.equal(after.length, 1, `one connection on the doctor's side after the rejoin: ${JSON.stringify(after)}`);
    note(`doctor's connection handle before the drop ${JSON.stringify(handlesBefore)}, after ${after[0].handle} (${after[0].state})`);
    await expectText(pt.page, `${doctor.name} — in the call`);
    for (const [t, who] of [[dr, 'doctor'], [pt, 'patient']]) {
      const shown = await t.page.evaluate(() => document.body.innerText.includes('Reconnecting…'));
      assert.equal(shown, false, `${who} no longer shows Reconnecting…`);
    }
    await finish(pt, dr);
    assert.deepEqual(pt.errors, [], 'uncaught errors in the patient\'s page');
    assert.deepEqual(dr.errors, [], 'uncaught errors in the doctor\'s page');
  } catch (err) {
    const extra = await failureDetails([pt, dr], 'call-offline');
    if (extra && err && typeof err.message === 'string') err.message += `\n${extra}`;
    throw err;
  } finally {
    await pt.close().catch(() => {});
    await dr.close().catch(() => {});
  }
});
