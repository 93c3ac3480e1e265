// Idle CPU: load the app, wait until ready, then leave it alone for N seconds (default 30) and measure
//   - the renderer's main-thread busy time (CDP Performance.getMetrics TaskDuration / ScriptDuration deltas),
//   - the CPU of the whole Chromium process tree (utime+stime from /proc: renderer, GPU/SwiftShader, browser),
//   - requestAnimationFrame callbacks and frames that drew something (WebGL draw/clear calls per task).
// Measured the same way in the same run: a reference page that spins requestAnimationFrame and clears a
// WebGL2 canvas every frame, and the bare ImGui program (tests/bench/bare_imgui, built by wasm_size.sh),
// which redraws every frame as ImGui examples do. Prints figures; asserts nothing.
//
//   node tests/bench/idle_cpu.mjs [--seconds 30] [--static]
import fs from 'node:fs';
import path from 'node:path';
import {
  parseArgs, startAppServer, startStaticServer, launchBrowser, newPage, PROBE_SCRIPT, fmt, table, repoRoot,
} from './bench_common.mjs';

const args = parseArgs(process.argv.slice(2), { seconds: 30, static: false });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const CLK_TCK = 100;

// ---- CPU time of every process below this node process (Chromium and its helpers) ----------------------
function treeCpuMs(rootPid = process.pid) {
  const procs = new Map();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      procs.set(Number(d), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]), name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) });
    } catch { /* exited */ }
  }
  let ms = 0;
  const stack = [rootPid];
  const seen = new Set();
  while (stack.length) {
    const p = stack.pop();
    for (const [pid, info] of procs) {
      if (info.ppid === p && !seen.has(pid)) {
        seen.add(pid);
        if (info.name !== 'telemed-server') ms += (info.ticks * 1000) / CLK_TCK;
        stack.push(pid);
      }
    }
  }
  return ms;
}

const REFERENCE_HTML = `<!doctype html><html><body style="margin:0">
<canvas id="c" style="width:100vw;height:100vh;display:block"></canvas>
<script>
  const c = document.getElementById('c');
  c.width = innerWidth * devicePixelRatio; c.height = innerHeight * devicePixelRatio;
  const gl = c.getContext('webgl2');
  let n = 0;
  function frame() { n++; gl.clearColor((n % 256) / 255, 0.5, 0.7, 1); gl.clear(gl.COLOR_BUFFER_BIT); requestAnimationFrame(frame); }
  requestAnimationFrame(frame);
  window.telemedReady = true;
</script></body></html>`;

const BARE_DIR = path.join(repoRoot, 'build/bench/bare_imgui');
const BARE_HTML = `<!doctype html><html><body style="margin:0">
<canvas id="canvas" style="width:100vw;height:100vh;display:block"></canvas>
<script>
  const c = document.getElementById('canvas'); c.width = innerWidth; c.height = innerHeight;
  var Module = { canvas: c, onRuntimeInitialized() { window.telemedReady = true; } };
</script><script src="bare.js"></script></body></html>`;

async function measure(browser, label, open) {
  const t = await newPage(browser, 'desktop');
  try {
    await t.page.addInitScript(PROBE_SCRIPT);
    await open(t.page);
    await t.page.waitForFunction(() => window.telemedReady === true, null, { timeout: 60_000 });
    await sleep(3000); // let start-up work (fonts, first frames, connection) settle
    const cdp = await t.context.newCDPSession(t.page);
    await cdp.send('Performance.enable');
    const metric = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    const counters = () => t.page.evaluate(() => ({ raf: window.__rafCallbacks, frames: window.__drawFrames, draws: window.__drawCalls }));
    const m0 = await metric(); const c0 = await counters(); const p0 = treeCpuMs(); const w0 = Date.now();
    await sleep(args.seconds * 1000);
    const m1 = await metric(); const c1 = await counters(); const p1 = treeCpuMs(); const w1 = Date.now();
    const secs = (w1 - w0) / 1000;
    return [label,
            fmt(((m1.TaskDuration - m0.TaskDuration) * 1000) / secs),
            fmt(((m1.ScriptDuration - m0.ScriptDuration) * 1000) / secs),
            fmt((p1 - p0) / secs),
            fmt((c1.raf - c0.raf) / secs),
            fmt((c1.frames - c0.frames) / secs),
            c1.frames - c0.frames];
  } finally {
    await t.close();
  }
}

let server = null;
try {
  server = await startAppServer({ forceStatic: args.static, name: 'bench-idle-server' });
} catch (e) {
  console.log(`(app not measured: ${e.message.split('\n')[0]})`);
}
// Reference pages are served from build/bench/bare_imgui (beside the bare build, when there is one).
fs.mkdirSync(BARE_DIR, { recursive: true });
fs.writeFileSync(path.join(BARE_DIR, 'index.html'), BARE_HTML);
fs.writeFileSync(path.join(BARE_DIR, 'reference.html'), REFERENCE_HTML);
const haveBare = fs.existsSync(path.join(BARE_DIR, 'bare.wasm'));
const refServer = await startStaticServer({ root: BARE_DIR });
const browser = await launchBrowser();
const rows = [];
try {
  if (server?.real) rows.push(await measure(browser, 'app: sign-in screen (/)', (p) => p.goto(`${server.url}/`)));
  if (server) rows.push(await measure(browser, 'app: offline demo (/?demo)', (p) => p.goto(`${server.url}/?demo`)));
  rows.push(await measure(browser, 'reference: rAF spin + WebGL2 clear', (p) => p.goto(`${refServer.url}/reference.html`)));
  if (haveBare) rows.push(await measure(browser, 'reference: bare ImGui, redraw every frame', (p) => p.goto(`${refServer.url}/`)));
} finally {
  await browser.close();
  await server?.stop();
  await refServer.stop();
}

console.log(`idle CPU over ${args.seconds} s per page, headless Chromium (SwiftShader WebGL), desktop 1440x900; ` +
            `app served by ${server ? server.kind : 'nothing'}`);
console.log(table(['page', 'renderer task ms/s', 'script ms/s', 'Chromium CPU ms/s', 'rAF callbacks/s',
                   'frames drawn/s', 'frames drawn'], rows));
if (!haveBare) console.log('(bare ImGui reference not built: run tests/bench/wasm_size.sh first)');
console.log('ms/s = milliseconds of CPU per second of wall time (1000 = one core fully busy). ' +
            'Other work on this machine adds noise to the Chromium column.');
