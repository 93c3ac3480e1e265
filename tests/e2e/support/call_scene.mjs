// A video visit ready to be joined, set up through the protocol, and the UI steps into its call. Shared by
// the call e2e tests and the call set-up benchmark (tests/bench/call_join.mjs).
//
//   const scene = await CallScene.create(server, browser, { patients: 2 });
//   scene.doctor / scene.patients[i]: { name, email, password, id, appointment }
//   await scene.call('doctor', 'call_log', { appointment_id })   // the protocol, as that person
//
// The protocol is spoken from a throwaway page of the app's origin (the server checks Origin on the
// upgrade), one WebSocket per person.
import assert from 'node:assert/strict';
import { newPage, openApp, clickByRole, fillByLabel, expectRole, expectText } from './harness.mjs';

// ---- Labels the call UI shows (role, accessible name). Keep them here, in one place. ----
export const CALL_LABELS = {
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
  leave: ['button', 'Leave'],
  endConsultation: ['button', 'End consultation'],
  endedHeading: ['heading', 'The call has ended'],
};
const L = CALL_LABELS;

export const TEST_PASSWORD = 'Correct-Horse-Battery-2026';
const ADMIN = { email: 'admin@demo.telemed.test', password: 'Telemed-Demo-2026' };
const CARD = { number: '4242 4242 4242 4242', exp_month: 12, exp_year: 2030, cvc: '123' };

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export function escapeRe(t) { return t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); }

export class CallScene {
  /** A verified doctor open all day (UTC, no notice, 15-minute slots) and `patients` patients, each with a confirmed visit starting within 30 minutes. */
  static async create(server, browser, { patients = 1, tag = 'scene' } = {}) {
    const s = new CallScene(server, browser);
    await s.#openProtocolPage();
    const stamp = `${Date.now()}-${Math.random().toString(36).slice(2, 6)}`;
    s.doctor = { name: `Dr. ${tag} Host`, email: `${tag}-doctor-${stamp}@example.test`, password: TEST_PASSWORD };
    s.doctor.id = await s.#signUp('doctor', s.doctor, 'doctor');
    await s.#openDoctor();
    s.patients = [];
    for (let i = 0; i < patients; i++) {
      const p = { name: `Pat ${tag} ${i + 1}`, email: `${tag}-patient${i}-${stamp}@example.test`, password: TEST_PASSWORD };
      const conn = `patient${i}`;
      p.conn = conn;
      p.id = await s.#signUp(conn, p, 'patient');
      await s.#buyCredits(conn);
      p.appointment = await s.#bookSoon(conn);
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
  async call(conn, type, data = {}, { expectError = false } = {}) {
    const f = await this.proto.page.evaluate(([n, ty, d]) => window.__call(n, ty, d), [conn, type, data]);
    if (expectError) return f;
    if (!f.ok) throw new Error(`${type} failed: ${JSON.stringify(f.error)}`);
    return f.data;
  }

  /** Opens a connection named `conn` and says hello. */
  async connect(conn) {
    await this.proto.page.evaluate((n) => window.__open(n), conn);
    await this.call(conn, 'hello', { protocol: 1, client: 'call-scene' });
  }

  async #openProtocolPage() {
    this.proto = await newPage(this.browser, 'desktop');
    await this.proto.page.goto(`${this.server.url}/healthz`);
    await this.proto.page.evaluate(() => {
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
  }

  async #signUp(conn, who, role) {
    await this.connect(conn);
    const r = await this.call(conn, 'sign_up', { email: who.email, password: who.password, display_name: who.name, role, time_zone: 'UTC' });
    return r.user.id;
  }

  async #openDoctor() {
    const weekly = [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, start_minute: 0, end_minute: 24 * 60 }));
    await this.call('doctor', 'set_availability', {
      availability: { weekly, exceptions: [], slot_minutes: 15, buffer_minutes: 0, min_notice_minutes: 0, horizon_days: 30, auto_confirm: false },
    });
    await this.call('doctor', 'update_doctor_profile', {
      specialty: 'general_practice', bio: 'Answers video calls from tests.', languages: ['English'], years_of_practice: 5,
      licence_number: 'GMC-1234567', licence_region: 'England', price_credits: 2,
    });
    await this.connect('admin');
    await this.call('admin', 'sign_in', ADMIN);
    const decided = await this.call('admin', 'decide_verification', { doctor_id: this.doctor.id, decision: 'verified', reason: '' });
    assert.equal(decided.profile.verification, 'verified');
  }

  async #buyCredits(conn) {
    const { packages } = await this.call(conn, 'list_packages');
    const pkg = packages.reduce((a, b) => (b.credits > a.credits ? b : a));
    await this.call(conn, 'buy_credits', {
      package_id: pkg.id, idempotency_key: `scene-${conn}-${Date.now()}-${Math.random().toString(36).slice(2)}`,
      card: { ...CARD, holder: 'Test Patient' },
    });
  }

  /** Books the first free slot starting within the next 30 minutes (the join window is then open); the doctor confirms. */
  async #bookSoon(conn) {
    const now = Date.now();
    const { slots } = await this.call(conn, 'get_slots', {
      doctor_id: this.doctor.id, from: new Date(now).toISOString(), to: new Date(now + 2 * 3600_000).toISOString(),
    });
    const slot = slots.find((s) => Date.parse(s.starts_at) - now < 30 * 60_000 && Date.parse(s.starts_at) > now - 60_000);
    assert.ok(slot, `a slot within 30 minutes: ${JSON.stringify(slots.slice(0, 4))}`);
    const { appointment } = await this.call(conn, 'book', { doctor_id: this.doctor.id, starts_at: slot.starts_at, concern: 'Video call test' });
    const confirmed = await this.call('doctor', 'appointment_action', { appointment_id: appointment.id, action: 'confirm' });
    assert.equal(confirmed.appointment.status, 'confirmed');
    return appointment.id;
  }
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

/** The patient's way to the pre-call check: Visits → the visit → Join video call; waits for the camera preview. */
export async function patientToPrecheck(page, doctorName) {
  await clickByRole(page, ...L.tabVisits);
  await clickByRole(page, ...L.patientVisitRow(doctorName));
  await clickByRole(page, ...L.joinVideoCall);
  await expectRole(page, ...L.precheckHeading);
  await page.waitForFunction(() => [...document.querySelectorAll('video')].some((v) => v.videoWidth > 0), null, { timeout: 10_000 });
}

/** The doctor's way in: Schedule → the visit → Join video call → Join the call. */
export async function doctorIntoCall(page, patientName) {
  await clickByRole(page, ...L.tabSchedule);
  await clickByRole(page, ...L.doctorVisitBlock(patientName));
  await clickByRole(page, ...L.joinVideoCall);
  await expectRole(page, ...L.precheckHeading);
  await clickByRole(page, ...L.joinTheCall);
  await expectText(page, L.inCallFor, { timeout: 15_000 });
}

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
