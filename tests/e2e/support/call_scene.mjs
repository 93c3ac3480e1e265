// A video visit's call, for the call e2e tests and the call set-up benchmark (tests/bench/call_join.mjs):
// the labels the call UI shows, a visit ready to be joined (set up through the protocol), the UI steps
// into the call, and what the pages' peer connections receive.
//
//   const scene = await CallScene.create(server, browser, { patients: 2 });
//   scene.doctor / scene.patients[i]: { name, email, password, id, appointment }
//   await scene.call('doctor', 'call_log', { appointment_id })   // the protocol, as that person
//
// Tests that set up their own people use support/protocol.mjs directly and the UI steps from here.
import { openApp, clickByRole, fillByLabel, expectRole, expectText, describeLayer } from './harness.mjs';
import { ProtocolPage, setUpDoctor, setUpPatient, TEST_PASSWORD } from './protocol.mjs';

export { TEST_PASSWORD };

// ---- Labels the call UI shows (role, accessible name). Keep them here, in one place. ----
export const CALL_LABELS = {
  email: 'E-mail',
  password: 'Password',
  signIn: ['button', 'Sign in'],
  homeHeading: ['heading', /Welcome/],
  tabVisits: ['tab', 'Visits'],
  tabSchedule: ['tab', 'Schedule'],
  calendarView: ['radio', 'Calendar'],  // the Schedule's calendar (requests are the other view)
  // the patient's visit row "<when> · <doctor> (<specialty>) · <status>"; the doctor's calendar block "<hh:mm> <patient>, <status>"
  patientVisitRow: (doctor) => ['button', new RegExp(` · ${escapeRe(doctor)} \\(.*\\) · `)],
  doctorVisitBlock: (patient) => ['button', new RegExp(`^\\d{2}:\\d{2} ${escapeRe(patient)}, `)],
  joinVideoCall: ['button', 'Join video call'],
  precheckHeading: ['heading', 'Before you join'],
  joinTheCall: ['button', 'Join the call'],
  waitingText: 'will let you in',
  admit: (name) => ['button', `Let ${name} in`],
  inCallFor: 'In the call for',
  mute: ['button', 'Mute'],
  unmute: ['button', 'Unmute'],
  cameraOff: ['button', 'Camera off'],
  cameraOn: ['button', 'Camera on'],
  shareScreen: ['button', 'Share screen'],
  leave: ['button', 'Leave'],
  endConsultation: ['button', 'End consultation'],
  endedHeading: ['heading', 'The call has ended'],
};
const L = CALL_LABELS;

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export function escapeRe(t) { return t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); }

export class CallScene {
  /** A verified doctor open all day (UTC, no notice, 15-minute slots) and `patients` patients, each with a confirmed visit starting within 30 minutes. */
  static async create(server, browser, { patients = 1, tag = 'scene' } = {}) {
    const s = new CallScene(server, browser);
    s.proto = await ProtocolPage.open(browser, server.url, 'call-scene');
    const stamp = `${Date.now()}-${Math.random().toString(36).slice(2, 6)}`;
    s.doctor = { name: `Dr. ${tag} Host`, email: `${tag}-doctor-${stamp}@example.test`, password: TEST_PASSWORD };
    s.doctor.id = await setUpDoctor(s.proto, s.doctor);
    s.patients = [];
    for (let i = 0; i < patients; i++) {
      const p = { name: `Pat ${tag} ${i + 1}`, email: `${tag}-patient${i}-${stamp}@example.test`, password: TEST_PASSWORD };
      p.conn = `patient${i}`;
      Object.assign(p, await setUpPatient(s.proto, p.conn, p, s.doctor.id, 'Video call test')); // id, appointment
      s.patients.push(p);
    }
    return s;
  }

  constructor(server, browser) {
    this.server = server;
    this.browser = browser;
  }

  async close() { await this.proto?.close().catch(() => {}); }

  /** One request as `conn`; the response's data, or throws with the error unless `expectError` (then the whole frame). */
  async call(conn, type, data = {}, options = {}) { return this.proto.call(conn, type, data, options); }

  /** Opens a connection named `conn` and says hello. */
  async connect(conn) { await this.proto.connect(conn); }
}

// ---------------------------------------------------------------------------------------------------
// UI steps

export async function signIn(page, url, who) {
  await openApp(page, url);
  await fillByLabel(page, L.email, who.email);
  await fillByLabel(page, L.password, who.password);
  await clickByRole(page, ...L.signIn);
  await expectRole(page, ...L.homeHeading, { timeout: 30_000 });
}

/** The patient opens the visit's pre-call check: Visits → the visit → Join video call. */
export async function patientOpensVisit(page, doctorName) {
  await clickByRole(page, ...L.tabVisits);
  await clickByRole(page, ...L.patientVisitRow(doctorName));
  await clickByRole(page, ...L.joinVideoCall);
  await expectRole(page, ...L.precheckHeading);
}

/** The doctor opens the visit's pre-call check: Schedule → Calendar → the visit → Join video call. */
export async function doctorOpensVisit(page, patientName) {
  await clickByRole(page, ...L.tabSchedule);
  await clickByRole(page, ...L.calendarView);
  await clickByRole(page, ...L.doctorVisitBlock(patientName));
  await clickByRole(page, ...L.joinVideoCall);
  await expectRole(page, ...L.precheckHeading);
}

/** Waits (10 s at most, else throws) until the pre-call check's camera preview shows a frame. */
export async function waitForPreview(page) {
  await page.waitForFunction(() => [...document.querySelectorAll('video')].some((v) => v.videoWidth > 0), null, { timeout: 10_000 });
}

/** From the pre-call check: "Join the call" → the waiting room (as a patient or a guest). */
export async function joinWaitingRoom(page) {
  await clickByRole(page, ...L.joinTheCall);
  await expectText(page, L.waitingText, { timeout: 15_000 });
}

/** From the pre-call check: "Join the call" → in the call (as the doctor). */
export async function enterCall(page) {
  await clickByRole(page, ...L.joinTheCall);
  await expectText(page, L.inCallFor, { timeout: 15_000 });
}

/** The patient's way to the pre-call check: Visits → the visit → Join video call; waits for the camera preview. */
export async function patientToPrecheck(page, doctorName) {
  await patientOpensVisit(page, doctorName);
  await waitForPreview(page);
}

/** The doctor's way in: Schedule → the visit → Join video call → Join the call. */
export async function doctorIntoCall(page, patientName) {
  await doctorOpensVisit(page, patientName);
  await enterCall(page);
}

/** The patient leaves, then the doctor ends the consultation; both see that the call has ended. */
export async function leaveAndEnd(patientPage, doctorPage) {
  await clickByRole(patientPage, ...L.leave);
  await expectRole(patientPage, ...L.endedHeading);
  await clickByRole(doctorPage, ...L.endConsultation);
  await expectRole(doctorPage, ...L.endedHeading);
}

// ---------------------------------------------------------------------------------------------------
// What the page's peer connections receive

/** Inbound video of every peer connection the page holds (found through the rtc layer's handle table). */
export async function inboundVideo(page) {
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

/**
 * Waits until the page decodes remote video on `peers` peer connections (polling every `pollMs`);
 * returns { at: the Date.now() it was first seen, stats: inboundVideo's list }.
 */
export async function waitForDecodedVideo(page, label, { timeout = 20_000, peers = 1, pollMs = 50 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const stats = await inboundVideo(page);
    if (stats.filter((s) => s.framesDecoded > 0).length >= peers) return { at: Date.now(), stats };
    if (Date.now() > deadline) {
      throw new Error(`${label}: decoded remote video on fewer than ${peers} peer connection(s) within ${timeout} ms; ` +
                      `peer connections: ${JSON.stringify(stats)}\nAccessibility layer:\n${await describeLayer(page)}`);
    }
    await sleep(pollMs);
  }
}

/** Bytes and frames of remote video received over `ms`: { kbps, fps }. */
export async function receivedOver(page, ms = 2000) {
  const sum = (l) => l.reduce((a, s) => ({ bytes: a.bytes + s.bytesReceived, frames: a.frames + s.framesDecoded }), { bytes: 0, frames: 0 });
  const a = sum(await inboundVideo(page));
  await sleep(ms);
  const b = sum(await inboundVideo(page));
  return { kbps: ((b.bytes - a.bytes) * 8) / ms, fps: ((b.frames - a.frames) * 1000) / ms };
}

/**
 * Installs in the page (a) a capture-phase pointerdown listener that keeps the wall-clock time of the
 * last press (the harness clicks the canvas with real pointer events), and (b) a 5 ms poll of every peer
 * connection's inbound video that keeps the wall-clock time the first frame was decoded. Wall-clock =
 * performance.timeOrigin + performance.now(), comparable across pages of one machine.
 */
export async function installFrameProbe(page) {
  await page.evaluate(() => {
    const wall = () => performance.timeOrigin + performance.now();
    window.__probe = { pressedAt: 0, firstFrameAt: 0 };
    if (!window.__probeListener) {
      window.__probeListener = true;
      window.addEventListener('pointerdown', () => { window.__probe.pressedAt = wall(); }, { capture: true });
    }
    const poll = async () => {
      if (window.__probe.firstFrameAt) return;
      const R = window.telemedRtc;
      for (let h = 1, seen = 0; R && h < 5000 && seen < R.handles(); h++) {
        const o = R.objectOf(h);
        if (!o) continue;
        seen++;
        if (!(o instanceof RTCPeerConnection) || o.connectionState === 'closed') continue;
        let frames = 0;
        (await o.getStats()).forEach((r) => { if (r.type === 'inbound-rtp' && r.kind === 'video') frames += r.framesDecoded || 0; });
        if (frames > 0) { window.__probe.firstFrameAt = wall(); return; }
      }
      setTimeout(poll, 5);
    };
    poll();
  });
}

export async function readProbe(page) { return page.evaluate(() => ({ ...window.__probe })); }
