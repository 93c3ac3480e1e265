// Messaging end to end: ONE real server (fresh data dir), set up through the protocol: a new doctor and a
// patient with a confirmed visit with them. Two browser pages:
//   - the patient (phone) opens the visit and presses "Message <doctor>", writes and sends with Enter;
//   - the doctor (desktop), on the Messages tab, sees the conversation arrive live with its unread badge,
//     opens it; the patient types the next message: the doctor sees "<patient> is typing…" first, then the
//     message; it is on the doctor's screen, so it is read, and the patient sees "Read hh:mm";
//   - the patient reloads: the URL keeps the thread, both messages are there once each;
//   - the patient types (over the protocol): the doctor's conversation list says "typing…" in place of
//     the last message; the doctor's browser goes offline while the patient edits one message and deletes
//     the other; back online, the doctor's thread shows the edit and "Message deleted" (changed_since);
// and the offline demo (/?demo, no server needed): the simulated doctor reads, types and answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withPage, openApp, clickByRole, fillByLabel, expectRole, expectText, waitForAny, screenshot, describeLayer } from './support/harness.mjs';
import { serverSuite, TEST_PASSWORD, setUpDoctor, setUpPatient } from './support/protocol.mjs';
import { CALL_LABELS, signIn, sleep, escapeRe } from './support/call_scene.mjs';

// ---- Labels the UI shows (role, accessible name). Keep them here, in one place. ----
const L = {
  ...CALL_LABELS,
  tabMessages: ['tab', /^Messages(, \d+ unread)?$/],
  tabMessagesUnread: (n) => ['tab', `Messages, ${n} unread`],
  messagesHeading: ['heading', 'Messages'],
  messageButton: (name) => ['button', `${'\u{F086}'}  Message ${name}`],
  conversationRow: (name) => ['button', new RegExp(`^${escapeRe(name)}(, \\d+ unread)?(, |$)`)],
  composer: 'Message',
  send: ['button', 'Send'],
  typing: (name) => `${name} is typing…`,
  demoPatient: ['button', /^Continue as Patient\b/],
  tryDemo: ['button', 'Try the demo'],
};

const stamp = Date.now();
const doctor = { name: 'Dr. Nadia Message', email: `msg-doctor-${stamp}@example.test`, password: TEST_PASSWORD };
const patient = { name: 'Zoë Łukasiewicz', email: `msg-patient-${stamp}@example.test`, password: TEST_PASSWORD };
const FIRST = 'Hello doctor, the rash on my arm is back 😟';
const SECOND = 'It itches at night.\nShould I use the cream again? — شكرا';

const env = serverSuite({ name: 'messaging-server', client: 'messaging.test', setUp: async ({ proto }) => {
  doctor.id = await setUpDoctor(proto, doctor, { bio: 'Answers messages.', licence_number: 'GMC-5550001' });
  ({ id: patient.id } = await setUpPatient(proto, 'patient', patient, doctor.id, 'Rash'));
} });

/** How many elements of the accessibility layer name or show `text` (a message must be there once). */
async function countText(page, text) {
  return page.evaluate((needle) => [...document.querySelectorAll('#a11y-root *')].filter((el) => {
    const label = el.getAttribute('aria-label') || '';
    const own = [...el.childNodes].filter((c) => c.nodeType === 3).map((c) => c.textContent).join('');
    return label.includes(needle) || own.includes(needle);
  }).length, text);
}

/** The message button's name starts with an icon: match it by its words. */
async function clickMessageButton(page, name) {
  await clickByRole(page, 'button', new RegExp(`Message ${escapeRe(name)}$`));
}

test('a patient writes, the doctor sees typing then the message live, reads it; the patient sees Read and reloads', { timeout: 240_000 }, async () => {
  await withPage(env.browser, 'desktop', 'messaging-doctor', async (doc) => {
    await withPage(env.browser, 'phone', 'messaging-patient', async (pat) => {
      await Promise.all([signIn(doc.page, env.server.url, doctor), signIn(pat.page, env.server.url, patient)]);

      // The doctor waits on the Messages tab: nothing yet.
      await clickByRole(doc.page, ...L.tabMessages);
      await expectText(doc.page, 'No messages yet');

      // The patient: Visits → the visit → Message <doctor>; the thread opens with its own URL.
      await clickByRole(pat.page, ...L.tabVisits);
      await clickByRole(pat.page, ...L.patientVisitRow(doctor.name));
      await clickMessageButton(pat.page, doctor.name);
      await expectRole(pat.page, 'heading', doctor.name);
      assert.match(new URL(pat.page.url()).hash, /^#\/messages\/\d+$/);
      await fillByLabel(pat.page, L.composer, FIRST);
      await pat.page.keyboard.press('Enter');
      await expectText(pat.page, FIRST);

      // The doctor: the conversation arrives live, with its unread count.
      await expectRole(doc.page, ...L.tabMessagesUnread(1), { timeout: 15_000 });
      await clickByRole(doc.page, ...L.conversationRow(patient.name));
      await expectText(doc.page, FIRST);
      await expectRole(doc.page, 'tab', 'Messages');  // read: the badge is gone

      // The patient types the next one: the doctor sees typing first, then the message.
      await fillByLabel(pat.page, L.composer, 'It itches');
      await expectText(doc.page, L.typing(patient.name), { timeout: 10_000 });
      await fillByLabel(pat.page, L.composer, SECOND);
      await clickByRole(pat.page, ...L.send);
      await expectText(doc.page, 'Should I use the cream again?', { timeout: 10_000 });
      // On the doctor's screen, so read: the patient sees "Read hh:mm" under their last message.
      await pat.page.waitForFunction(() => [...document.querySelectorAll('[role="status"]')]
        .some((el) => /^Read \d{2}:\d{2}$/.test(el.textContent.trim())), null, { timeout: 15_000, polling: 100 })
        .catch(async () => assert.fail(`no "Read hh:mm" on the patient's page:\n${await describeLayer(pat.page)}`));
      await screenshot(doc.page, 'messaging-doctor-thread');
      await screenshot(pat.page, 'messaging-patient-thread');

      // Reload: the same thread (its URL), both messages, each once.
      const url = pat.page.url();
      await openApp(pat.page, url);
      await expectText(pat.page, FIRST, { timeout: 30_000 });
      await expectText(pat.page, 'Should I use the cream again?');
      await sleep(300);
      assert.equal(await countText(pat.page, FIRST), 1, 'the first message once');
      assert.equal(await countText(pat.page, 'Should I use the cream again?'), 1, 'the second message once');
      assert.deepEqual(doc.errors, [], 'uncaught errors in the doctor page');
      assert.deepEqual(pat.errors, [], 'uncaught errors in the patient page');
    });
  });
});

test('the list says typing…; edits and deletions made while the doctor was offline show once back online', { timeout: 180_000 }, async () => {
  const EDITED = 'It itches at night. Edited: the cream helped.';
  await withPage(env.browser, 'desktop', 'messaging-resync', async (doc) => {
    await signIn(doc.page, env.server.url, doctor);
    await clickByRole(doc.page, ...L.tabMessages);
    await clickByRole(doc.page, ...L.conversationRow(patient.name));
    await expectText(doc.page, FIRST);
    await expectText(doc.page, 'Should I use the cream again?');

    // The patient's own connection (the protocol page) opens the conversation: typing there is relayed.
    const { conversation } = await env.proto.call('patient', 'open_conversation', { user_id: doctor.id });
    const history = await env.proto.call('patient', 'conversation_history', { conversation_id: conversation.id });
    const first = history.messages.find((m) => m.text === FIRST);
    const second = history.messages.find((m) => m.text === SECOND);
    assert.ok(first && second, `both messages in the history: ${JSON.stringify(history.messages.map((m) => m.text))}`);

    // Typing: the list row says it in place of the last message (the thread says it as well).
    await env.proto.call('patient', 'typing', { conversation_id: conversation.id });
    await expectRole(doc.page, 'button', new RegExp(`^${escapeRe(patient.name)}, .*, ${escapeRe(L.typing(patient.name))}$`),
                     { timeout: 10_000 });
    await screenshot(doc.page, 'messaging-list-typing');

    // The doctor's browser goes offline; meanwhile the patient edits the second message and deletes the first.
    await doc.context.setOffline(true);
    await sleep(1500);
    await env.proto.call('patient', 'edit_message', { message_id: second.id, text: EDITED });
    await env.proto.call('patient', 'delete_message', { message_id: first.id });
    await sleep(1000);
    assert.equal(await countText(doc.page, EDITED), 0, 'offline: the edit did not reach the page');
    assert.ok(await countText(doc.page, FIRST) >= 1, 'offline: the first message is still shown');

    // Back online: the resync brings the edit and the tombstone, no reload, no click.
    await doc.context.setOffline(false);
    await expectText(doc.page, 'Message deleted', { timeout: 30_000 });
    await expectText(doc.page, EDITED, { timeout: 10_000 });
    await sleep(300);
    assert.equal(await countText(doc.page, FIRST), 0, 'the deleted text is gone');
    assert.equal(await countText(doc.page, 'Should I use the cream again?'), 0, 'the text before the edit is gone');
    await screenshot(doc.page, 'messaging-after-resync');
    assert.deepEqual(doc.errors, [], 'uncaught errors in the doctor page');
  });
});

test('offline demo: the simulated doctor reads, types and answers', { timeout: 120_000 }, async () => {
  await withPage(env.browser, 'desktop', 'messaging-demo', async (t) => {
    await openApp(t.page, `${env.server.url}/?demo`);
    for (let step = 0; step < 3; step++) {
      const which = await waitForAny(t.page, [L.homeHeading, L.demoPatient, L.tryDemo], { timeout: 30_000 });
      if (which === 0) break;
      await clickByRole(t.page, ...(which === 1 ? L.demoPatient : L.tryDemo));
      await sleep(300);
    }
    await clickByRole(t.page, ...L.tabVisits);
    await clickByRole(t.page, ...L.patientVisitRow('Dr. Amara Okafor'));
    await clickMessageButton(t.page, 'Dr. Amara Okafor');
    await fillByLabel(t.page, L.composer, 'I have a rash on my arm since yesterday');
    await clickByRole(t.page, ...L.send);
    await expectText(t.page, L.typing('Dr. Amara Okafor'), { timeout: 10_000 });
    await expectText(t.page, 'Does the rash itch or hurt', { timeout: 15_000 });
    await screenshot(t.page, 'messaging-demo');
    assert.equal(t.sockets.length, 0, 'the demo opened no WebSocket');
  });
});
