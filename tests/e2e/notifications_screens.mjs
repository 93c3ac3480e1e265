// Not a test: screenshots of the notification centre with realistic data, for a person to look at.
//   node tests/e2e/notifications_screens.mjs      (needs the server and web builds, like the e2e suite)
// A doctor with 200 notifications: 12 patients who wrote (one coalesced notification per conversation,
// some with "N new messages"), and visit requests and cancellations; their times spread over the last
// eight days (rewritten in the server's SQLite file, since the server stamps them "now"), about a third
// read. The bell, the list and the settings at 1440x900 and 390x844. PNGs in tests/e2e/artifacts/.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { startServer, launchBrowser, withPage, clickByRole, expectRole, screenshot } from './support/harness.mjs';
import { ProtocolPage, TEST_PASSWORD, setUpDoctor, signUp, buyCredits } from './support/protocol.mjs';
import { signIn, sleep } from './support/call_scene.mjs';

const NAMES = ['Zoë Łukasiewicz', 'محمد الأحمد', 'Noa Cohen', 'Jonas Becker', 'Aiko Sato', 'Lucía Fernández', 'Olu Adeyemi',
  'Priya Raman', 'Sven Lindqvist', 'Chloé Dubois', 'Mateus Silva', 'Emma Novak'];
const TEXTS = [
  'Good morning doctor, the rash on my left arm is back since yesterday evening.',
  'Temperature this morning: 37.9 °C.\nHeadache: mild.',
  'مرحبا دكتور، هل يمكنني تناول الدواء مع الطعام؟',
  'Thank you! 🙏 I will try that tonight.',
];

async function main() {
  const server = await startServer({ name: 'notifications-screens' });
  const browser = await launchBrowser();
  try {
    const proto = await ProtocolPage.open(browser, server.url, 'notifications-screens');
    const stamp = Date.now();
    const doctor = { name: 'Dr. Amara Okafor-Bell', email: `bell-doctor-${stamp}@example.test`, password: TEST_PASSWORD };
    doctor.id = await setUpDoctor(proto, doctor);
    const now = Date.now();
    const { slots } = await proto.call('doctor', 'get_slots', {
      doctor_id: doctor.id, from: new Date(now + 3600_000).toISOString(), to: new Date(now + 20 * 86400_000).toISOString() });
    let slot = 0;
    const patients = [];
    for (let i = 0; i < NAMES.length; i++) {
      const p = { name: NAMES[i], email: `bell-p${i}-${stamp}@example.test`, password: TEST_PASSWORD, conn: `p${i}` };
      p.id = await signUp(proto, p.conn, p, 'patient');
      await buyCredits(proto, p.conn);
      patients.push(p);
    }
    // Visit requests and cancellations (two notifications each), then the patients' messages.
    let made = 0;
    while (made < 200 - NAMES.length) {
      const p = patients[made % patients.length];
      const { appointment } = await proto.call(p.conn, 'book', { doctor_id: doctor.id, starts_at: slots[slot++].starts_at, concern: 'Follow-up' });
      made++;
      if (made % 5 !== 0) {
        await proto.call(p.conn, 'appointment_action', { appointment_id: appointment.id, action: 'cancel' });
        made++;
      }
    }
    for (let i = 0; i < patients.length; i++) {
      const p = patients[i];
      const { conversation } = await proto.call(p.conn, 'open_conversation', { user_id: doctor.id });
      for (let k = 0; k <= i % 3; k++)
        await proto.call(p.conn, 'send_message', { conversation_id: conversation.id, client_message_id: `m-${k}`, text: TEXTS[(i + k) % TEXTS.length] });
    }
    // Spread the times over eight days (newest id = now), and read the older third.
    const db = path.join(server.dataDir, 'telemed.db');
    const sql = `UPDATE notifications SET created_at = ${now} - ` +
      `((SELECT MAX(id) FROM notifications WHERE user_id = ${doctor.id}) - id) * 3456000 WHERE user_id = ${doctor.id};` +
      `UPDATE notifications SET read_at = created_at WHERE user_id = ${doctor.id} AND created_at < ${now} - 5 * 86400000;`;
    execFileSync('sqlite3', [db, sql]);
    const count = execFileSync('sqlite3', [db, `SELECT COUNT(*), SUM(read_at IS NULL) FROM notifications WHERE user_id = ${doctor.id}`]).toString().trim();
    console.log(`doctor's notifications (all|unread): ${count}`);

    for (const viewport of ['desktop', 'phone']) {
      await withPage(browser, viewport, 'bell-doctor', async (t) => {
        await signIn(t.page, server.url, doctor);
        await sleep(500);
        await screenshot(t.page, 'ntf-home-bell');
        await clickByRole(t.page, 'button', /unread notifications$/);
        await expectRole(t.page, 'heading', 'Notifications');
        await sleep(500);
        await screenshot(t.page, 'ntf-list-top');
        await t.page.mouse.move(t.page.viewportSize().width * 0.6, 400);
        await t.page.mouse.wheel(0, 9000);
        await sleep(600);
        await screenshot(t.page, 'ntf-list-older');
        await t.page.mouse.wheel(0, 40000);
        await sleep(600);
        await screenshot(t.page, 'ntf-list-end');
        await t.page.mouse.wheel(0, -60000);
        await sleep(300);
        await clickByRole(t.page, 'button', 'Settings');
        await expectRole(t.page, 'heading', 'Notification settings');
        await sleep(400);
        await screenshot(t.page, 'ntf-settings');
      });
    }
    await proto.close();
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().catch((err) => { console.error(err); process.exit(1); });
