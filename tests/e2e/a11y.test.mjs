// The accessibility layer and the layout, screen by screen, at phone and desktop size (UX.md):
//   - every interactive widget is in the layer with a name, and no name carries icon-font glyphs
//     (a screen reader would read them out as gibberish);
//   - nothing is cut off: every widget lies within the viewport's width (no horizontal scrolling);
//   - at phone size, touch targets are at least 44 px high.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, withPage, openApp, clickByRole, expectRole } from './support/harness.mjs';

// ---- Labels the UI shows (role, accessible name). Keep them here, in one place. ----
const L = {
  signIn: ['button', 'Sign in'],
  signUpLink: [['link', 'button'], /^(Sign up|Create an account)$/],
  createAccount: ['button', 'Create account'],
};
const MIN_TOUCH_PX = 44;
const INTERACTIVE = 'button, a, input, select, textarea, [role=button], [role=link], [role=checkbox], ' +
                    '[role=radio], [role=tab], [role=switch], [role=textbox], [role=option], [role=menuitem]';

let server;
let browser;

before(async () => {
  server = await startServer({ name: 'a11y-server' });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** What the layer holds: interactive widgets with name and rectangle, and every named/text node. */
async function layer(page) {
  return page.evaluate((sel) => {
    const nameOf = (e) => (e.getAttribute('aria-label') || e.getAttribute('aria-labelledby') && '(labelledby)' ||
                           e.textContent || e.getAttribute('placeholder') || '').trim();
    const widgets = [...document.querySelectorAll(sel)].filter((e) => !e.closest('[aria-hidden=true]')).map((e) => {
      const r = e.getBoundingClientRect();
      return { tag: e.tagName.toLowerCase(), role: e.getAttribute('role') || e.type || '', name: nameOf(e),
               x: r.x, y: r.y, w: r.width, h: r.height, disabled: e.disabled || e.getAttribute('aria-disabled') === 'true' };
    }).filter((w) => w.w > 0 && w.h > 0);
    const texts = [];
    for (const e of document.querySelectorAll('[aria-label], h1, h2, h3, p, button, label, [role=status], [role=alert]')) {
      if (e.getClientRects().length === 0) continue; // display:none: not in the layer
      const t = (e.getAttribute('aria-label') || '') + ' ' + (e.textContent || '');
      if (t.trim()) texts.push(t.trim());
    }
    return { widgets, texts, width: window.innerWidth };
  }, INTERACTIVE);
}

function check(snapshot, viewport) {
  const problems = [];
  const pua = /[\uE000-\uF8FF]/u;
  for (const t of snapshot.texts) {
    if (pua.test(t)) problems.push(`icon glyph in an accessible name/text: ${JSON.stringify(t)}`);
  }
  for (const w of snapshot.widgets) {
    const id = `${w.tag}${w.role ? `[${w.role}]` : ''} ${JSON.stringify(w.name)}`;
    if (!w.name) problems.push(`interactive widget without a name: ${id}`);
    if (w.x < -1 || w.x + w.w > snapshot.width + 1) {
      problems.push(`${id} is cut off: x ${w.x.toFixed(0)}..${(w.x + w.w).toFixed(0)} in a ${snapshot.width}px viewport`);
    }
    if (viewport === 'phone' && !w.disabled && w.h < MIN_TOUCH_PX - 0.5) {
      problems.push(`${id} is ${w.h.toFixed(0)}px high: touch targets need ${MIN_TOUCH_PX}px`);
    }
  }
  return problems;
}

for (const viewport of ['phone', 'desktop']) {
  test(`sign-in and sign-up screens: names, no clipping, touch targets (${viewport})`, { timeout: 120_000 }, async () => {
    await withPage(browser, viewport, 'a11y', async (t) => {
      await openApp(t.page, server.url);
      await expectRole(t.page, ...L.signIn);
      const signIn = check(await layer(t.page), viewport);

      await clickByRole(t.page, ...L.signUpLink);
      await expectRole(t.page, ...L.createAccount);
      const signUp = check(await layer(t.page), viewport);

      const all = [...signIn.map((p) => `sign-in: ${p}`), ...signUp.map((p) => `sign-up: ${p}`)];
      assert.deepEqual(all, [], `accessibility/layout problems at ${viewport} size`);
    });
  });
}
