// Text in every script (issue 13): 日本語, हिन्दी, ไทย, עברית, العربية, Ελληνικά, Русский and 😀 are drawn as
// the browser draws them, not as "?" boxes, in a field (a person's name, a doctor's languages), in a list
// (the doctor's card, "Speaks …"), in a notification; and 200 new CJK glyphs at once cost one frame.
//
// Runs in the offline demo (a static file server, the app's own in-page backend), which must draw text
// the same way as the app with a server: the glyphs the embedded fonts lack come from the browser's font
// stack either way (src/ui/toolkit/glyphs.h).
//
// How pixels are compared: the region of the canvas that shows a string is cut from a screenshot, its ink
// (distance from the region's background colour) summed per column into a profile, and that profile is
// correlated with the profile of the same string drawn by the browser itself (Canvas 2D, Noto Sans then
// the system's fallbacks, at the same size) and with the same string where every non-ASCII character is a
// "?" (what the app drew before). It must match the browser's rendering, in shape and width, and match it
// better than the "?" version. The emoji must also be drawn in colour.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startStaticServer, launchBrowser, withPage, openApp, clickByRole, expectRole, expectText, fillByLabel, waitForAny,
  screenshot,
} from './support/harness.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const escapeRe = (t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const SAMPLES = ['日本語', 'हिन्दी', 'ไทย', 'עברית', 'العربية', 'Ελληνικά', 'Русский', '😀'];
const NAME = '日本語 हिन्दी ไทย 😀';              // a person's name: fits the sign-up field at both widths
const LANGUAGES = SAMPLES.join(', ');
const MESSAGE = SAMPLES.join(' ');
// 200 distinct CJK ideographs none of the demo's screens showed before (U+4E00 + 37 k).
const CJK_200 = Array.from({ length: 200 }, (_, k) => String.fromCodePoint(0x4e00 + 37 * k)).join('');

const L = {
  tryDemo: ['button', 'Try the demo'],
  continueAsPatient: ['button', /^Continue as Patient\b/],
  continueAsDoctor: ['button', /^Continue as Doctor\b/],
  createAccount: [['link', 'button'], 'Create an account'],
  fullName: 'Full name',
  profileTab: ['tab', 'Profile'],
  doctorsTab: ['tab', 'Doctors'],
  accountTab: [['tab', 'button', 'link'], 'Account'],
  signOut: ['button', 'Sign out'],
  languages: 'Languages (comma-separated)',
  about: 'About you',
  saveProfile: ['button', 'Save profile'],
  seeTimesOkafor: ['button', 'See times for Dr. Amara Okafor'],
  messageOkafor: ['button', 'Message Dr. Amara Okafor'],
  message: 'Message',
  send: ['button', 'Send'],
  bell: ['button', /^(Notifications|\d+ unread notifications?)$/],
  notificationRow: ['button', new RegExp(`^(Unread: )?Zoë Łukasiewicz: ${escapeRe(MESSAGE)}`)],
  speaks: `Speaks ${LANGUAGES}`,
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

// The demo's sign-in screen (with its list of demo accounts), whichever way /?demo opens.
async function reachDemoSignIn(page) {
  const which = await waitForAny(page, [L.continueAsPatient, L.tryDemo, L.accountTab], { timeout: 30_000 });
  if (which === 1) await clickByRole(page, ...L.tryDemo);
  if (which === 2) await signOut(page);
  await expectRole(page, ...L.continueAsPatient, { timeout: 30_000 });
}

async function signOut(page) {
  const which = await waitForAny(page, [L.signOut, L.accountTab]);
  if (which === 1) await clickByRole(page, ...L.accountTab);
  await clickByRole(page, ...L.signOut);
  await expectRole(page, ...L.continueAsPatient, { timeout: 30_000 });
}

/** The rectangle (CSS px) of the accessibility-layer element with this role and name. */
async function boxOf(page, role, name) {
  const loc = name instanceof RegExp ? page.getByRole(role, { name }) : page.getByRole(role, { name, exact: true });
  const box = await loc.first().boundingBox({ timeout: 10_000 });
  assert.ok(box, `no ${role} named ${name} on screen`);
  return box;
}

/** The rectangle of a paragraph of the accessibility layer holding exactly this text. */
async function textBox(page, text) {
  const loc = page.locator('p').filter({ hasText: new RegExp(`^\\s*${escapeRe(text)}\\s*$`, 'u') });
  await loc.first().waitFor({ state: 'attached', timeout: 15_000 });
  // Which doctor comes first depends on the hour (soonest free first), so the line may be below the fold:
  // the wheel brings it up, as a person would; the layer follows the canvas a frame later.
  const viewport = page.viewportSize();
  const onScreen = (b) => b && b.width > 0 && b.height > 0 && b.x >= 0 && b.y >= 0 &&
                          b.x + b.width <= viewport.width && b.y + b.height <= viewport.height;
  let box = await loc.first().boundingBox();
  for (let i = 0; i < 30 && !onScreen(box); i++) {
    if (box && box.height > 0) {
      const dy = box.y + box.height / 2 - viewport.height / 2;
      await page.mouse.move(viewport.width / 2, viewport.height / 2);
      await page.mouse.wheel(0, Math.max(-viewport.height * 0.8, Math.min(viewport.height * 0.8, dy)));
    }
    await sleep(250);
    box = await loc.first().boundingBox();
  }
  await sleep(150);
  box = await loc.first().boundingBox();
  assert.ok(onScreen(box), `no text "${text}" on screen: ${JSON.stringify(box)}`);
  return box;
}

/**
 * Compares what the canvas shows inside `clip` (CSS px) with the browser's own rendering of `text` at `em`
 * CSS px. Returns { corr, tofuCorr, widthRatio, colour } for the line of the region that matches best.
 */
async function compareWithBrowser(page, clip, text, { em = 16 } = {}) {
  await sleep(300);  // the frame after the glyphs were drawn
  const png = await page.screenshot({ clip });
  const tofu = Array.from(text).map((c) => (c.codePointAt(0) < 0x80 ? c : '?')).join('');
  return page.evaluate(async ({ b64, text, tofu, em }) => {
    const dpr = window.devicePixelRatio;
    const blob = await (await fetch(`data:image/png;base64,${b64}`)).blob();
    const img = await createImageBitmap(blob);
    const read = (draw, w, h) => {
      const c = new OffscreenCanvas(w, h);
      const x = c.getContext('2d', { willReadFrequently: true });
      draw(x);
      return x.getImageData(0, 0, w, h);
    };
    // Ink: how far each pixel is from the region's most common colour (its background), 0..1.
    const inkOf = (d) => {
      const counts = new Map();
      for (let i = 0; i < d.data.length; i += 4) {
        const k = ((d.data[i] >> 4) << 8) | ((d.data[i + 1] >> 4) << 4) | (d.data[i + 2] >> 4);
        counts.set(k, (counts.get(k) || 0) + 1);
      }
      let bgKey = 0, best = -1;
      for (const [k, n] of counts) if (n > best) { best = n; bgKey = k; }
      // The background: the mean of the pixels in that bucket (not the bucket's centre, which is off by up
      // to 8 levels and would make every pixel a little inked).
      const bg = [0, 0, 0];
      for (let i = 0; i < d.data.length; i += 4) {
        const k = ((d.data[i] >> 4) << 8) | ((d.data[i + 1] >> 4) << 4) | (d.data[i + 2] >> 4);
        if (k === bgKey) { bg[0] += d.data[i] / best; bg[1] += d.data[i + 1] / best; bg[2] += d.data[i + 2] / best; }
      }
      const ink = new Float32Array(d.width * d.height);
      let colour = 0;
      for (let p = 0, i = 0; p < ink.length; p++, i += 4) {
        const [r, g, b] = [d.data[i], d.data[i + 1], d.data[i + 2]];
        const v = Math.max(Math.abs(r - bg[0]), Math.abs(g - bg[1]), Math.abs(b - bg[2])) / 255;
        ink[p] = v < 0.08 ? 0 : v;  // compression noise and the background's own texture are not ink
        if (r > 200 && g > 140 && b < 90) colour++;  // the emoji's yellow face
      }
      return { ink, w: d.width, h: d.height, colour };
    };
    // Lines of ink: rows with ink, gaps of a few pixels (marks above Thai and Devanagari letters) bridged.
    const bands = ({ ink, w, h }) => {
      const rows = [];
      for (let y = 0; y < h; y++) {
        let s = 0, covered = 0;
        for (let x = 0; x < w; x++) { s += ink[y * w + x]; if (ink[y * w + x] > 0.2) covered++; }
        rows.push(s > 0.6 && covered < 0.6 * w);  // a row inked all along is a border, not text
      }
      const out = [];
      const gap = Math.ceil(0.15 * em * dpr);
      for (let y = 0; y < h; y++) {
        if (!rows[y]) continue;
        const last = out[out.length - 1];
        if (last && y - last[1] <= gap) last[1] = y + 1;
        else out.push([y, y + 1]);
      }
      return out;
    };
    const BINS = 48;  // about one bin per glyph: tolerant of sub-pixel placement, not of other shapes
    const profile = ({ ink, w }, [y0, y1]) => {
      const cols = new Float32Array(w);
      for (let y = y0; y < y1; y++) for (let x = 0; x < w; x++) cols[x] += ink[y * w + x];
      let a = 0, b = w - 1;
      while (a < w && cols[a] < 0.3) a++;
      while (b > a && cols[b] < 0.3) b--;
      const width = b - a + 1;
      const p = new Float32Array(BINS);
      for (let x = a; x <= b; x++) p[Math.min(BINS - 1, Math.floor(((x - a) / width) * BINS))] += cols[x];
      return { p, width };
    };
    const corr = (a, b) => {
      const n = a.length;
      const ma = a.reduce((s, v) => s + v, 0) / n, mb = b.reduce((s, v) => s + v, 0) / n;
      let num = 0, da = 0, db = 0;
      for (let i = 0; i < n; i++) { num += (a[i] - ma) * (b[i] - mb); da += (a[i] - ma) ** 2; db += (b[i] - mb) ** 2; }
      return num / Math.sqrt(da * db || 1);
    };
    // The browser's own rendering: black on white, Noto Sans then the system's fallbacks, as the app asks.
    const reference = (s) => {
      const px = em * dpr;
      const font = `${px}px "Noto Sans", sans-serif`;
      const probe = new OffscreenCanvas(1, 1).getContext('2d');
      probe.font = font;
      const w = Math.ceil(probe.measureText(s).width + 4 * px), h = Math.ceil(px * 2.5);
      const d = read((x) => {
        x.fillStyle = '#fff';
        x.fillRect(0, 0, w, h);
        x.font = font;
        x.fillStyle = '#000';
        x.fillText(s, 2 * px, px * 1.6);
      }, w, h);
      const ink = inkOf(d);
      const all = bands(ink);
      return profile(ink, [all[0][0], all[all.length - 1][1]]);
    };
    const shown = inkOf(read((x) => x.drawImage(img, 0, 0), img.width, img.height));
    const real = reference(text), tofuRef = reference(tofu);
    let best = { corr: -1, tofuCorr: -1, widthRatio: 0 };
    for (const band of bands(shown)) {
      const got = profile(shown, band);
      const c = corr(got.p, real.p);
      if (c > best.corr) best = { corr: c, tofuCorr: corr(got.p, tofuRef.p), widthRatio: got.width / real.width };
    }
    return { ...best, colour: shown.colour, bands: bands(shown).length };
  }, { b64: png.toString('base64'), text, tofu, em });
}

function assertLooksLikeBrowser(what, r) {
  console.log(`# ${what}: correlation with the browser's rendering ${r.corr.toFixed(3)}, with "?"s ` +
              `${r.tofuCorr.toFixed(3)}, width ratio ${r.widthRatio.toFixed(3)}, emoji-coloured pixels ${r.colour}`);
  assert.ok(r.corr >= 0.8, `${what}: the drawn text does not look like the browser's rendering (${JSON.stringify(r)})`);
  assert.ok(r.corr > r.tofuCorr + 0.05, `${what}: the drawn text looks like "?" boxes (${JSON.stringify(r)})`);
  assert.ok(r.widthRatio > 0.85 && r.widthRatio < 1.18, `${what}: width differs from the browser's (${JSON.stringify(r)})`);
  assert.ok(r.colour > 4, `${what}: the emoji is not drawn in colour (${JSON.stringify(r)})`);
}

for (const viewport of ['desktop', 'phone']) {
  test(`every script is drawn as the browser draws it: field, list, notification (${viewport})`, { timeout: 240_000 }, async () => {
    await withPage(browser, viewport, 'scripts', async (t) => {
      const glyphLines = [];
      t.page.on('console', (m) => { if (m.text().startsWith('glyphs:')) glyphLines.push(m.text()); });
      const check = viewport === 'desktop';  // at phone width the lines wrap or are cut with "…": look only
      await openApp(t.page, `${server.url}/?demo`);
      await reachDemoSignIn(t.page);

      // A person types their name: the sign-up field.
      await clickByRole(t.page, ...L.createAccount);
      await fillByLabel(t.page, L.fullName, NAME);
      await t.page.keyboard.press('Tab');  // on to the next field: no caret after the name
      const field = await boxOf(t.page, 'textbox', L.fullName);
      await screenshot(t.page, 'scripts-name-field');
      if (check) {
        const inner = { x: field.x + 6, y: field.y + 6, width: field.width - 12, height: field.height - 12 };
        assertLooksLikeBrowser('name field', await compareWithBrowser(t.page, inner, NAME));
      }

      // The doctor lists their languages, and writes 200 new CJK characters at once (the frame-time figure).
      await openApp(t.page, `${server.url}/?demo`);
      await reachDemoSignIn(t.page);
      await clickByRole(t.page, ...L.continueAsDoctor);
      await clickByRole(t.page, ...L.profileTab);
      await fillByLabel(t.page, L.languages, LANGUAGES);
      await screenshot(t.page, 'scripts-languages-field');
      glyphLines.length = 0;
      await fillByLabel(t.page, L.about, CJK_200);
      for (let i = 0; i < 50 && !glyphLines.some((l) => l.includes('frame with new glyphs')); i++) await sleep(100);
      console.log(`# 200 new CJK glyphs (${viewport}):\n#   ${glyphLines.join('\n#   ')}`);
      assert.ok(glyphLines.some((l) => l.includes('frame with new glyphs')), 'no frame added the 200 glyphs');
      await screenshot(t.page, 'scripts-cjk-200');
      await clickByRole(t.page, ...L.saveProfile);
      await sleep(1000);
      await signOut(t.page);

      // The patient finds the doctor: "Speaks …" in the list, then writes to them.
      await clickByRole(t.page, ...L.continueAsPatient);
      await clickByRole(t.page, ...L.doctorsTab);
      await expectText(t.page, L.speaks, { timeout: 15_000 });
      await sleep(500);
      await screenshot(t.page, 'scripts-doctors');
      if (check) assertLooksLikeBrowser('doctor\'s languages', await compareWithBrowser(t.page, await textBox(t.page, L.speaks), L.speaks));
      await clickByRole(t.page, ...L.seeTimesOkafor);
      await clickByRole(t.page, ...L.messageOkafor);
      await fillByLabel(t.page, L.message, MESSAGE);
      await clickByRole(t.page, ...L.send);
      await expectText(t.page, MESSAGE);
      await sleep(500);
      await screenshot(t.page, 'scripts-thread');
      await signOut(t.page);

      // The doctor's notification of that message.
      await clickByRole(t.page, ...L.continueAsDoctor);
      await clickByRole(t.page, ...L.bell);
      const row = await boxOf(t.page, 'button', L.notificationRow[1]);
      await sleep(500);
      await screenshot(t.page, 'scripts-notification');
      if (check) {
        // The body line: the lower half of the row, right of the kind's icon.
        const body = { x: row.x + 48, y: row.y + row.height * 0.45, width: row.width * 0.6, height: row.height * 0.5 };
        assertLooksLikeBrowser('notification', await compareWithBrowser(t.page, body, MESSAGE));
      }
      // The calendar (its blocks go through the same display_text as all text): for the eye only.
      await clickByRole(t.page, 'tab', 'Schedule');
      await clickByRole(t.page, 'radio', 'Calendar');
      await sleep(800);
      await screenshot(t.page, 'scripts-schedule');
      assert.deepEqual(t.errors, [], 'uncaught errors in the page');
    });
  });
}
