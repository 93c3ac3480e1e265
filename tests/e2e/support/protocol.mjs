// The server's protocol, spoken by the e2e tests to set things up (and to check what the server kept),
// without going through the UI: people signing up, a verified doctor open all day, credits, a visit booked
// within the join window.
//
//   const env = serverSuite({ name: 'call-server', client: 'call.test', setUp });  // env.server, env.browser, env.proto
//   async function setUp({ proto }) {
//     const doctorId = await setUpDoctor(proto, doctor);            // connection 'doctor' (and 'admin')
//     const { id, appointment } = await setUpPatient(proto, 'patient', patient, doctorId);
//   }
//   await env.proto.call('doctor', 'call_log', { appointment_id });  // in a test
//
// The protocol is spoken from a throwaway page of the app's origin (the server checks Origin on the
// WebSocket upgrade), one WebSocket per named connection.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage } from './harness.mjs';

export const TEST_PASSWORD = 'Correct-Horse-Battery-2026';
export const ADMIN = { email: 'admin@demo.telemed.test', password: 'Telemed-Demo-2026' };
export const CARD = { number: '4242 4242 4242 4242', exp_month: 12, exp_year: 2030, cvc: '123' };

/** The doctor profile set-up gives; a test may override fields (bio, licence_number, …). */
const DOCTOR_PROFILE = {
  specialty: 'general_practice', bio: 'Answers video calls from tests.', languages: ['English'], years_of_practice: 5,
  licence_number: 'GMC-1234567', licence_region: 'England', price_credits: 2,
};

export class ProtocolPage {
  /** Opens the throwaway page at `url` (the server's origin); `client` is what hello says. */
  static async open(browser, url, client) {
    const t = await newPage(browser, 'desktop');
    await t.page.goto(`${url}/healthz`);
    await t.page.evaluate(installProtocolClient);
    return new ProtocolPage(t, client);
  }

  constructor(t, client) {
    this.t = t;
    this.page = t.page;
    this.client = client;
  }

  async close() { await this.t.close(); }

  /** Opens a connection named `conn` and says hello. */
  async connect(conn) {
    await this.page.evaluate((n) => window.__open(n), conn);
    await this.call(conn, 'hello', { protocol: 1, client: this.client });
  }

  /** One request as `conn`; the response's data, or throws with the error unless `expectError` (then the whole frame). */
  async call(conn, type, data = {}, { expectError = false } = {}) {
    const f = await this.page.evaluate(([n, ty, d]) => window.__call(n, ty, d), [conn, type, data]);
    if (expectError) return f;
    if (!f.ok) throw new Error(`${type} failed: ${JSON.stringify(f.error)}`);
    return f.data;
  }
}

/** Runs in the page: window.__open(name) opens a WebSocket, window.__call(name, type, data) sends a request and resolves with its reply frame. */
function installProtocolClient() {
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
}

/**
 * A test file's server: registers node:test hooks that, before the file's tests, start a real server
 * (fresh data dir, named `name`), a browser and a ProtocolPage, then run `setUp(env)`; and after them run
 * `atEnd()` and stop all three (`serverArgs`: extra server options). Returns env, whose server, browser and
 * proto are there once started.
 */
export function serverSuite({ name, client, setUp = async () => {}, atEnd = () => {}, serverArgs = [] }) {
  const env = {};
  before(async () => {
    env.server = await startServer({ name, args: serverArgs });
    env.browser = await launchBrowser();
    env.proto = await ProtocolPage.open(env.browser, env.server.url, client);
    await setUp(env);
  });
  after(async () => {
    atEnd();
    await env.proto?.close().catch(() => {});
    await env.browser?.close();
    await env.server?.stop();
  });
  return env;
}

// ---------------------------------------------------------------------------------------------------
// Set-up steps

/** Opens connection `conn` and signs `who` ({ name, email, password }) up as `role` (UTC); the new user's id. */
export async function signUp(proto, conn, who, role) {
  await proto.connect(conn);
  const r = await proto.call(conn, 'sign_up', { email: who.email, password: who.password, display_name: who.name, role, time_zone: 'UTC' });
  return r.user.id;
}

/**
 * Signs `who` up as a doctor on connection 'doctor': UTC, open all day every day, no notice, 15-minute
 * slots, the profile (DOCTOR_PROFILE with `profile`'s fields over it), verified by the demo administrator
 * (connection 'admin'). The doctor's id.
 */
export async function setUpDoctor(proto, who, profile = {}) {
  const doctorId = await signUp(proto, 'doctor', who, 'doctor');
  const weekly = [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, start_minute: 0, end_minute: 24 * 60 }));
  await proto.call('doctor', 'set_availability', {
    availability: { weekly, exceptions: [], slot_minutes: 15, buffer_minutes: 0, min_notice_minutes: 0, horizon_days: 30, auto_confirm: false },
  });
  await proto.call('doctor', 'update_doctor_profile', { ...DOCTOR_PROFILE, ...profile });
  await proto.connect('admin');
  await proto.call('admin', 'sign_in', ADMIN);
  const decided = await proto.call('admin', 'decide_verification', { doctor_id: doctorId, decision: 'verified', reason: '' });
  assert.equal(decided.profile.verification, 'verified');
  return doctorId;
}

/** Buys the largest credit package as `conn`, with the test card. */
export async function buyCredits(proto, conn) {
  const { packages } = await proto.call(conn, 'list_packages');
  const pkg = packages.reduce((a, b) => (b.credits > a.credits ? b : a));
  await proto.call(conn, 'buy_credits', {
    package_id: pkg.id, idempotency_key: `e2e-${conn}-${Date.now()}-${Math.random().toString(36).slice(2)}`,
    card: { ...CARD, holder: 'Test Patient' },
  });
}

/** Books, as `conn`, the doctor's first free slot starting within the next 30 minutes (the join window is then open); the doctor confirms. The appointment's id. */
export async function bookSoon(proto, conn, doctorId, concern) {
  const now = Date.now();
  const { slots } = await proto.call(conn, 'get_slots', {
    doctor_id: doctorId, from: new Date(now).toISOString(), to: new Date(now + 2 * 3600_000).toISOString(),
  });
  const slot = slots.find((s) => Date.parse(s.starts_at) - now < 30 * 60_000 && Date.parse(s.starts_at) > now - 60_000);
  assert.ok(slot, `a slot within 30 minutes: ${JSON.stringify(slots.slice(0, 4))}`);
  const { appointment } = await proto.call(conn, 'book', { doctor_id: doctorId, starts_at: slot.starts_at, concern });
  const confirmed = await proto.call('doctor', 'appointment_action', { appointment_id: appointment.id, action: 'confirm' });
  assert.equal(confirmed.appointment.status, 'confirmed');
  return appointment.id;
}

/** A patient with a confirmed visit with the doctor inside its join window: sign-up, credits, booking. { id, appointment }. */
export async function setUpPatient(proto, conn, who, doctorId, concern = 'Video call e2e') {
  const id = await signUp(proto, conn, who, 'patient');
  await buyCredits(proto, conn);
  const appointment = await bookSoon(proto, conn, doctorId, concern);
  return { id, appointment };
}
