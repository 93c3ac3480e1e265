// Call set-up baseline: what the browser alone needs to start a video call, the reference the call
// feature is measured against. One page, no server: two RTCPeerConnections wired directly to each
// other (descriptions and candidates handed across in JS), Chromium's fake camera and microphone.
// Each run measures from "start" (getUserMedia, then createOffer) to
//   - decoded:   the first remote video frame decoded (getStats framesDecoded > 0, polled every 10 ms),
//   - presented: the first remote video frame presented in a <video> (requestVideoFrameCallback),
// and the steps on the way (media captured, ICE connected). Everything is torn down between runs.
// Prints p50/p95/min/max per measure; asserts nothing.
//
//   node tests/bench/call_baseline.mjs [--runs 20]
import { parseArgs, launchBrowser, newPage, fmt, table } from './bench_common.mjs';

// The page is served by Playwright itself (page.route): a loopback origin is a secure context, which
// getUserMedia requires, and no server process is involved.
const ORIGIN = 'http://127.0.0.1:9';
const PAGE = '<!doctype html><html><body style="margin:0"><video id="remote" muted autoplay playsinline width="320" height="180"></video></body></html>';

// One run, in the page. Returns milliseconds since start for each step.
export async function oneRun() {
  const t0 = performance.now();
  const at = {};
  const local = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: { ideal: 1280 }, height: { ideal: 720 } } });
  at.media = performance.now() - t0;
  const a = new RTCPeerConnection({ iceServers: [] });
  const b = new RTCPeerConnection({ iceServers: [] });
  a.onicecandidate = (e) => { if (e.candidate) b.addIceCandidate(e.candidate).catch(() => {}); };
  b.onicecandidate = (e) => { if (e.candidate) a.addIceCandidate(e.candidate).catch(() => {}); };
  const video = document.getElementById('remote');
  const presented = new Promise((resolve) => {
    b.ontrack = (e) => {
      if (e.track.kind !== 'video') return;
      video.srcObject = e.streams[0];
      video.requestVideoFrameCallback(() => resolve(performance.now() - t0));
      video.play().catch(() => {});
    };
  });
  const connected = new Promise((resolve) => {
    b.oniceconnectionstatechange = () => {
      if (b.iceConnectionState === 'connected' || b.iceConnectionState === 'completed') resolve(performance.now() - t0);
    };
  });
  for (const track of local.getTracks()) a.addTrack(track, local);
  const offer = await a.createOffer();
  await a.setLocalDescription(offer);
  await b.setRemoteDescription(offer);
  const answer = await b.createAnswer();
  await b.setLocalDescription(answer);
  await a.setRemoteDescription(answer);
  at.negotiated = performance.now() - t0;
  const decoded = new Promise((resolve, reject) => {
    const poll = async () => {
      const report = await b.getStats();
      let frames = 0;
      report.forEach((r) => { if (r.type === 'inbound-rtp' && r.kind === 'video') frames += r.framesDecoded || 0; });
      if (frames > 0) resolve(performance.now() - t0);
      else if (performance.now() - t0 > 20000) reject(new Error('no decoded frame within 20 s'));
      else setTimeout(poll, 10);
    };
    poll();
  });
  [at.connected, at.decoded, at.presented] = await Promise.all([connected, decoded, presented]);
  a.close();
  b.close();
  local.getTracks().forEach((t) => t.stop());
  video.srcObject = null;
  return at;
}

export function percentile(values, p) {
  const v = [...values].sort((x, y) => x - y);
  return v[Math.min(v.length - 1, Math.max(0, Math.ceil((p / 100) * v.length) - 1))];
}

/** `runs` baseline calls in a fresh page of `browser`; returns each run's step times (ms from start). */
export async function measureBaseline(browser, runs) {
  const t = await newPage(browser, 'desktop');
  await t.page.route(`${ORIGIN}/**`, (route) => route.fulfill({ contentType: 'text/html', body: PAGE }));
  await t.page.goto(`${ORIGIN}/call-baseline`);
  const out = [];
  for (let i = 0; i < runs; i++) {
    out.push(await t.page.evaluate(oneRun));
    await new Promise((r) => setTimeout(r, 200)); // let the previous call's threads wind down
  }
  await t.close();
  return out;
}

async function main() {
  const args = parseArgs(process.argv.slice(2), { runs: 20 });
  const browser = await launchBrowser();
  const runs = await measureBaseline(browser, args.runs);
  const version = browser.version();
  await browser.close();

  const measures = [
    ['getUserMedia', 'media'],
    ['offer/answer done', 'negotiated'],
    ['ICE connected', 'connected'],
    ['first frame decoded', 'decoded'],
    ['first frame presented', 'presented'],
  ];
  console.log(`call set-up baseline: Chromium ${version}, headless, fake camera+mic, two RTCPeerConnections in one page, ${runs.length} runs`);
  console.log('milliseconds from start (getUserMedia + createOffer):');
  console.log(table(['step', 'p50', 'p95', 'min', 'max'], measures.map(([label, key]) => {
    const v = runs.map((r) => r[key]);
    return [label, fmt(percentile(v, 50)), fmt(percentile(v, 95)), fmt(Math.min(...v)), fmt(Math.max(...v))];
  })));
  console.log(`runs (decoded ms): ${runs.map((r) => fmt(r.decoded, 0)).join(' ')}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
