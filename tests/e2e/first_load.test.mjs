// The first load and the second visit, as the browser sees them through telemed-server: every file but the
// page has a content-hashed name, comes compressed (brotli, which Chromium offers here, or gzip) and may be
// kept for a year; a second visit fetches nothing but index.html, and gets a 304 for it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, openApp } from './support/harness.mjs';

let server;
let browser;

before(async () => {
  // At debug level the server logs every HTTP answer's status: the page's 304 is read there (the browser
  // reports a revalidated page to Playwright as the 200 it had cached).
  server = await startServer({ name: 'first-load-server', args: ['--log-level', 'debug'] });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const HASHED = /\.[0-9a-f]{12}\.[a-z]+$/;

test('first load: hashed names, compressed, a year of caching; second visit: only index.html, revalidated', async () => {
  const t = await newPage(browser, 'phone');
  try {
    const responses = [];
    t.page.on('response', async (r) => {
      const url = new URL(r.url());
      if (url.origin !== server.url) return;
      responses.push({ path: url.pathname, status: r.status(), headers: await r.allHeaders() });
    });
    await openApp(t.page, `${server.url}/`);

    const files = responses.filter((r) => r.path !== '/');
    const page = responses.find((r) => r.path === '/');
    assert.ok(page, 'the page itself was requested');
    assert.equal(page.headers['cache-control'], 'no-cache');
    for (const name of ['.wasm', '.data', '.js', '.css']) {
      assert.ok(files.some((f) => f.path.endsWith(name)), `a ${name} file was loaded: ${files.map((f) => f.path).join(', ')}`);
    }
    for (const f of files) {
      assert.match(f.path, HASHED, `${f.path} has a content-hashed name`);
      assert.equal(f.status, 200, f.path);
      assert.equal(f.headers['cache-control'], 'public, max-age=31536000, immutable', f.path);
      assert.equal(f.headers.vary, 'Accept-Encoding', f.path);
      // Chromium offers brotli on secure origins (localhost counts); the server sends the smallest form
      // offered. Accept-Encoding is added below what Playwright reports, so only the outcome is checked.
      if (!f.path.endsWith('.oga')) assert.match(f.headers['content-encoding'] || '', /^(br|gzip)$/, `${f.path} came compressed`);
    }
    // The server's app, not the offline demo's (which carries the clinic's core), and each file once: a
    // preload the app's own request did not match would show as a second download.
    for (const name of ['.wasm', '.data', '.js']) {
      const builds = files.filter((f) => f.path.endsWith(name) && !f.path.startsWith('/boot.'));
      assert.deepEqual(builds.map((f) => f.path.split('.')[0]), ['/app'], `one app${name}: ${builds.map((f) => f.path).join(', ')}`);
    }
    // (Chromium's icon loader fetches the tab's icon apart from the page, which draws it again in its logo.)
    const pageFiles = files.filter((f) => !f.path.startsWith('/favicon.'));
    assert.equal(new Set(pageFiles.map((f) => f.path)).size, pageFiles.length, `each file once: ${files.map((f) => f.path).join(', ')}`);
    // Time zones come by area: the browser's own (Europe/Berlin here) and no other on the sign-in screen.
    assert.deepEqual(files.filter((f) => f.path.startsWith('/tz/')).map((f) => f.path.replace(HASHED, '')), ['/tz/Europe'],
                     'the time-zone pack of the browser\'s area, and only it');
    const wasm = files.find((f) => f.path.endsWith('.wasm'));
    assert.equal(wasm.headers['content-type'], 'application/wasm', 'the WebAssembly can be compiled while it streams in');

    // A second visit in the same browser: the hashed files come from the cache without a request;
    // the page is asked for again and has not changed.
    const cold = await t.page.evaluate(() => performance.getEntriesByType('resource').length);
    assert.ok(cold >= 4);
    const logsBefore = server.logs.length;
    await openApp(t.page, `${server.url}/`);
    const network = await t.page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const res = performance.getEntriesByType('resource').filter((e) => new URL(e.name).origin === location.origin);
      return { nav: nav.transferSize, files: res.map((e) => ({ name: new URL(e.name).pathname, bytes: e.transferSize })) };
    });
    const fetched = network.files.filter((f) => f.bytes > 0);
    assert.deepEqual(fetched, [], 'nothing but the page crossed the network on the second visit');
    const answers = server.logs.slice(logsBefore).flatMap((line) => {
      try { const j = JSON.parse(line); return j.target !== undefined && j.status !== undefined ? [j] : []; } catch { return []; }
    });
    assert.deepEqual(answers.map((a) => [a.target, a.status]), [['/', 304]],
                     'the second visit asked the server for the page only, and got a 304');
    assert.ok(network.nav < 2048, `the second visit's page cost ${network.nav} bytes`);
  } finally {
    await t.close();
  }
});
