// The account screen, as a patient uses it on a phone and on a desktop: details (name, country,
// language, time zone found by typing), the theme (kept on the device, across a reload), downloading
// one's data as JSON, a new e-mail address confirmed by the password, and deleting the account (after
// which the old address no longer signs in); and the administrator's list of accounts, searched and
// filtered by role. Real server, real Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import {
  withPage, openApp, clickByRole, fillByLabel, expectRole, expectText, waitForAny, screenshot,
} from './support/harness.mjs';
import { serverSuite, signUp, TEST_PASSWORD, ADMIN } from './support/protocol.mjs';

const L = {
  email: 'E-mail',
  password: 'Password',
  signIn: ['button', 'Sign in'],
  homeHeading: ['heading', /Welcome/],
  accountTab: [['tab', 'button', 'link'], 'Account'],
  accountHeading: ['heading', 'Your account'],
  name: 'Name',
  findCountry: 'Find a country',
  findLanguage: 'Find a language',
  findZone: 'Find a time zone',
  choice: (name) => ['button', name],
  saveDetails: ['button', 'Save details'],
  saved: 'Your details are saved.',
  theme: (name) => [['radio', 'button', 'tab', 'option'], name],
  download: ['button', 'Download my data'],
  newEmail: 'New e-mail address',
  confirmPassword: 'Your password, to confirm',
  deletePassword: 'Your password, to delete the account',
  changeEmail: ['button', 'Change e-mail address'],
  askDelete: ['button', 'Delete my account…'],
  deleteNow: ['button', 'Delete my account'],
  deleted: 'Your account is deleted. Its personal data has been erased.',
  wrongPassword: 'The e-mail or password is not correct.',
};

// A clinic of realistic size for the administrator's list: 240 patients named in several scripts (the
// address limit on sign-ups is raised for this set-up alone).
const SCRIPTS = ['Zoë Łukasiewicz-Kowalczyk', 'محمد عبد الرحمن', '王小明', 'अनन्या शर्मा', 'Алексей Смирнов', 'Ελένη Παπαδοπούλου',
  'สมชาย ใจดี', 'נועה כהן', 'Nguyễn Thị Minh Khai', 'Oluwaseun Adébáyọ̀ Ogunleye-Bankole of Abeokuta'];
const env = serverSuite({
  name: 'account-settings-server', client: 'account_settings.test', serverArgs: ['--auth-burst-per-address', '1000'],
  setUp: async ({ proto }) => {
    const stamp = Date.now();
    for (let batch = 0; batch < 24; batch++) {
      await Promise.all(Array.from({ length: 10 }, (_, k) => {
        const i = batch * 10 + k;
        const who = { name: `${SCRIPTS[i % SCRIPTS.length]} ${i + 1}`, email: `crowd-${i}-${stamp}@example.test`, password: TEST_PASSWORD };
        return signUp(proto, `crowd-${i}`, who, 'patient');
      }));
    }
  },
});

async function signIn(page, email) {
  await fillByLabel(page, L.email, email);
  await fillByLabel(page, L.password, TEST_PASSWORD);
  await clickByRole(page, ...L.signIn);
  await expectRole(page, ...L.homeHeading, { timeout: 30_000 });
}

// Types into a search field and presses the match: the way a person finds one entry of a long list.
async function choose(page, field, typed, entry) {
  await fillByLabel(page, field, typed);
  await clickByRole(page, ...L.choice(entry));
}

for (const viewport of ['phone', 'desktop']) {
  test(`account settings at ${viewport} size: details, theme, data, e-mail, deletion`, { timeout: 240_000 }, async () => {
    const who = { name: `Settings ${viewport}`, email: `settings-${viewport}-${Date.now()}@example.test`, password: TEST_PASSWORD };
    await signUp(env.proto, `patient-${viewport}`, who, 'patient');
    await withPage(env.browser, viewport, 'account-settings', async (t) => {
      await openApp(t.page, env.server.url);
      await signIn(t.page, who.email);
      await clickByRole(t.page, ...L.accountTab);
      await expectRole(t.page, ...L.accountHeading);
      await screenshot(t.page, 'account-settings');

      // Details: a name in another script, a country, a language and a time zone found by typing.
      await fillByLabel(t.page, L.name, 'Ngozi Adébáyọ̀ — 恩戈兹');
      await choose(t.page, L.findCountry, 'nigeri', 'Nigeria');
      await choose(t.page, L.findLanguage, 'yoru', 'Yoruba');
      await choose(t.page, L.findZone, 'lagos', 'Africa/Lagos');
      await clickByRole(t.page, ...L.saveDetails);
      await expectText(t.page, L.saved, { timeout: 15_000 });
      const me = await env.proto.call(`patient-${viewport}`, 'me');
      assert.equal(me.user.display_name, 'Ngozi Adébáyọ̀ — 恩戈兹');
      assert.equal(me.user.country, 'NG');
      assert.equal(me.user.language, 'yo');
      assert.equal(me.user.time_zone, 'Africa/Lagos');

      // The theme: dark, kept on this device across a reload.
      await clickByRole(t.page, ...L.theme('Dark'));
      await t.page.waitForFunction(() => localStorage.getItem('telemed.theme') === 'dark', null, { timeout: 10_000 });
      await screenshot(t.page, 'account-dark');
      await t.page.reload();
      await t.page.waitForFunction(() => window.telemedReady === true, null, { timeout: 60_000 });
      await expectRole(t.page, ...L.accountHeading, { timeout: 30_000 });  // the URL kept the screen
      assert.equal(await t.page.evaluate(() => localStorage.getItem('telemed.theme')), 'dark');
      await clickByRole(t.page, ...L.theme('Automatic'));
      await t.page.waitForFunction(() => localStorage.getItem('telemed.theme') === 'system', null, { timeout: 10_000 });

      // One's data, as one JSON file.
      const download = t.page.waitForEvent('download', { timeout: 30_000 });
      await clickByRole(t.page, ...L.download);
      const file = await download;
      assert.match(file.suggestedFilename(), /^my-telemed-data-\d{4}-\d\d-\d\d\.json$/);
      const data = JSON.parse(await fs.readFile(await file.path(), 'utf8'));
      assert.equal(data.account.email, who.email);
      assert.equal(data.account.display_name, 'Ngozi Adébáyọ̀ — 恩戈兹');
      assert.ok(Array.isArray(data.appointments) && Array.isArray(data.conversations) && Array.isArray(data.notifications));
      assert.equal(JSON.stringify(data).includes('password'), false, 'no password (nor its hash) in the export');

      // A new e-mail address, confirmed by the password.
      const newEmail = `moved-${viewport}-${Date.now()}@example.test`;
      await fillByLabel(t.page, L.newEmail, newEmail);
      await fillByLabel(t.page, L.confirmPassword, TEST_PASSWORD);
      await clickByRole(t.page, ...L.changeEmail);
      await expectText(t.page, `Your e-mail address is now ${newEmail}.`, { timeout: 15_000 });

      // Deleting: the question first (with what is kept), then the password, then the sign-in screen.
      await clickByRole(t.page, ...L.askDelete);
      await expectText(t.page, 'Delete your account?');
      await screenshot(t.page, 'account-delete-question');
      await fillByLabel(t.page, L.deletePassword, TEST_PASSWORD);
      await clickByRole(t.page, ...L.deleteNow);
      await expectText(t.page, L.deleted, { timeout: 15_000 });
      await expectRole(t.page, ...L.signIn);
      await fillByLabel(t.page, L.email, newEmail);
      await fillByLabel(t.page, L.password, TEST_PASSWORD);
      await clickByRole(t.page, ...L.signIn);
      await expectText(t.page, L.wrongPassword, { timeout: 15_000 });
      assert.deepEqual(t.errors, [], 'uncaught errors in the page');
    });
  });
}

for (const viewport of ['phone', 'desktop']) {
  test(`the administrator's accounts at ${viewport} size: search and role filter`, { timeout: 120_000 }, async () => {
    await withPage(env.browser, viewport, 'admin-accounts', async (t) => {
      await openApp(t.page, env.server.url);
      await fillByLabel(t.page, L.email, ADMIN.email);
      await fillByLabel(t.page, L.password, ADMIN.password);
      await clickByRole(t.page, ...L.signIn);
      await clickByRole(t.page, ['tab', 'button', 'link'], 'Accounts', { timeout: 30_000 });
      await expectRole(t.page, 'heading', 'Accounts');
      await expectText(t.page, 'Page 1 of ');  // 240 and more: several pages
      await screenshot(t.page, 'admin-accounts');
      await clickByRole(t.page, 'button', 'Patients');
      await fillByLabel(t.page, 'Search by name or e-mail', 'अनन्या');
      await expectText(t.page, 'Showing 1–24 of 24');  // one name in ten, in Devanagari
      await screenshot(t.page, 'admin-accounts-devanagari');
      await fillByLabel(t.page, 'Search by name or e-mail', '');
      await clickByRole(t.page, 'button', 'Next page');
      await expectText(t.page, 'Page 2 of ');

      await clickByRole(t.page, 'button', 'Doctors');
      await expectText(t.page, 'Dr. Amara Okafor');
      await fillByLabel(t.page, 'Search by name or e-mail', 'OKAFOR');
      await expectText(t.page, 'Showing 1–1 of 1');
      await screenshot(t.page, 'admin-accounts-search');
      await fillByLabel(t.page, 'Search by name or e-mail', 'nobody by this name');
      await expectText(t.page, 'No account matches. Try fewer letters, or another role or status.');
      await clickByRole(t.page, ['link', 'button'], 'Show every account');
      await expectText(t.page, 'Showing 1–');
      assert.deepEqual(t.errors, [], 'uncaught errors in the page');
    });
  });
}
