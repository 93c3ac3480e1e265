// Shared by the browser benchmarks: which server to use, argument parsing, small statistics, and the page
// probes (ready time, requestAnimationFrame callbacks, frames that drew something).
import fs from 'node:fs';
import path from 'node:path';
import {
  repoRoot, startServer, startStaticServer, webRoot,
} from '../e2e/support/harness.mjs';

export { launchBrowser, newPage, startStaticServer, repoRoot, webRoot } from '../e2e/support/harness.mjs';

/** --name value pairs and bare --flags. */
export function parseArgs(argv, defaults) {
  const out = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) continue;
    const key = a.slice(2);
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) out[key] = true;
    else { out[key] = typeof defaults[key] === 'number' ? Number(next) : next; i++; }
  }
  return out;
}

/** Release server first (benchmarks), then the debug one; null when neither is built. */
export function benchServerBinary() {
  const c = [process.env.TELEMED_SERVER,
             path.join(repoRoot, 'build/native-release/telemed-server'),
             path.join(repoRoot, 'build/native-debug/telemed-server')].filter(Boolean);
  return c.find((p) => fs.existsSync(p)) || null;
}

/**
 * The app's server: telemed-server when one is built (unless static is asked for), else a plain static
 * file server, in which case only the offline demo (/?demo) makes sense.
 */
export async function startAppServer({ forceStatic = false, name = 'bench-server' } = {}) {
  const bin = forceStatic ? null : benchServerBinary();
  if (bin) {
    const s = await startServer({ name, binary: bin, args: ['--log-level', 'warn'] });
    return { ...s, kind: `telemed-server (${path.relative(repoRoot, bin)})`, real: true };
  }
  const s = await startStaticServer();
  return { ...s, kind: 'static file server (no telemed-server built)', real: false };
}

/**
 * Runs before any page script: records when window.telemedReady becomes true, counts
 * requestAnimationFrame callbacks, and counts "drawn frames" (tasks in which WebGL drew anything).
 */
export const PROBE_SCRIPT = `(() => {
  let ready = false;
  Object.defineProperty(window, 'telemedReady', {
    configurable: true,
    get() { return ready; },
    set(v) { ready = v; if (v === true && window.__readyAt === undefined) window.__readyAt = performance.now(); },
  });
  window.__rafCallbacks = 0;
  const raf = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (cb) => raf((ts) => { window.__rafCallbacks++; return cb(ts); });
  window.__drawCalls = 0;
  window.__drawFrames = 0;
  let inFrame = false;
  const mark = () => {
    window.__drawCalls++;
    if (!inFrame) { inFrame = true; window.__drawFrames++; setTimeout(() => { inFrame = false; }, 0); }
  };
  for (const C of [window.WebGL2RenderingContext, window.WebGLRenderingContext]) {
    if (!C) continue;
    for (const m of ['drawElements', 'drawArrays', 'clear']) {
      const f = C.prototype[m];
      C.prototype[m] = function (...a) { mark(); return f.apply(this, a); };
    }
  }
})();`;

export function stats(values) {
  const v = [...values].sort((a, b) => a - b);
  const median = v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  return { median, min: v[0], max: v[v.length - 1] };
}

export const fmt = (x, d = 1) => (x === null || x === undefined || Number.isNaN(x) ? '-' : x.toFixed(d));

export function table(headers, rows) {
  const w = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (r) => r.map((c, i) => (i === 0 ? String(c).padEnd(w[i]) : String(c).padStart(w[i]))).join('  ');
  return [line(headers), w.map((n) => '-'.repeat(n)).join('  '), ...rows.map(line)].join('\n');
}
