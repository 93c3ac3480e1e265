// The offline demo: /?demo runs the whole app inside the page over the in-memory store. It is served here
// by a plain static file server (no telemed-server, no WebSocket endpoint at all), and must reach the
// patient home with zero WebSockets and no requests after load other than the page's own files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startStaticServer, launchBrowser, withPage, openApp, clickByRole, expectRole, expectText, fillByLabel, waitForAny,
  screenshot, isPageAsset, describeLayer,
} from './support/harness.mjs';
import { CALL_LABELS, patientOpensVisit, inboundVideo, sleep, openCallPanel } from './support/call_scene.mjs';

// ---- Labels the UI shows (role, accessible name): the call screen's, and the demo's own. ----
const L = {
  ...CALL_LABELS,
  tryDemo: ['button', 'Try the demo'],
  demoPatient: ['button', /^Continue as Patient\b/], // the demo's list of accounts on its sign-in screen
  message: 'Message',
  send: ['button', 'Send'],
  doctorReply: 'Dr. Amara Okafor: Thank you, I have read that.',
  doctorGreeting: 'Dr. Amara Okafor: Hello Zoë',
};
const DEMO_DOCTOR = 'Dr. Amara Okafor';

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
    await sleep(300);
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
      await sleep(2000); // anything the home screen would fetch, it fetches now

      assert.equal(t.sockets.length, 0, `the demo opened WebSockets: ${JSON.stringify(t.sockets)}`);

      const foreign = t.requests.filter((r) => !r.url.startsWith('data:') && !r.url.startsWith('blob:') &&
                                               new URL(r.url).origin !== origin);
      assert.deepEqual(foreign, [], 'the demo reached another origin');

      const notAssets = t.requests.filter((r) => r.url.startsWith(origin) &&
                                                 (r.method !== 'GET' || !isPageAsset(new URL(r.url).pathname)));
      assert.deepEqual(notAssets, [], 'the demo asked for something that is not a file of the page');

      // The demo's own build (with the in-page clinic), each file once; the server's smaller app is not loaded.
      const builds = t.requests.filter((r) => r.url.startsWith(origin) && /\.(wasm|data)$/.test(new URL(r.url).pathname))
                               .map((r) => new URL(r.url).pathname.replace(/\.[0-9a-f]{12}\./, '.')).sort();
      assert.deepEqual(builds, ['/demo.data', '/demo.wasm'], 'the demo loaded its own build, once');

      const afterLoad = t.requests.filter((r) => r.at > readyAt && r.url.startsWith(origin) &&
                                                 !isPageAsset(new URL(r.url).pathname));
      assert.deepEqual(afterLoad, [], 'requests after load other than page assets');

      const upgrades = server.requests.filter((r) => r.upgrade);
      assert.deepEqual(upgrades, [], 'the static server saw WebSocket upgrade attempts');
      assert.deepEqual(t.errors, [], 'uncaught errors in the page');
    });
  });
}

for (const viewport of ['desktop', 'phone']) {
  test(`offline demo: a video call with the simulated doctor (${viewport})`, { timeout: 150_000 }, async () => {
    await withPage(browser, viewport, 'demo-call', async (t) => {
      await openApp(t.page, `${server.url}/?demo`);
      await reachDemoHome(t.page);
      await patientOpensVisit(t.page, DEMO_DOCTOR);   // the seeded visit is inside its join window
      await clickByRole(t.page, ...L.joinTheCall);
      await expectText(t.page, L.waitingText, { timeout: 10_000 });
      const waitingAt = Date.now();
      await expectText(t.page, L.inCallFor, { timeout: 15_000 });  // the doctor lets the patient in after ~2 s
      const admittedAfter = Date.now() - waitingAt;

      // Real WebRTC inside the page: both connections decode (the patient sees the synthetic doctor).
      let pcs = [];
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline) {
        pcs = await inboundVideo(t.page);
        if (pcs.length === 2 && pcs.every((p) => p.framesDecoded > 0)) break;
        await sleep(200);
      }
      assert.equal(pcs.length, 2, `two peer connections in the page: ${JSON.stringify(pcs)}\n${await describeLayer(t.page)}`);
      assert.ok(pcs.every((p) => p.framesDecoded > 0), `both decode remote frames: ${JSON.stringify(pcs)}`);
      console.log(`# demo call (${viewport}): admitted ${admittedAfter} ms after the waiting room showed; frames ${JSON.stringify(pcs)}`);
      await sleep(1500);  // the remote <video> shows its first frames
      await screenshot(t.page, 'demo-call');

      await openCallPanel(t.page);  // people and chat: beside the video on a desktop, a sheet on a phone
      await expectText(t.page, L.doctorGreeting, { timeout: 10_000 });
      await fillByLabel(t.page, L.message, 'I have had a cough for three days.');
      await clickByRole(t.page, ...L.send);
      await expectText(t.page, L.doctorReply, { timeout: 10_000 });

      await clickByRole(t.page, ...L.mute);
      await expectRole(t.page, ...L.unmute);
      await expectText(t.page, 'Zoë Łukasiewicz (you) — in the call, muted');
      await clickByRole(t.page, ...L.cameraOff);
      await expectRole(t.page, ...L.cameraOn);
      await clickByRole(t.page, ...L.cameraOn);
      await expectRole(t.page, ...L.shareScreen);
      await screenshot(t.page, 'demo-call-chat');

      await clickByRole(t.page, ...L.leave);
      await expectRole(t.page, ...L.leftHeading);
      await expectText(t.page, 'Dr. Amara Okafor: ');
      await expectText(t.page, 'Zoë Łukasiewicz: ');
      await screenshot(t.page, 'demo-call-ended');
      assert.equal(t.sockets.length, 0, `the demo call opened WebSockets: ${JSON.stringify(t.sockets)}`);
      assert.deepEqual(t.errors, [], 'uncaught errors in the page');
    });
  });
}
