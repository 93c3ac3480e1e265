// End-to-end harness: a real telemed-server (or a plain static file server for the offline demo), Debian's
// Chromium driven by playwright-core, and helpers that act on the accessibility layer over the canvas.
//
// Sections
//   [paths]     repository root, web root, artifacts
//   [servers]   startServer (telemed-server on a free port, temp data dir), startStaticServer
//   [browser]   launchBrowser, newPage (phone / desktop profiles, socket + request tracking)
//   [actions]   openApp, clickByRole, fillByLabel, expectText, expectRole, waitForAny, screenshot
//
// How clicks work: the app mirrors its ImGui widgets every frame into an invisible DOM layer (buttons are
// <button aria-label>, fields <input aria-label>, headings <h1..h3>, texts <p>, status pills role=status).
// That layer has pointer-events:none, so Playwright's own click would be refused or land nowhere. We find
// the element by role and name, read its rectangle, and press the real mouse at its centre: the event lands
// on the canvas exactly as a person's click would.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

// ---------------------------------------------------------------------------------------------------
// [paths]
const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..', '..');
export const webRoot = path.resolve(process.env.TELEMED_WEB_ROOT || path.join(repoRoot, 'build/wasm/web'));
export const artifactsDir = path.join(repoRoot, 'tests/e2e/artifacts');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The server binary: $TELEMED_SERVER, else the debug (sanitized) build, else the release build. */
export function findServerBinary() {
  const candidates = [
    process.env.TELEMED_SERVER,
    path.join(repoRoot, 'build/native-debug/telemed-server'),
    path.join(repoRoot, 'build/native-release/telemed-server'),
  ].filter(Boolean);
  for (const c of candidates) {
    const p = path.resolve(repoRoot, c);
    if (fs.existsSync(p)) return p;
  }
  throw new Error(`no telemed-server binary; looked at: ${candidates.join(', ')} ` +
                  '(build it with tools/test.sh or tools/run.sh, or set TELEMED_SERVER)');
}

export function assertWebRoot(root = webRoot) {
  const index = path.join(root, 'index.html');
  if (!fs.existsSync(index)) {
    throw new Error(`no page to serve: ${index} is missing (web client: ninja -C build/wasm telemed)`);
  }
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------------------------------------------
// [servers]

// Children still running when node exits (a crashed test, Ctrl-C) are killed rather than left behind.
const liveChildren = new Set();
process.on('exit', () => { for (const c of liveChildren) { try { c.kill('SIGKILL'); } catch { /* gone */ } } });
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.once(sig, () => { for (const c of liveChildren) { try { c.kill('SIGKILL'); } catch { /* gone */ } } process.exit(130); });
}

/**
 * Starts telemed-server on a free loopback port with a fresh data dir and waits for /healthz.
 * Returns { url, port, dataDir, logs, logFile, accounts, stop() }. stop() sends SIGTERM, waits, and throws
 * if the sanitizers reported anything (the debug build runs with ASan/UBSan).
 */
export async function startServer({ name = 'server', args = [], env = {}, binary } = {}) {
  assertWebRoot();
  const bin = binary || findServerBinary();
  const port = await freePort();
  const dataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'telemed-e2e-data-'));
  await fsp.mkdir(artifactsDir, { recursive: true });
  const logFile = path.join(artifactsDir, `${name}.log`);
  const logStream = fs.createWriteStream(logFile);
  // Every browser of a test signs in from 127.0.0.1: the sign-in limits per address and per
  // connection are lifted (a test passing its own in `args` wins: later arguments override).
  const fullArgs = ['--port', String(port), '--bind', '127.0.0.1', '--data-dir', dataDir,
                    '--web-root', webRoot, '--auth-burst-per-address', '1000000',
                    '--auth-burst-per-connection', '1000000', ...args];
  const child = spawn(bin, fullArgs, {
    cwd: repoRoot,
    env: { ...process.env, ASAN_OPTIONS: process.env.ASAN_OPTIONS || 'detect_leaks=1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  liveChildren.add(child);
  const logs = [];
  let exited = null;
  const exitPromise = new Promise((resolve) => child.on('exit', (code, signal) => {
    exited = { code, signal };
    liveChildren.delete(child);
    resolve(exited);
  }));
  const collect = (stream) => {
    let buf = '';
    stream.on('data', (chunk) => {
      logStream.write(chunk);
      buf += chunk.toString();
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) { logs.push(buf.slice(0, nl)); buf = buf.slice(nl + 1); }
    });
  };
  collect(child.stdout);
  collect(child.stderr);

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000; // the sanitized build hashes the demo passwords slowly
  for (;;) {
    if (exited) {
      throw new Error(`telemed-server exited during start (${JSON.stringify(exited)}): ${bin} ${fullArgs.join(' ')}\n` +
                      logs.slice(-40).join('\n'));
    }
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`telemed-server did not answer /healthz within 90 s\n${logs.slice(-40).join('\n')}`);
    }
    await sleep(100);
  }

  return {
    url, port, dataDir, logs, logFile, binary: bin,
    /** Accounts the server logged as seeded (best effort: JSON lines with an "email" field). */
    get accounts() {
      const out = [];
      for (const line of logs) {
        try { const j = JSON.parse(line); if (j && j.email) out.push(j); } catch { /* not JSON */ }
      }
      return out;
    },
    async stop() {
      if (!exited) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exitPromise;
        clearTimeout(timer);
      }
      await new Promise((r) => logStream.end(r));
      await fsp.rm(dataDir, { recursive: true, force: true });
      const text = logs.join('\n');
      if (/ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:/.test(text)) {
        throw new Error(`sanitizer report in telemed-server output (full log: ${logFile}):\n` +
                        logs.filter((l) => /Sanitizer|runtime error|#\d+ 0x/.test(l)).slice(0, 60).join('\n'));
      }
      if (exited.signal === 'SIGKILL') throw new Error(`telemed-server ignored SIGTERM for 15 s (log: ${logFile})`);
      return exited;
    },
  };
}

const MIME = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.ico': 'image/x-icon', '.data': 'application/octet-stream', '.ttf': 'font/ttf',
  '.woff2': 'font/woff2', '.webmanifest': 'application/manifest+json', '.txt': 'text/plain',
};

/**
 * A plain static file server over the web root, nothing else: no WebSocket, no API. The offline demo must
 * work against it, which proves it needs no backend. Returns { url, port, requests, stop() }.
 */
export async function startStaticServer({ root = webRoot } = {}) {
  assertWebRoot(root);
  const requests = [];
  const server = http.createServer(async (req, res) => {
    const u = new URL(req.url, 'http://x');
    requests.push({ method: req.method, path: u.pathname, upgrade: !!req.headers.upgrade });
    let rel = decodeURIComponent(u.pathname);
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.join(root, path.normalize(rel));
    if (!file.startsWith(root) || req.method !== 'GET') { res.writeHead(404); res.end(); return; }
    try {
      const body = await fsp.readFile(file);
      res.writeHead(200, { 'content-type': MIME[path.extname(file)] || 'application/octet-stream',
                           'cache-control': 'no-cache' });
      res.end(body);
    } catch {
      res.writeHead(404); res.end('not found');
    }
  });
  server.on('upgrade', (req, socket) => { requests.push({ method: 'UPGRADE', path: req.url, upgrade: true }); socket.destroy(); });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`, port, requests,
    stop: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
  };
}

/** True when a URL path names a file of the web root (or the root page): what "page assets" means. */
export function isPageAsset(urlPath) {
  if (urlPath === '/' || urlPath === '') return true;
  const rel = path.normalize(decodeURIComponent(urlPath)).replace(/^\/+/, '');
  const file = path.join(webRoot, rel);
  return file.startsWith(webRoot) && fs.existsSync(file) && fs.statSync(file).isFile();
}

// ---------------------------------------------------------------------------------------------------
// [browser]

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--enable-unsafe-swiftshader', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic',
  '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
];

// A person in Berlin (so "your time zone" is not UTC by accident), English UI.
const PERSON = { timezoneId: 'Europe/Berlin', locale: 'en-GB' };
export const VIEWPORTS = {
  phone: { ...PERSON, viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true },
  desktop: { ...PERSON, viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 },
};

/** Debian's Chromium, headless. Playwright gives every launch a fresh temporary user-data dir. */
export async function launchBrowser(extraArgs = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [...CHROMIUM_ARGS, ...extraArgs],
  });
}

const pageInfo = new WeakMap();

/**
 * A fresh context and page at a named viewport ('phone' or 'desktop'). Tracks, from the start:
 * sockets (every WebSocket the page opens), requests (with the time they started), page errors and
 * console errors. Returns { context, page, sockets, requests, errors, consoleErrors, close() }.
 */
export async function newPage(browser, viewportName = 'desktop', contextOptions = {}) {
  const context = await browser.newContext({ ...VIEWPORTS[viewportName], ...contextOptions });
  const page = await context.newPage();
  const t = {
    context, page, viewport: viewportName, sockets: [], requests: [], errors: [], consoleErrors: [],
    close: () => context.close(),
  };
  page.on('websocket', (ws) => t.sockets.push({ url: ws.url(), at: Date.now() }));
  page.on('request', (req) => t.requests.push({ url: req.url(), method: req.method(), type: req.resourceType(), at: Date.now() }));
  page.on('pageerror', (err) => t.errors.push(String(err && err.stack || err)));
  page.on('console', (msg) => { if (msg.type() === 'error') t.consoleErrors.push(msg.text()); });
  pageInfo.set(page, t);
  return t;
}

/**
 * Runs fn(t) with a fresh page at a viewport and closes it after. On failure it saves
 * artifacts/FAILED-<name>-<viewport>.png and adds the page's uncaught errors and console errors to the
 * error, so a red run says what the page saw.
 */
export async function withPage(browser, viewportName, name, fn) {
  const t = await newPage(browser, viewportName);
  try {
    await fn(t);
  } catch (err) {
    try { await screenshot(t.page, `FAILED-${name}`); } catch { /* page gone */ }
    const extra = [];
    if (t.errors.length) extra.push(`page errors:\n  ${t.errors.slice(0, 10).join('\n  ')}`);
    if (t.consoleErrors.length) extra.push(`console errors:\n  ${t.consoleErrors.slice(0, 10).join('\n  ')}`);
    if (extra.length && err && typeof err.message === 'string') err.message += `\n${extra.join('\n')}`;
    throw err;
  } finally {
    await t.close().catch(() => {});
  }
}

// ---------------------------------------------------------------------------------------------------
// [actions]

/** Navigates and waits until the app says it is ready (window.telemedReady === true). */
export async function openApp(page, url, { timeout = 60_000 } = {}) {
  await page.goto(url, { waitUntil: 'load', timeout });
  await page.waitForFunction(() => window.telemedReady === true, null, { timeout, polling: 50 });
}

// Icon-font glyphs (Unicode private use area) that a widget draws beside its text. A name given as a
// string matches exactly, give or take such glyphs around it; tests/e2e/a11y.test.mjs checks separately
// that accessible names carry none, since a screen reader would read them out.
const ICON = '[\\uE000-\\uF8FF\\s]*';
const escapeRe = (t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function nameOpt(name) {
  return name instanceof RegExp ? { name } : { name: new RegExp(`^${ICON}${escapeRe(name)}${ICON}$`, 'u') };
}

/** The textbox option: fields are matched exactly (no icons). */
function fieldOpt(name) {
  return name instanceof RegExp ? { name } : { name, exact: true };
}

/** A locator for role + name; role may be a list of candidate roles (first one present wins). */
async function findByRole(page, role, name, timeout) {
  const roles = Array.isArray(role) ? role : [role];
  const deadline = Date.now() + timeout;
  for (;;) {
    for (const r of roles) {
      // Roles such as alert, status and paragraph take no name from their content (ARIA): for them the
      // "name" is matched against the text they hold.
      for (const loc of [page.getByRole(r, nameOpt(name)), page.getByRole(r).filter({ hasText: nameOpt(name).name })]) {
        const n = await loc.count();
        for (let i = 0; i < n; i++) {
          const box = await loc.nth(i).boundingBox().catch(() => null);
          if (box && box.width > 0 && box.height > 0) return { locator: loc.nth(i), box };
        }
      }
    }
    if (Date.now() > deadline) {
      const seen = await describeLayer(page);
      throw new Error(`no visible ${roles.join('|')} named ${name} after ${timeout} ms.\n` +
                      `Accessibility layer now holds:\n${seen}`);
    }
    await sleep(100);
  }
}

/** A short listing of what the accessibility layer shows, for error messages. */
export async function describeLayer(page) {
  try {
    const snap = await page.locator('body').ariaSnapshot({ timeout: 2000 });
    return snap.split('\n').slice(0, 80).join('\n');
  } catch (e) {
    return `(no snapshot: ${e.message})`;
  }
}

/**
 * Clicks a widget the way a person would: finds it by role and accessible name in the accessibility
 * layer, waits until it has a rectangle, and presses the real mouse at its centre, on the canvas.
 */
export async function clickByRole(page, role, name, { timeout = 15_000 } = {}) {
  const box = await scrollIntoView(page, role, name, timeout);
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y, { steps: 2 });
  await sleep(30);
  await page.mouse.down();
  await sleep(60);
  await page.mouse.up();
  await sleep(30);
}

/**
 * A widget below (or above) the fold is brought into view the way a person would: the mouse wheel over
 * the canvas, above the widget's column, until the widget's centre is inside the viewport. Returns its rectangle.
 */
async function scrollIntoView(page, role, name, timeout) {
  let { box } = await findByRole(page, role, name, timeout);
  const vp = page.viewportSize();
  for (let i = 0; i < 20; i++) {
    const cy = box.y + box.height / 2;
    const margin = Math.min(80, vp.height / 4);
    if (cy >= margin && cy <= vp.height - margin) {
      // The layer follows the canvas one frame late, and a busy page (video) may draw that frame after
      // our 250 ms: only a rectangle that stayed put is clicked (a stale one lands on another widget).
      await sleep(120);
      const again = (await findByRole(page, role, name, timeout)).box;
      if (again.x === box.x && again.y === box.y) return box;
      box = again;
      continue;
    }
    // Over the widget's own column (a side panel scrolls by itself), halfway down the screen.
    await page.mouse.move(Math.min(Math.max(box.x + box.width / 2, 1), vp.width - 1), vp.height / 2);
    const dy = cy - vp.height / 2;
    await page.mouse.wheel(0, Math.max(-vp.height * 0.8, Math.min(vp.height * 0.8, dy)));
    await sleep(250);
    const before = box;
    ({ box } = await findByRole(page, role, name, timeout));
    // A widget that does not move with the wheel (a fixed tab bar at the bottom of a phone screen) is
    // clicked where it is, when it is on screen at all.
    const y = box.y + box.height / 2;
    if (box.y === before.y && y >= 0 && y <= vp.height) return box;
  }
  const cy = box.y + box.height / 2;
  if (cy < 0 || cy > vp.height) {
    throw new Error(`${name} stays outside the viewport (centre y ${cy.toFixed(0)} of ${vp.height}) after scrolling`);
  }
  return box;
}

/** Types into a field found by its label (an <input aria-label> in the accessibility layer). */
export async function fillByLabel(page, name, value, { timeout = 15_000 } = {}) {
  await page.getByRole('textbox', fieldOpt(name)).fill(value, { timeout });
}

/** The value a labelled field holds now, or null when there is no such field. */
export async function fieldValue(page, name) {
  const loc = page.getByRole('textbox', fieldOpt(name));
  if ((await loc.count()) === 0) return null;
  return loc.first().inputValue();
}

/** Waits until the accessibility layer (text or accessible names) contains text. */
export async function expectText(page, text, { timeout = 15_000 } = {}) {
  try {
    await page.waitForFunction((needle) => {
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT);
      for (let n = walker.currentNode; n; n = walker.nextNode()) {
        if (n.tagName === 'SCRIPT' || n.tagName === 'STYLE') continue;
        const label = n.getAttribute('aria-label');
        if (label && label.includes(needle)) return true;
        for (const c of n.childNodes) if (c.nodeType === 3 && c.textContent.includes(needle)) return true;
      }
      return false;
    }, text, { timeout, polling: 100 });
  } catch (e) {
    throw new Error(`text "${text}" did not appear within ${timeout} ms.\n` +
                    `Accessibility layer now holds:\n${await describeLayer(page)}`);
  }
}

/** Waits until a widget with this role and name is laid out; returns its locator. */
export async function expectRole(page, role, name, { timeout = 15_000 } = {}) {
  return (await findByRole(page, role, name, timeout)).locator;
}

/**
 * Waits for the first of several [role, name] candidates to be laid out; returns its index.
 * For screens that may or may not come first (e.g. the demo may open on its home screen or on sign-in).
 */
export async function waitForAny(page, candidates, { timeout = 15_000 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    for (let i = 0; i < candidates.length; i++) {
      const [role, name] = candidates[i];
      try { await findByRole(page, role, name, 0); return i; } catch { /* not yet */ }
    }
    if (Date.now() > deadline) {
      throw new Error(`none of ${JSON.stringify(candidates.map(([r, n]) => `${r}:${n}`))} appeared within ${timeout} ms.\n` +
                      `Accessibility layer now holds:\n${await describeLayer(page)}`);
    }
    await sleep(100);
  }
}

/** Saves a PNG to tests/e2e/artifacts/<name>-<viewport>.png and returns its path. */
export async function screenshot(page, name) {
  await fsp.mkdir(artifactsDir, { recursive: true });
  const info = pageInfo.get(page);
  const file = path.join(artifactsDir, `${name}-${info ? info.viewport : 'page'}.png`);
  await sleep(150); // let the frame that follows the last input reach the canvas
  await page.screenshot({ path: file });
  return file;
}
