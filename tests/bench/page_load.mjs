// Page load: headless Chromium, N runs (default 10), each in a fresh browser context (empty cache), time from
// navigation start to window.telemedReady === true. Prints every run and median / min / max.
// Prints figures; asserts nothing.
//
//   node tests/bench/page_load.mjs [--runs 10] [--path /] [--static]
// Without a built telemed-server (or with --static) the page is served by a static file server and the
// offline demo (/?demo) is loaded instead.
import {
  parseArgs, startAppServer, launchBrowser, newPage, PROBE_SCRIPT, stats, fmt, table,
} from './bench_common.mjs';

const args = parseArgs(process.argv.slice(2), { runs: 10, path: '', static: false });
const server = await startAppServer({ forceStatic: args.static, name: 'bench-page-load-server' });
const urlPath = args.path || (server.real ? '/' : '/?demo');
const url = `${server.url}${urlPath}`;
const browser = await launchBrowser();

const rows = [];
const ready = [];
try {
  for (let i = 0; i < args.runs; i++) {
    const t = await newPage(browser, 'desktop');
    try {
      await t.page.addInitScript(PROBE_SCRIPT);
      await t.page.goto(url, { waitUntil: 'commit', timeout: 60_000 });
      await t.page.waitForFunction(() => window.telemedReady === true, null, { timeout: 60_000, polling: 20 });
      const m = await t.page.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0];
        const res = performance.getEntriesByType('resource');
        const bytes = res.reduce((s, r) => s + (r.transferSize || 0), nav ? nav.transferSize || 0 : 0);
        return {
          ready: window.__readyAt ?? performance.now(),
          ttfb: nav ? nav.responseStart : null,
          dcl: nav ? nav.domContentLoadedEventEnd : null,
          load: nav ? nav.loadEventEnd || null : null,
          kib: bytes / 1024,
          requests: res.length + 1,
        };
      });
      ready.push(m.ready);
      rows.push([`#${i + 1}`, fmt(m.ttfb), fmt(m.dcl), fmt(m.load), fmt(m.ready), fmt(m.kib), m.requests]);
    } finally {
      await t.close();
    }
  }
} finally {
  await browser.close();
  await server.stop();
}

console.log(`page load: ${url}  (${server.kind}; desktop 1440x900, fresh context per run)`);
console.log(table(['run', 'TTFB ms', 'DOMContentLoaded ms', 'load ms', 'telemedReady ms', 'transfer KiB', 'requests'], rows));
const s = stats(ready);
console.log(`\nnavigation start -> telemedReady over ${ready.length} runs: median ${fmt(s.median)} ms, ` +
            `min ${fmt(s.min)} ms, max ${fmt(s.max)} ms`);
