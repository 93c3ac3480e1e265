// The offline demo: /?demo runs the whole app inside the page over the in-memory store. It is served here
// by a plain static file server (no telemed-server, no WebSocket endpoint at all), and must reach the
// patient home with zero WebSockets and no requests after load other than the page's own files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startStaticServer, launchBrowser, withPage, openApp, clickByRole, expectRole, waitForAny, screenshot,
  isPageAsset,
} from './support/harness.mjs';

// ---- Labels the UI shows (role, accessible name). Keep them here, in one place. ----
const L = {
  tryDemo: ['button', 'Try the demo'],
  demoPatient: ['button', /^Continue as Patient\b/], // the demo's list of accounts on its sign-in screen
  homeHeading: ['heading', /Welcome/],
};

let server;
let browser;

before(async () => {
  server = await startStaticServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// /?demo may open on the home screen, on a "Try the demo" button, or on the demo accounts: follow the way.
async function reachDemoHome(page) {
  for (let step = 0; step < 3; step++) {
    const which = await waitForAny(page, [L.homeHeading, L.demoPatient, L.tryDemo], { timeout: 30_000 });
    if (which === 0) return;
    await clickByRole(page, ...(which === 1 ? L.demoPatient : L.tryDemo));
    await new Promise((r) => setTimeout(r, 300));
  }
  await expectRole(page, ...L.homeHeading, { timeout: 30_000 });
}

for (const viewport of ['desktop', 'phone']) {
  test(`offline demo reaches the patient home with no server (${viewport})`, { timeout: 120_000 }, async () => {
    await withPage(browser, viewport, 'demo', async (t) => {
      const origin = new URL(server.url).origin;
      await openApp(t.page, `${server.url}/?demo`);
      const readyAt = Date.now();

      await reachDemoHome(t.page);
      await screenshot(t.page, 'demo-home');
      await new Promise((r) => setTimeout(r, 2000)); // anything the home screen would fetch, it fetches now

      assert.equal(t.sockets.length, 0, `the demo opened WebSockets: ${JSON.stringify(t.sockets)}`);

      const foreign = t.requests.filter((r) => !r.url.startsWith('data:') && !r.url.startsWith('blob:') &&
                                               new URL(r.url).origin !== origin);
      assert.deepEqual(foreign, [], 'the demo reached another origin');

      const notAssets = t.requests.filter((r) => r.url.startsWith(origin) &&
                                                 (r.method !== 'GET' || !isPageAsset(new URL(r.url).pathname)));
      assert.deepEqual(notAssets, [], 'the demo asked for something that is not a file of the page');

      const afterLoad = t.requests.filter((r) => r.at > readyAt && r.url.startsWith(origin) &&
                                                 !isPageAsset(new URL(r.url).pathname));
      assert.deepEqual(afterLoad, [], 'requests after load other than page assets');

      const upgrades = server.requests.filter((r) => r.upgrade);
      assert.deepEqual(upgrades, [], 'the static server saw WebSocket upgrade attempts');
      assert.deepEqual(t.errors, [], 'uncaught errors in the page');
    });
  });
}
