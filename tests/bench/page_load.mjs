// Page load: headless Chromium, N runs (default 10). Each run opens a fresh browser context (empty cache)
// and loads the page twice: cold (first visit) and warm (second visit, same context: the browser's cache
// holds what the server allowed it to keep). Times are navigation start -> window.telemedReady === true;
// bytes are what crossed the wire (Resource Timing transferSize: headers + encoded body, 0 when served from
// the cache). Prints every run, the medians, and the bytes per file of the first run's two visits.
// Prints figures; asserts nothing.
//
//   node tests/bench/page_load.mjs [--runs 10] [--path /] [--static] [--network 4g]
// --network 4g: Chromium's network emulation at 9 Mbit/s down, 60 ms round trip (a phone on 4G).
// Without a built telemed-server (or with --static) the page is served by a static file server and the
// offline demo (/?demo) is loaded instead.
import {
  parseArgs, startAppServer, launchBrowser, newPage, PROBE_SCRIPT, stats, fmt, table,
} from './bench_common.mjs';

const args = parseArgs(process.argv.slice(2), { runs: 10, path: '', static: false, network: 'none' });
const NETWORKS = {
  none: null,
  '4g': { offline: false, latency: 60, downloadThroughput: (9e6 / 8), uploadThroughput: (3e6 / 8) },
};
if (!(args.network in NETWORKS)) throw new Error(`--network: one of ${Object.keys(NETWORKS).join(', ')}`);
const server = await startAppServer({ forceStatic: args.static, name: 'bench-page-load-server' });
const urlPath = args.path || (server.real ? '/' : '/?demo');
const url = `${server.url}${urlPath}`;
const browser = await launchBrowser();

async function visit(page) {
  await page.goto(url, { waitUntil: 'commit', timeout: 120_000 });
  await page.waitForFunction(() => window.telemedReady === true, null, { timeout: 120_000, polling: 20 });
  return page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const entries = [nav, ...performance.getEntriesByType('resource')].filter(Boolean);
    const files = entries.map((e) => ({
      name: new URL(e.name).pathname,
      bytes: e.transferSize || 0,
      body: e.decodedBodySize || 0,
      encoded: e.encodedBodySize || 0,
    }));
    return {
      ready: window.__readyAt ?? performance.now(),
      bytes: files.reduce((s, f) => s + f.bytes, 0),
      requests: files.length,
      files,
    };
  });
}

const rows = [];
const cold = [];
const warm = [];
let firstRun = null;
try {
  for (let i = 0; i < args.runs; i++) {
    const t = await newPage(browser, 'desktop');
    try {
      await t.page.addInitScript(PROBE_SCRIPT);
      const conditions = NETWORKS[args.network];
      if (conditions) {
        const cdp = await t.context.newCDPSession(t.page);
        await cdp.send('Network.enable');
        await cdp.send('Network.emulateNetworkConditions', conditions);
      }
      const first = await visit(t.page);
      const second = await visit(t.page);
      if (!firstRun) firstRun = { first, second };
      cold.push(first);
      warm.push(second);
      rows.push([`#${i + 1}`, fmt(first.ready), fmt(first.bytes / 1024), first.requests,
                 fmt(second.ready), fmt(second.bytes / 1024, 2), second.requests]);
    } finally {
      await t.close();
    }
  }
} finally {
  await browser.close();
  await server.stop();
}

console.log(`page load: ${url}  (${server.kind}; network ${args.network}; desktop 1440x900, fresh context per run)`);
console.log(table(['run', 'cold ready ms', 'cold KiB', 'requests', 'warm ready ms', 'warm KiB', 'requests'], rows));
const median = (xs) => stats(xs).median;
console.log(`\nmedian over ${cold.length} runs: cold ${fmt(median(cold.map((v) => v.ready)))} ms, ` +
            `${fmt(median(cold.map((v) => v.bytes)) / 1024)} KiB on the wire; warm ` +
            `${fmt(median(warm.map((v) => v.ready)))} ms, ${fmt(median(warm.map((v) => v.bytes)) / 1024, 2)} KiB`);

if (firstRun) {
  const names = [...new Set([...firstRun.first.files, ...firstRun.second.files].map((f) => f.name))];
  const find = (visitResult, name) => visitResult.files.find((f) => f.name === name);
  const fileRows = names.map((name) => {
    const a = find(firstRun.first, name);
    const b = find(firstRun.second, name);
    return [name, a ? fmt(a.body / 1024) : '-', a ? fmt(a.bytes / 1024) : '-', b ? String(b.bytes) : '-'];
  });
  console.log('\nbytes per file, first run (transfer = headers + encoded body; 0 = from the cache):');
  console.log(table(['file', 'decoded KiB', 'cold transfer KiB', 'warm transfer B'], fileRows));
}
