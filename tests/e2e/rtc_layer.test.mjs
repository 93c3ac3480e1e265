// The browser-interop layer for video calls (web/rtc.js), in the app's own page: two peer connections
// wired to each other inside one page with Chromium's fake camera and microphone, driven through the
// layer's test hook window.telemedRtc (the same functions C++ reaches through telemed_rtc_*). The page
// holds no app logic: the tests below only call the layer.
//   - both sides decode remote video within 10 s;
//   - disabling the sender's video track (camera off, no renegotiation) makes the far side's inbound
//     video bitrate drop;
//   - callbacks of a closed/released handle are dropped: no callback, no exception, no handle left;
//   - a view (<video>) sits at the rectangle it is given, mirrored for the local preview, above the
//     canvas and below the accessibility layer, without taking pointer events; hidden when not shown.
// Needs a built web root (TELEMED_WEB_ROOT, default build/wasm/web); a static file server, no backend.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStaticServer, launchBrowser, newPage, openApp, screenshot, webRoot } from './support/harness.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let server;
let browser;
let t; // one page for all tests: the call set up in the first one is used by the next ones

before(async () => {
  server = await startStaticServer({ root: webRoot });
  browser = await launchBrowser();
  t = await newPage(browser, 'desktop');
  // The offline demo (no backend needed) so the canvas shows a real screen under the test's <video>.
  await openApp(t.page, `${server.url}/?demo`);
  await t.page.waitForFunction(() => !!window.telemedRtc, null, { timeout: 30_000 });
});

after(async () => {
  await t?.close();
  await browser?.close();
  await server?.stop();
});

// In-page helpers, installed once: promise wrappers over the layer's callback API, and a call
// between two peer connections ("a" and "b") whose candidates and descriptions go straight across.
async function installHelpers(page) {
  await page.evaluate(() => {
    const R = window.telemedRtc;
    // done(code, result) -> promise
    const p = (start) => new Promise((resolve, reject) => start((code, result) => {
      if (code) reject(new Error(`rtc error ${code}: ${result}`)); else resolve(result);
    }));
    const media = (opts) => new Promise((resolve, reject) => R.getUserMedia(opts, (h, code, msg) => {
      if (h) resolve(h); else reject(new Error(`getUserMedia ${code}: ${msg}`));
    }));
    const T = { p, media, events: [] };
    T.call = async () => {
      const side = {};
      for (const name of ['a', 'b']) {
        const other = name === 'a' ? 'b' : 'a';
        const s = { name, remote: 0, states: [], queued: [], remoteSet: false };
        const r = R.pcCreate({ iceServers: [] }, (type, x, y) => {
          T.events.push([name, type, typeof x === 'string' ? x.slice(0, 20) : x, y]);
          if (type === 'icecandidate') {
            const o = side[other];
            // A candidate before the far side has our description must wait for it.
            if (o.remoteSet) R.pcAddIceCandidate(o.pc, x, () => {}); else o.queued.push(x);
          } else if (type === 'track') {
            s.remote = x;
          } else if (type === 'connectionstatechange') {
            s.states.push(x);
          }
        });
        if (!r.handle) throw new Error(`pcCreate: ${r.message}`);
        s.pc = r.handle;
        s.local = await media({ audio: true, video: true });
        if (R.pcAddStream(s.pc, s.local) !== 0) throw new Error('pcAddStream failed');
        side[name] = s;
      }
      const remoteSet = async (s, json) => {
        await p((d) => R.pcSetRemoteDescription(s.pc, json, d));
        s.remoteSet = true;
        for (const c of s.queued.splice(0)) R.pcAddIceCandidate(s.pc, c, () => {});
      };
      const offer = await p((d) => R.pcCreateOffer(side.a.pc, false, d));
      await p((d) => R.pcSetLocalDescription(side.a.pc, offer, d));
      await remoteSet(side.b, offer);
      const answer = await p((d) => R.pcCreateAnswer(side.b.pc, d));
      await p((d) => R.pcSetLocalDescription(side.b.pc, answer, d));
      await remoteSet(side.a, answer);
      return side;
    };
    T.stats = (pc) => p((d) => R.pcGetStats(pc, d));
    window.__rtcTest = T;
  });
}

test('two peer connections in the page decode each other\'s video within 10 s', { timeout: 60_000 }, async () => {
  const { page } = t;
  await installHelpers(page);
  const baseline = await page.evaluate(() => window.telemedRtc.handles());
  const started = Date.now();
  await page.evaluate(async () => { window.__call = await window.__rtcTest.call(); });
  let last;
  for (;;) {
    last = await page.evaluate(async () => {
      const { a, b } = window.__call;
      const T = window.__rtcTest;
      return { a: await T.stats(a.pc), b: await T.stats(b.pc), statesA: a.states, statesB: b.states,
               remoteA: a.remote, remoteB: b.remote };
    });
    if (last.a.frames_decoded > 0 && last.b.frames_decoded > 0) break;
    assert.ok(Date.now() - started < 10_000, `no decoded frames on both sides within 10 s: ${JSON.stringify(last)}`);
    await sleep(250);
  }
  const ms = Date.now() - started;
  console.log(`# both sides decoding after ${ms} ms; a: ${JSON.stringify(last.a)}; b: ${JSON.stringify(last.b)}`);
  assert.ok(last.remoteA > 0 && last.remoteB > 0, 'ontrack gave both sides a remote stream handle');
  assert.ok(last.statesA.includes('connected') && last.statesB.includes('connected'), 'connectionstatechange reported connected');
  // 2 connections, 2 local and 2 remote streams.
  assert.equal(await page.evaluate(() => window.telemedRtc.handles()), baseline + 6);
  assert.deepEqual(t.errors, []);
});

test('camera off (track disabled) makes the far side\'s inbound video bitrate drop', { timeout: 60_000 }, async () => {
  const { page } = t;
  // Bitrate over a 2 s window on b (stats bitrates cover the interval since the previous call).
  const window2s = () => page.evaluate(async () => {
    const T = window.__rtcTest, b = window.__call.b;
    await T.stats(b.pc);
    await new Promise((r) => setTimeout(r, 2000));
    return (await T.stats(b.pc)).inbound_video_bitrate_kbps;
  });
  await sleep(1000); // past the very first frames: the encoder has settled a little
  const before = await window2s();
  const trackState = await page.evaluate(() => {
    const R = window.telemedRtc, a = window.__call.a;
    R.streamSetEnabled(a.local, 'video', false);
    return R.streamTrackState(a.local, 'video');
  });
  assert.equal(trackState, 2, 'the track is live but disabled');
  await sleep(2000); // the encoder's last real frames and the switch to black ones are not counted
  const afterOff = await window2s();
  console.log(`# inbound video on b: ${before.toFixed(0)} kbps with camera on, ${afterOff.toFixed(0)} kbps with camera off`);
  assert.ok(before > 50, `video flows before (${before.toFixed(1)} kbps)`);
  assert.ok(afterOff < before / 2, `bitrate dropped (${before.toFixed(1)} -> ${afterOff.toFixed(1)} kbps)`);
  await page.evaluate(() => window.telemedRtc.streamSetEnabled(window.__call.a.local, 'video', true));
});

test('a view shows a stream at its rectangle: mirrored, under the canvas (which is see-through there) and the a11y layer, no pointer events', { timeout: 60_000 }, async () => {
  const { page } = t;
  const info = await page.evaluate(async () => {
    const R = window.telemedRtc, { a } = window.__call;
    const v = R.viewCreate();
    window.__view = v;
    R.beginFrame();
    R.viewShow(v, a.local, 100, 120, 320, 180, { mirrored: true, muted: true, radius: 10, clip: null });
    R.endFrame();
    const el = R.objectOf(v);
    for (let i = 0; i < 100 && !R.viewHasFrame(v); i++) await new Promise((r) => setTimeout(r, 50));
    const r = el.getBoundingClientRect();
    const cs = getComputedStyle(el);
    const layer = el.parentElement;
    const a11y = document.getElementById('a11y-root');
    return {
      rect: [r.x, r.y, r.width, r.height], transform: cs.transform, objectFit: cs.objectFit,
      radius: cs.borderTopLeftRadius, pointerEvents: cs.pointerEvents, muted: el.muted, hasFrame: R.viewHasFrame(v),
      layerZ: getComputedStyle(layer).zIndex, layerPosition: getComputedStyle(layer).position,
      a11yZ: getComputedStyle(a11y).zIndex,
      layerBeforeA11y: !!(layer.compareDocumentPosition(a11y) & Node.DOCUMENT_POSITION_FOLLOWING),
      canvasBeforeLayer: !!(document.getElementById('canvas').compareDocumentPosition(layer) & Node.DOCUMENT_POSITION_FOLLOWING),
      hitAtCentre: document.elementFromPoint(260, 210)?.id || document.elementFromPoint(260, 210)?.tagName,
    };
  });
  await screenshot(page, 'rtc-view');
  assert.deepEqual(info.rect, [100, 120, 320, 180]);
  assert.equal(info.transform, 'matrix(-1, 0, 0, 1, 0, 0)', 'local preview mirrored');
  assert.equal(info.objectFit, 'cover');
  assert.equal(info.radius, '10px');
  assert.equal(info.pointerEvents, 'none');
  assert.equal(info.muted, true);
  assert.equal(info.hasFrame, 1, 'the view decoded a frame');
  assert.equal(info.layerPosition, 'fixed');
  assert.ok(info.canvasBeforeLayer && info.layerBeforeA11y, 'DOM order: canvas, media layer, a11y layer');
  assert.ok(Number(info.layerZ) < Number(info.a11yZ), `media layer (z ${info.layerZ}) under the a11y layer (z ${info.a11yZ})`);
  assert.ok(Number(info.layerZ) < 0, `media layer (z ${info.layerZ}) under the canvas (z auto): the app draws over the video`);
  assert.notEqual(info.hitAtCentre, 'VIDEO', 'pointer events pass through the video');

  // Follows a new rectangle (resize, scroll), and hides when a frame does not show it.
  const moved = await page.evaluate(() => {
    const R = window.telemedRtc, v = window.__view;
    R.beginFrame();
    R.viewShow(v, window.__call.b.remote, 10, 20, 640, 360, { mirrored: false, muted: false, radius: 10, clip: [0, 0, 300, 200] });
    R.endFrame();
    const el = R.objectOf(v), r = el.getBoundingClientRect(), cs = getComputedStyle(el);
    const shown = { rect: [r.x, r.y, r.width, r.height], transform: cs.transform, clip: cs.clipPath, muted: el.muted };
    R.beginFrame();
    R.endFrame();
    return { shown, hiddenAfterEmptyFrame: el.hidden && getComputedStyle(el).display === 'none' };
  });
  assert.deepEqual(moved.shown.rect, [10, 20, 640, 360]);
  assert.equal(moved.shown.transform, 'none');
  assert.equal(moved.shown.clip, 'inset(0px 350px 180px 0px)');
  assert.equal(moved.shown.muted, false, 'remote view plays sound');
  assert.equal(moved.hiddenAfterEmptyFrame, true);
  await page.evaluate(() => window.telemedRtc.viewDestroy(window.__view));
  assert.deepEqual(t.errors, []);
});

test('callbacks of closed or released handles are dropped', { timeout: 60_000 }, async () => {
  const { page } = t;
  const res = await page.evaluate(async () => {
    const R = window.telemedRtc, { a, b } = window.__call;
    // Everything below runs its callbacks through note(); only calls after the handles went count.
    let gone = false;
    const fired = [];
    let chunks = 0;
    const note = (what) => (...args) => {
      if (what === 'chunk') chunks++;
      if (gone) fired.push([what, ...args.map((x) => (typeof x === 'object' ? '(object)' : x))]);
    };

    // A recorder delivers chunks while alive; its stop and any late chunk after release are dropped.
    const rec = R.recorderStart(a.local, '', 100, note('chunk'), note('recorder-stop'));
    if (!rec.handle) throw new Error(`recorderStart: ${rec.message}`);
    for (let i = 0; i < 50 && chunks === 0; i++) await new Promise((r) => setTimeout(r, 100));
    const chunksBeforeRelease = chunks;

    // Work in flight on connection a, then close: none of it may call back.
    R.pcGetStats(a.pc, note('stats-after-close'));
    R.pcCreateOffer(a.pc, true, note('offer-after-close'));
    R.pcReplaceTrack(a.pc, 'video', b.local, note('replace-after-close'));
    R.recorderRelease(rec.handle);
    R.pcClose(a.pc);
    R.pcClose(a.pc); // twice: harmless
    gone = true;
    // A stream released with a listener: its tracks ending later reach nobody.
    R.streamListen(a.local, note('ended-after-release'));
    R.streamRelease(a.local);
    // Calls on dead handles answer "closed" or nothing, and never throw.
    R.pcGetStats(a.pc, note('stats-on-dead-handle'));
    R.streamSetEnabled(a.local, 'audio', false);
    const dead = { level: R.audioLevel(a.local), track: R.streamTrackState(a.local, 'video'), add: R.pcAddStream(a.pc, b.local) };

    // The far side sees the connection go; then close it too and release everything. Closing ends
    // b's remote tracks: their listener must not hear it.
    await new Promise((r) => setTimeout(r, 1500));
    R.streamListen(b.remote, note('remote-ended-after-close'));
    R.pcClose(b.pc);
    R.streamRelease(b.local);
    await new Promise((r) => setTimeout(r, 300));
    return { chunksBeforeRelease, fired, dead, handles: R.handles() };
  });
  assert.ok(res.chunksBeforeRelease > 0, 'the recorder delivered chunks while alive');
  // Only the explicit "closed" answer for the call made on the dead handle itself may come.
  assert.deepEqual(res.fired, [['stats-on-dead-handle', 7, 'peer connection closed']]);
  assert.deepEqual(res.dead, { level: 0, track: 0, add: 7 });
  assert.equal(res.handles, 0, 'no handle left behind');
  assert.deepEqual(t.errors, [], 'no uncaught exception in the page');
});
