// Not a test: screenshots of the messaging screens with realistic data, for a person to look at.
//   node tests/e2e/messaging_screens.mjs      (needs the server and web builds, like the e2e suite)
// A doctor with 30 patients who wrote (the list), one conversation of ~200 messages with long, emoji,
// Arabic and Hebrew text (the thread), at 1440x900 and 390x844. PNGs in tests/e2e/artifacts/.
import { startServer, launchBrowser, withPage, clickByRole, expectText, screenshot } from './support/harness.mjs';
import { ProtocolPage, TEST_PASSWORD, setUpDoctor, signUp, buyCredits } from './support/protocol.mjs';
import { signIn, sleep, escapeRe } from './support/call_scene.mjs';

const NAMES = ['Zoë Łukasiewicz', 'محمد الأحمد', 'Noa Cohen', 'Jonas Becker', 'Aiko Sato', 'Lucía Fernández', 'Olu Adeyemi',
  'Priya Raman', 'Sven Lindqvist', 'Chloé Dubois', 'Mateus Silva', 'Emma Novak', 'Yusuf Kaya', 'Ines Costa', 'Liam O’Brien',
  'Anya Petrova', 'Kofi Mensah', 'Sara Rossi', 'Hugo Martin', 'Mei Lin', 'Tomás Ruiz', 'Freya Hansen', 'Ali Rezaei',
  'Nina Weber', 'Oscar Nilsson', 'Leila Haddad', 'Ben Carter', 'Ivana Horvat', 'Ravi Kumar', 'Ella Virtanen'];
const TEXTS = [
  'Good morning doctor, the rash on my left arm is back since yesterday evening.',
  'Thank you! 🙏 I will try that tonight.',
  'It itches mostly at night, and the skin looks a bit red and dry around the elbow. I have not changed my soap or washing powder, but I started a new job in a bakery two weeks ago and I wear gloves most of the day. Could it be related to the gloves or the flour? I also noticed small blisters yesterday.',
  'مرحبا دكتور، هل يمكنني تناول الدواء مع الطعام؟',
  'שלום, האם אפשר להזיז את התור ליום חמישי?',
  'OK 👍',
  'Please keep the area clean and dry, use the cream twice a day for one week, and write to me if it spreads.',
  'Temperature this morning: 37.9 °C.\nHeadache: mild.\nCough: none.',
  'Sure, see you on Tuesday. 😊',
  'https://example.org/a-very-long-link-that-has-no-spaces-at-all-and-must-still-wrap-inside-the-bubble-without-overflowing',
];

async function main() {
  const server = await startServer({ name: 'messaging-screens' });
  const browser = await launchBrowser();
  try {
    const proto = await ProtocolPage.open(browser, server.url, 'messaging-screens');
    const stamp = Date.now();
    const doctor = { name: 'Dr. Amara Okafor-Screens', email: `screens-doctor-${stamp}@example.test`, password: TEST_PASSWORD };
    doctor.id = await setUpDoctor(proto, doctor);
    const now = Date.now();
    const { slots } = await proto.call('doctor', 'get_slots', {
      doctor_id: doctor.id, from: new Date(now + 3600_000).toISOString(), to: new Date(now + 3 * 86400_000).toISOString() });
    const patients = [];
    for (let i = 0; i < NAMES.length; i++) {
      const p = { name: NAMES[i], email: `screens-p${i}-${stamp}@example.test`, password: TEST_PASSWORD, conn: `p${i}` };
      p.id = await signUp(proto, p.conn, p, 'patient');
      await buyCredits(proto, p.conn);
      await proto.call(p.conn, 'book', { doctor_id: doctor.id, starts_at: slots[i * 2].starts_at, concern: 'Follow-up' });
      const { conversation } = await proto.call(p.conn, 'open_conversation', { user_id: doctor.id });
      p.conversation = conversation.id;
      patients.push(p);
    }
    // Everyone else writes one or two (the Arabic name last, so it is near the top of the list).
    for (let i = patients.length - 1; i >= 1; i--) {
      const p = patients[i];
      for (let k = 0; k <= i % 2; k++)
        await proto.call(p.conn, 'send_message', { conversation_id: p.conversation, client_message_id: `x-${k}`, text: TEXTS[(i + k) % TEXTS.length] });
    }
    // The first patient's long conversation, in both directions (the newest of all).
    const first = patients[0];
    await proto.call('doctor', 'open_conversation', { user_id: first.id });
    for (let n = 0; n < 200; n++) {
      const conn = n % 3 === 1 ? 'doctor' : first.conn;
      await proto.call(conn, 'send_message', { conversation_id: first.conversation, client_message_id: `s-${n}`, text: TEXTS[n % TEXTS.length] });
    }
    for (const viewport of ['desktop', 'phone']) {
      await withPage(browser, viewport, 'screens-doctor', async (t) => {
        await signIn(t.page, server.url, doctor);
        await clickByRole(t.page, 'tab', /^Messages/);
        await expectText(t.page, NAMES[2]);
        await screenshot(t.page, 'msg-doctor-list');
        await clickByRole(t.page, 'button', new RegExp(`^${escapeRe(NAMES[1])}`));
        await sleep(800);
        await screenshot(t.page, 'msg-doctor-arabic-thread');
        if (viewport === 'phone') await clickByRole(t.page, 'button', 'Back to conversations');
        await clickByRole(t.page, 'button', new RegExp(`^${escapeRe(NAMES[0])}`));
        await sleep(1000);
        await screenshot(t.page, 'msg-doctor-long-thread');
      });
      await withPage(browser, viewport, 'screens-patient', async (t) => {
        await signIn(t.page, server.url, first);
        await clickByRole(t.page, 'tab', /^Messages/);
        await clickByRole(t.page, 'button', new RegExp(`^${escapeRe(doctor.name)}`));
        await sleep(1000);
        await screenshot(t.page, 'msg-patient-thread');
        await t.page.mouse.move(t.page.viewportSize().width * 0.7, 300);
        for (let i = 0; i < 8; i++) { await t.page.mouse.wheel(0, -1500); await sleep(150); }
        await sleep(800);
        await screenshot(t.page, 'msg-patient-thread-older');
        await clickByRole(t.page, 'button', /You, .*wrap inside/).catch(() => {});
      });
    }
    await proto.close();
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
