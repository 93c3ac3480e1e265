// A video visit's call, for the call e2e tests and the call set-up benchmark (tests/bench/call_join.mjs):
// the labels the call UI shows, a visit ready to be joined (set up through the protocol), the UI steps
// into the call, and what the pages' peer connections receive.
//
//   const scene = await CallScene.create(server, browser, { patients: 2 });
//   scene.doctor / scene.patients[i]: { name, email, password, id, appointment }
//   await scene.call('doctor', 'call_log', { appointment_id })   // the protocol, as that person
//
// Tests that set up their own people use support/protocol.mjs directly and the UI steps from here.
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
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
  endForEveryone: ['button', 'End for everyone'],  // the question "End the consultation for everyone?"
  endedHeading: ['heading', 'The call has ended'],
  leftHeading: ['heading', 'You left the call'],     // leaving is not ending: "Rejoin the call" is offered
  rejoin: ['button', 'Rejoin the call'],
  openPanel: ['button', /^Chat and people/],         // the side panel (desktop) or sheet (phone)
  closeSheet: ['button', 'Close'],
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

/** The doctor presses "End consultation" and answers "End for everyone" (ending cannot be undone). */
export async function endConsultation(doctorPage) {
  await clickByRole(doctorPage, ...L.endConsultation);
  await clickByRole(doctorPage, ...L.endForEveryone);
}

/** Opens the call's side panel (people, chat, notes) unless it is open: closed on phones and narrow screens. */
export async function openCallPanel(page) {
  const open = await page.getByRole('button', { name: L.openPanel[1] }).count();
  if (open) await clickByRole(page, ...L.openPanel);
}

/** The patient leaves (and is offered to rejoin), then the doctor ends the consultation for everyone. */
export async function leaveAndEnd(patientPage, doctorPage) {
  await clickByRole(patientPage, ...L.leave);
  await expectRole(patientPage, ...L.leftHeading);
  await expectRole(patientPage, ...L.rejoin);
  await endConsultation(doctorPage);
  await expectRole(doctorPage, ...L.endedHeading);
}

// ---------------------------------------------------------------------------------------------------
// The stage

/** The call's <video> elements on screen (largest first) and the viewport: { vw, vh, videos: [{x, y, w, h, fit, mirrored}] }. */
export async function stageGeometry(page) {
  return page.evaluate(() => {
    const videos = [...document.querySelectorAll('#media-layer > video')].filter((v) => !v.hidden).map((v) => {
      const r = v.getBoundingClientRect();
      const cs = getComputedStyle(v);
      return { x: r.x, y: r.y, w: r.width, h: r.height, fit: cs.objectFit, mirrored: cs.transform !== 'none' };
    });
    videos.sort((a, b) => b.w * b.h - a.w * a.h);
    return { vw: innerWidth, vh: innerHeight, videos };
  });
}

/** The mean colour [r, g, b] of the 6×6 CSS px around (x, y) in a screenshot of the page: what a person sees there. */
export async function colourAt(page, x, y) {
  const { width, height, channels, pixels } = decodePng(await page.screenshot({ clip: { x: x - 3, y: y - 3, width: 6, height: 6 } }));
  const sum = [0, 0, 0];
  for (let i = 0; i < width * height; i++) for (let k = 0; k < 3; k++) sum[k] += pixels[i * channels + k];
  return sum.map((v) => Math.round(v / (width * height)));
}

/** Playwright's screenshots: 8-bit RGB or RGBA, not interlaced. Returns { width, height, channels, pixels }. */
function decodePng(png) {
  let at = 8, width = 0, height = 0, channels = 0;
  const idat = [];
  while (at < png.length) {
    const len = png.readUInt32BE(at), type = png.toString('latin1', at + 4, at + 8), data = png.subarray(at + 8, at + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0); height = data.readUInt32BE(4);
      assert.equal(data[8], 8, '8-bit PNG');
      channels = { 2: 3, 6: 4 }[data[9]];
      assert.ok(channels && data[12] === 0, `RGB(A), not interlaced: colour type ${data[9]}`);
    } else if (type === 'IDAT') idat.push(data);
    at += 12 + len;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * channels, pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let i = 0; i < stride; i++) {
      const v = raw[y * (stride + 1) + 1 + i];
      const a = i >= channels ? pixels[y * stride + i - channels] : 0, b = y > 0 ? pixels[(y - 1) * stride + i] : 0;
      const c = i >= channels && y > 0 ? pixels[(y - 1) * stride + i - channels] : 0;
      const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
      const predictor = [0, a, b, (a + b) >> 1, pa <= pb && pa <= pc ? a : pb <= pc ? b : c][filter];
      pixels[y * stride + i] = (v + predictor) & 0xff;
    }
  }
  return { width, height, channels, pixels };
}

export const STAGE_COLOUR = [0x0b, 0x10, 0x18];  // the dark stage (shell/style.css, call.cpp kStage)
export const NO_PICTURE_COLOUR = [0x1e, 0x29, 0x3b];  // a tile showing initials instead of video
export const PAGE_COLOUR = [0xf4, 0xf7, 0xfa];  // the page under the canvas (shell/style.css, light theme)
export function near(a, b, tolerance = 12) { return a.every((v, i) => Math.abs(v - b[i]) <= tolerance); }

/** Moves the mouse over the stage so the desktop's floating controls show (they fade after 3 s at rest). */
export async function wakeControls(page) {
  const v = page.viewportSize();
  await page.mouse.move(v.width * 0.3, v.height * 0.5);
  await page.mouse.move(v.width * 0.3 + 5, v.height * 0.5 + 5);
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
