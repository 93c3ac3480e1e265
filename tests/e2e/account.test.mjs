// A new patient signs up, sees the home screen, signs out, signs in again; a reload resumes the session.
// Real server (fresh data dir), real Chromium, clicks on the canvas through the accessibility layer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launchBrowser, withPage, openApp, clickByRole, fillByLabel, fieldValue, expectRole,
  waitForAny, screenshot,
} from './support/harness.mjs';

// ---- Labels the UI shows (role, accessible name). Keep them here, in one place. ----
// A list of roles means "whichever the UI uses"; a RegExp accepts either wording.
const L = {
  signUpLink: [['link', 'button'], /^(Sign up|Create an account)$/],
  signInLink: [['link', 'button'], /^(Sign in|I already have an account)$/],
  rolePatient: [['radio', 'button', 'tab', 'option'], 'Patient'],
  fullName: 'Full name',
  email: 'E-mail',
  password: 'Password',
  timeZone: 'Time zone',
  createAccount: ['button', 'Create account'],
  signIn: ['button', 'Sign in'],
  signOut: ['button', 'Sign out'],
  accountTab: [['tab', 'button', 'link'], 'Account'], // where "Sign out" lives when it is not on screen
  homeHeading: ['heading', /Welcome/],
  signInHeading: ['heading', /Sign in/i],
};

const user = {
  name: 'Zoë Łukasiewicz',
  email: `patient-${Date.now()}@example.test`,
  password: 'Correct-Horse-Battery-2026',
  timeZone: 'Europe/Berlin',
};

let server;
let browser;

before(async () => {
  server = await startServer({ name: 'account-server' });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

function sockets(t) {
  return t.sockets.map((s) => s.url);
}

async function signIn(page) {
  await fillByLabel(page, L.email, user.email);
  await fillByLabel(page, L.password, user.password);
  await clickByRole(page, ...L.signIn);
  await expectRole(page, ...L.homeHeading, { timeout: 30_000 });
}

async function signOut(page) {
  const which = await waitForAny(page, [L.signOut, L.accountTab]);
  if (which === 1) await clickByRole(page, ...L.accountTab);
  await clickByRole(page, ...L.signOut);
}

test('a new patient signs up and lands on the patient home', { timeout: 120_000 }, async () => {
  await withPage(browser, 'desktop', 'sign-up-flow', async (t) => {
    await openApp(t.page, server.url);
    await clickByRole(t.page, ...L.signUpLink);
    await clickByRole(t.page, ...L.rolePatient);
    await fillByLabel(t.page, L.fullName, user.name);
    await fillByLabel(t.page, L.email, user.email);
    await fillByLabel(t.page, L.password, user.password);
    const tz = await fieldValue(t.page, L.timeZone);
    if (tz !== null && tz.trim() === '') await fillByLabel(t.page, L.timeZone, user.timeZone);
    await clickByRole(t.page, ...L.createAccount);
    await expectRole(t.page, ...L.homeHeading, { timeout: 30_000 });

    // One WebSocket per tab, opened once.
    assert.equal(t.sockets.length, 1, `expected exactly one WebSocket, saw: ${JSON.stringify(sockets(t))}`);
    assert.match(t.sockets[0].url, /\/ws$/);
    assert.deepEqual(t.errors, [], 'uncaught errors in the page');
  });
});

test('sign out, then sign in again; a reload keeps the session', { timeout: 120_000 }, async () => {
  await withPage(browser, 'desktop', 'sign-in-flow', async (t) => {
    await openApp(t.page, server.url);
    await signIn(t.page);

    await signOut(t.page);
    await expectRole(t.page, ...L.signIn, { timeout: 15_000 });

    await signIn(t.page);
    assert.equal(t.sockets.length, 1,
                 `sign out and sign in must reuse the tab's WebSocket, saw: ${JSON.stringify(sockets(t))}`);

    // Reload: the session resumes without the sign-in screen.
    await t.page.reload();
    await t.page.waitForFunction(() => window.telemedReady === true, null, { timeout: 60_000 });
    const which = await waitForAny(t.page, [L.homeHeading, L.signIn], { timeout: 30_000 });
    assert.equal(which, 0, 'after a reload the patient should still be signed in');
    assert.equal(t.sockets.length, 2, `one WebSocket per page load, saw: ${JSON.stringify(sockets(t))}`);
    assert.deepEqual(t.errors, [], 'uncaught errors in the page');
  });
});

for (const viewport of ['phone', 'desktop']) {
  test(`screenshots of sign-in, sign-up and home at ${viewport} size`, { timeout: 120_000 }, async () => {
    await withPage(browser, viewport, 'screenshots', async (t) => {
      await openApp(t.page, server.url);
      await expectRole(t.page, ...L.signIn);
      await screenshot(t.page, 'sign-in');

      await clickByRole(t.page, ...L.signUpLink);
      await expectRole(t.page, ...L.createAccount);
      await screenshot(t.page, 'sign-up');

      await clickByRole(t.page, ...L.signInLink);
      await signIn(t.page);
      await screenshot(t.page, 'home');
      assert.deepEqual(t.errors, [], 'uncaught errors in the page');
    });
  });
}
