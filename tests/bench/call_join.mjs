// Call set-up through the app and the server, beside the browser-only baseline in the same run.
//
// A real telemed-server (release build when there is one) and one headless Chromium with fake camera and
// microphone. The doctor signs in and stays in the visit's call; for each run the patient page is
// reloaded (the session resumes), goes to the visit's pre-call check, waits for its camera preview, and
// clicks "Join the call"; the doctor admits as soon as "Let <patient> in" appears (a bot: human reaction
// time is not the app's). Measured per run, on the machine's wall clock shared by both pages:
//   - join click → the patient's first decoded remote frame (waiting room and admission included),
//   - admit click → the patient's first decoded remote frame,
//   - admit click → the doctor's first decoded remote frame;
// then the patient leaves. The baseline (tests/bench/call_baseline.mjs: two RTCPeerConnections wired
// inside one page, no server, getUserMedia included) runs as many times in the same browser.
// Frames are seen by a 5 ms getStats poll in each page. Prints p50/p95/min/max; asserts nothing.
//
//   node tests/bench/call_join.mjs [--runs 20] [--trace]   (--trace: each run's WebSocket timeline)
import { parseArgs, launchBrowser, newPage, fmt, table, startAppServer } from './bench_common.mjs';
import { measureBaseline, percentile } from './call_baseline.mjs';
import {
  CallScene, CALL_LABELS as L, signIn, patientToPrecheck, doctorIntoCall, installFrameProbe, readProbe, sleep,
} from '../e2e/support/call_scene.mjs';
import { clickByRole, expectRole, expectText } from '../e2e/support/harness.mjs';

const args = parseArgs(process.argv.slice(2), { runs: 20, trace: false });

const server = await startAppServer({ name: 'bench-call-join' });
if (!server.real) {
  console.log('call join benchmark: needs telemed-server (build/native-release or build/native-debug); not built');
  await server.stop();
  process.exit(1);
}
const browser = await launchBrowser();
const scene = await CallScene.create(server, browser, { tag: 'bench' });
const patient = scene.patients[0];
const dr = await newPage(browser, 'desktop');
const pt = await newPage(browser, 'desktop');

// --trace: every WebSocket frame of both pages with its time relative to the run's join click.
let timeline = [];
function traceSockets(t, who) {
  t.page.on('websocket', (ws) => {
    const note = (dir) => (f) => {
      let m = {};
      try { m = JSON.parse(f.payload); } catch { /* binary */ }
      const what = m.type || m.event || (m.id !== undefined ? `reply ${m.id}${m.ok === false ? ' ' + m.error?.code : ''}` : '?');
      const kind = m.data?.kind ? ` ${m.data.kind}` : '';
      timeline.push({ at: Date.now(), line: `${who} ${dir} ${what}${kind}` });
    };
    ws.on('framesent', note('→'));
    ws.on('framereceived', note('←'));
  });
}
if (args.trace) { traceSockets(dr, 'doctor '); traceSockets(pt, 'patient'); }

// Time each page's main thread spends drawing (requestAnimationFrame callbacks: the app's frame loop),
// from the last reset: on software GL a frame costs tens of milliseconds, and WebRTC's callbacks queue
// behind it.
async function resetDrawMeter(page) {
  await page.evaluate(() => {
    if (!window.__drawMeter) {
      window.__drawMeter = { ms: 0, frames: 0 };
      const raf = window.requestAnimationFrame.bind(window);
      window.requestAnimationFrame = (cb) => raf((ts) => {
        const t0 = performance.now();
        try { return cb(ts); } finally { window.__drawMeter.ms += performance.now() - t0; window.__drawMeter.frames++; }
      });
    }
    window.__drawMeter.ms = 0;
    window.__drawMeter.frames = 0;
  });
}
const readDrawMeter = (page) => page.evaluate(() => ({ ...window.__drawMeter }));

async function waitFor(page, what, key, timeout = 20_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const p = await readProbe(page);
    if (p[key]) return p;
    if (Date.now() > deadline) {
      const pcs = await page.evaluate(() => {
        const R = window.telemedRtc, out = [];
        for (let h = 1; h < 5000; h++) {
          const o = R.objectOf(h);
          if (o instanceof RTCPeerConnection) out.push({ h, conn: o.connectionState, ice: o.iceConnectionState, sig: o.signalingState });
        }
        return out;
      });
      throw new Error(`${what}: no decoded remote frame within ${timeout} ms; peer connections ${JSON.stringify(pcs)}`);
    }
    await sleep(20);
  }
}

const runs = [];
try {
  await Promise.all([signIn(dr.page, server.url, scene.doctor), signIn(pt.page, server.url, patient)]);
  await doctorIntoCall(dr.page, patient.name);
  for (let i = 0; i < args.runs; i++) {
    if (i > 0) {
      await pt.page.reload();
      await expectRole(pt.page, ...L.homeHeading, { timeout: 30_000 });
    }
    await patientToPrecheck(pt.page, scene.doctor.name);
    await sleep(300); // the preview settles; the doctor's side has dropped the last run's peer
    await Promise.all([installFrameProbe(pt.page), installFrameProbe(dr.page), resetDrawMeter(pt.page), resetDrawMeter(dr.page)]);
    await clickByRole(pt.page, ...L.joinTheCall);
    await clickByRole(dr.page, ...L.admit(patient.name), { timeout: 20_000 });
    let p, d;
    try {
      [p, d] = await Promise.all([waitFor(pt.page, 'patient', 'firstFrameAt'), waitFor(dr.page, 'doctor', 'firstFrameAt')]);
    } catch (err) {
      const pressed = (await readProbe(pt.page)).pressedAt;
      for (const e of timeline) if (e.at >= pressed - 50) console.log(`  ${fmt(e.at - pressed, 0).padStart(6)} ms  ${e.line}`);
      console.log(`doctor page says: ${(await dr.page.locator('body').innerText().catch(() => '')).slice(0, 600)}`);
      throw err;
    }
    const [pDraw, dDraw] = await Promise.all([readDrawMeter(pt.page), readDrawMeter(dr.page)]);
    runs.push({
      joinToPatientFrame: p.firstFrameAt - p.pressedAt,
      admitToPatientFrame: p.firstFrameAt - d.pressedAt,
      admitToDoctorFrame: d.firstFrameAt - d.pressedAt,
      waiting: d.pressedAt - p.pressedAt,
      patientDrawMs: pDraw.ms, patientFrames: pDraw.frames, doctorDrawMs: dDraw.ms, doctorFrames: dDraw.frames,
    });
    process.stdout.write(`run ${i + 1}: join → patient frame ${fmt(runs.at(-1).joinToPatientFrame, 0)} ms\n`);
    if (args.trace) {
      for (const e of timeline) if (e.at >= p.pressedAt - 50) console.log(`  ${fmt(e.at - p.pressedAt, 0).padStart(6)} ms  ${e.line}`);
      console.log(`  ${fmt(d.pressedAt - p.pressedAt, 0).padStart(6)} ms  doctor clicks admit`);
      console.log(`  ${fmt(p.firstFrameAt - p.pressedAt, 0).padStart(6)} ms  patient decodes; doctor at ${fmt(d.firstFrameAt - p.pressedAt, 0)} ms`);
      timeline = [];
    }
    await expectText(pt.page, L.inCallFor);
    await clickByRole(pt.page, ...L.leave);
    await expectRole(pt.page, ...L.endedHeading);
  }
} finally {
  await pt.close().catch(() => {});
  await dr.close().catch(() => {});
  await scene.close();
}

const baseline = await measureBaseline(browser, args.runs);
const version = browser.version();
await browser.close();
await server.stop();

const row = (label, v) => [label, fmt(percentile(v, 50)), fmt(percentile(v, 95)), fmt(Math.min(...v)), fmt(Math.max(...v))];
console.log(`\ncall set-up: Chromium ${version}, headless, fake camera+mic, ${server.kind}, ${runs.length} app runs, ${baseline.length} baseline runs`);
const frames = (k) => runs.map((r) => r[k]).sort((a, b) => a - b)[Math.floor(runs.length / 2)];
console.log(`frames drawn from the join click to the first decoded frame (median): patient ${frames('patientFrames')}, doctor ${frames('doctorFrames')}`);
console.log(table(['milliseconds', 'p50', 'p95', 'min', 'max'], [
  row('app: join click → patient decodes', runs.map((r) => r.joinToPatientFrame)),
  row('  of which waiting → admit click (bot)', runs.map((r) => r.waiting)),
  row('app: admit click → patient decodes', runs.map((r) => r.admitToPatientFrame)),
  row('app: admit click → doctor decodes', runs.map((r) => r.admitToDoctorFrame)),
  row('patient page drawing, join → its frame', runs.map((r) => r.patientDrawMs)),
  row('doctor page drawing, join → its frame', runs.map((r) => r.doctorDrawMs)),
  row('baseline: start → first frame decoded', baseline.map((r) => r.decoded)),
  row('baseline: of which getUserMedia', baseline.map((r) => r.media)),
]));
