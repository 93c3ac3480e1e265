// Attachments end to end: ONE real server (fresh data dir), a new doctor and a patient with a visit,
// set up through the protocol. Two browser pages:
//   - the patient (phone) opens the thread and attaches, through the real file chooser, a JPEG that
//     carries EXIF with a GPS position (made in the page: canvas -> JPEG, then an EXIF APP1 segment
//     spliced in); the thumbnail shows on the patient's side and, live, on the doctor's (desktop);
//     the doctor opens it full size; the JPEG fetched back through a signed link has no EXIF;
//     the doctor's conversation list previews it as "Photo: rash-photo.jpg";
//   - the patient attaches a PDF: the doctor sees a file row with its name and size and downloads it,
//     and "PDF: <name>" in the list;
//   - the patient attaches a GIF: the refusal sentence is shown in the thread, nothing is sent;
// and the offline demo (/?demo): a photo is attached, its thumbnail shows, the simulated doctor answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withPage, openApp, clickByRole, expectRole, expectText, waitForAny, screenshot, describeLayer } from './support/harness.mjs';
import { serverSuite, TEST_PASSWORD, setUpDoctor, setUpPatient } from './support/protocol.mjs';
import { CALL_LABELS, signIn, sleep, escapeRe } from './support/call_scene.mjs';

const L = {
  ...CALL_LABELS,
  tabMessages: ['tab', /^Messages(, \d+ unread)?$/],
  conversationRow: (name) => ['button', new RegExp(`^${escapeRe(name)}(, \\d+ unread)?(, |$)`)],
  attach: ['button', 'Attach a photo or PDF'],
  photo: (name) => new RegExp(`^Photo ${escapeRe(name)} \\(.*\\), open full size$`),
  close: ['button', /Close$/],
  download: (name) => ['button', `Download ${name}`],
  demoPatient: ['button', /^Continue as Patient\b/],
  tryDemo: ['button', 'Try the demo'],
};
const REFUSAL = 'This file is a GIF image; you can send photos (JPEG, PNG, WebP) or PDF documents up to 10 MB.';
const GPS = 'GPS-52.5200N-13.4050E';

const stamp = Date.now();
const doctor = { name: 'Dr. Iris Attach', email: `att-doctor-${stamp}@example.test`, password: TEST_PASSWORD };
const patient = { name: 'Zoë Łukasiewicz', email: `att-patient-${stamp}@example.test`, password: TEST_PASSWORD };

const env = serverSuite({ name: 'attachments-server', client: 'attachments.test', setUp: async ({ proto }) => {
  doctor.id = await setUpDoctor(proto, doctor, { bio: 'Looks at photos.', licence_number: 'GMC-5550002' });
  ({ id: patient.id } = await setUpPatient(proto, 'patient', patient, doctor.id, 'Rash'));
} });

/** A 640x480 JPEG drawn in the page, with an EXIF APP1 (IFD0 Make + a GPS IFD) spliced in after SOI. */
async function jpegWithExif(page) {
  const bytes = await page.evaluate(async (marker) => {
    const c = new OffscreenCanvas(640, 480);
    const g = c.getContext('2d');
    const grad = g.createLinearGradient(0, 0, 640, 480);
    grad.addColorStop(0, '#f3c6b8'); grad.addColorStop(1, '#c96b5c');
    g.fillStyle = grad; g.fillRect(0, 0, 640, 480);
    g.fillStyle = '#a33a2e';
    for (let i = 0; i < 40; i++) { g.beginPath(); g.arc(120 + (i * 97) % 420, 90 + (i * 53) % 300, 6 + (i % 5) * 3, 0, 7); g.fill(); }
    const jpeg = new Uint8Array(await (await c.convertToBlob({ type: 'image/jpeg', quality: 0.85 })).arrayBuffer());
    const t = [];
    const u16 = (v) => t.push(v & 255, v >> 8);
    const u32 = (v) => t.push(v & 255, (v >> 8) & 255, (v >> 16) & 255, (v >>> 24) & 255);
    t.push(0x49, 0x49, 0x2a, 0); u32(8);
    u16(2); u16(0x010f); u16(2); u32(6); u32(38); u16(0x8825); u16(4); u32(1); u32(44); u32(0);
    for (const ch of 'Phone\0') t.push(ch.charCodeAt(0));
    u16(4);
    u16(1); u16(2); u32(2); t.push(78, 0, 0, 0);
    u16(2); u16(5); u32(3); u32(98);
    u16(3); u16(2); u32(2); t.push(69, 0, 0, 0);
    u16(4); u16(5); u32(3); u32(122);
    u32(0);
    for (const v of [52, 1, 31, 1, 12, 1, 13, 1, 24, 1, 18, 1]) u32(v);
    for (const ch of marker) t.push(ch.charCodeAt(0));
    const payload = [0x45, 0x78, 0x69, 0x66, 0, 0, ...t];
    const len = payload.length + 2;
    const seg = [0xff, 0xe1, len >> 8, len & 255, ...payload];
    return [jpeg[0], jpeg[1], ...seg, ...jpeg.slice(2)];
  }, GPS);
  return Buffer.from(bytes);
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n' +
                        'trailer<</Root 1 0 R>>\n%%EOF\n');
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/** Presses Attach and gives the file chooser this file. */
async function attach(page, file) {
  const chooser = page.waitForEvent('filechooser', { timeout: 15_000 });
  await clickByRole(page, ...L.attach);
  await (await chooser).setFiles(file);
}

/** Waits until the photo's thumbnail is decoded and drawn (its button is enabled). */
async function expectThumbnail(page, name, timeout = 30_000) {
  const re = L.photo(name);
  await page.waitForFunction((src) => {
    const re = new RegExp(src);
    return [...document.querySelectorAll('#a11y-root [aria-label]')].some((el) => re.test(el.getAttribute('aria-label')) && !el.disabled);
  }, re.source, { timeout, polling: 100 })
    .catch(async () => assert.fail(`no decoded thumbnail of ${name}:\n${await describeLayer(page)}`));
}

test('a JPEG with EXIF: thumbnails on both sides, full size, fetched back without EXIF; a PDF; a refused GIF', { timeout: 300_000 }, async () => {
  await withPage(env.browser, 'desktop', 'attachments-doctor', async (doc) => {
    await withPage(env.browser, 'phone', 'attachments-patient', async (pat) => {
      await Promise.all([signIn(doc.page, env.server.url, doctor), signIn(pat.page, env.server.url, patient)]);
      await clickByRole(pat.page, ...L.tabVisits);
      await clickByRole(pat.page, ...L.patientVisitRow(doctor.name));
      await clickByRole(pat.page, 'button', new RegExp(`Message ${escapeRe(doctor.name)}$`));
      await expectRole(pat.page, 'heading', doctor.name);

      // The photo, through the real file chooser.
      const photo = await jpegWithExif(pat.page);
      assert.ok(photo.includes(Buffer.from('Exif')) && photo.includes(Buffer.from(GPS)), 'the test photo carries EXIF GPS');
      await attach(pat.page, { name: 'rash-photo.jpg', mimeType: 'image/jpeg', buffer: photo });
      await expectThumbnail(pat.page, 'rash-photo.jpg');
      await screenshot(pat.page, 'attachments-patient-thumbnail');

      // The doctor: the conversation arrives; the thumbnail shows.
      await clickByRole(doc.page, ...L.tabMessages);
      await clickByRole(doc.page, ...L.conversationRow(patient.name), { timeout: 20_000 });
      await expectThumbnail(doc.page, 'rash-photo.jpg');
      await screenshot(doc.page, 'attachments-doctor-thumbnail');
      // The list previews the file-only message by what it is, not by an empty text.
      await expectRole(doc.page, 'button', new RegExp(`^${escapeRe(patient.name)}, .*: Photo: rash-photo\\.jpg$`));
      // Full size, then closed.
      await clickByRole(doc.page, 'button', L.photo('rash-photo.jpg'));
      await expectRole(doc.page, 'img', 'Photo rash-photo.jpg, full size');
      await screenshot(doc.page, 'attachments-doctor-full-size');
      await clickByRole(doc.page, ...L.close);
      await expectRole(doc.page, 'button', L.photo('rash-photo.jpg'));

      // The stored JPEG, fetched back through a signed link as the doctor: no EXIF, no GPS.
      const proto = env.proto;
      await proto.connect('doctor-check');
      await proto.call('doctor-check', 'sign_in', { email: doctor.email, password: doctor.password });
      const list = await proto.call('doctor-check', 'list_conversations', {});
      const conv = list.conversations.find((c) => c.with.id === patient.id);
      const page = await proto.call('doctor-check', 'conversation_history', { conversation_id: conv.id });
      const withFile = page.messages.find((m) => m.attachment && m.attachment.name === 'rash-photo.jpg');
      assert.ok(withFile, 'the message carries the attachment');
      assert.equal(withFile.attachment.kind, 'jpeg');
      const link = await proto.call('doctor-check', 'attachment_link', { attachment_id: withFile.attachment.id });
      const fetched = Buffer.from(await proto.page.evaluate(async (url) => {
        const r = await fetch(url);
        if (!r.ok) throw new Error(`GET ${url}: ${r.status}`);
        return [...new Uint8Array(await r.arrayBuffer())];
      }, link.url));
      assert.equal(fetched[0], 0xff); assert.equal(fetched[1], 0xd8);
      assert.ok(!fetched.includes(Buffer.from('Exif')), 'no EXIF in the stored JPEG');
      assert.ok(!fetched.includes(Buffer.from(GPS)), 'no GPS in the stored JPEG');
      assert.ok(fetched.length < photo.length, 'smaller than what was uploaded');
      assert.equal(fetched.length, withFile.attachment.bytes);

      // A PDF: a file row with name and size on the doctor's side, and a download.
      await attach(pat.page, { name: 'Befund Blutbild.pdf', mimeType: 'application/pdf', buffer: PDF });
      await expectText(doc.page, 'Befund Blutbild.pdf, PDF, 1 KB', { timeout: 20_000 });
      await expectRole(doc.page, 'button', new RegExp(`^${escapeRe(patient.name)}, .*: PDF: Befund Blutbild\\.pdf$`));
      const download = doc.page.waitForEvent('download', { timeout: 20_000 });
      await clickByRole(doc.page, ...L.download('Befund Blutbild.pdf'));
      assert.equal((await download).suggestedFilename(), 'Befund Blutbild.pdf');

      // A GIF (named like a photo): refused with the sentence, in the thread; nothing sent.
      await attach(pat.page, { name: 'funny.jpg', mimeType: 'image/jpeg', buffer: GIF });
      await expectText(pat.page, REFUSAL, { timeout: 20_000 });
      await screenshot(pat.page, 'attachments-patient-refused');
      const after = await proto.call('doctor-check', 'conversation_history', { conversation_id: conv.id });
      assert.equal(after.messages.filter((m) => m.attachment).length, 2, 'only the photo and the PDF were sent');

      assert.deepEqual(doc.errors, [], 'uncaught errors in the doctor page');
      assert.deepEqual(pat.errors, [], 'uncaught errors in the patient page');
    });
  });
});

test('offline demo: a photo is attached, its thumbnail shows, the simulated doctor answers', { timeout: 180_000 }, async () => {
  await withPage(env.browser, 'desktop', 'attachments-demo', async (t) => {
    await openApp(t.page, `${env.server.url}/?demo`);
    for (let step = 0; step < 3; step++) {
      const which = await waitForAny(t.page, [L.homeHeading, L.demoPatient, L.tryDemo], { timeout: 30_000 });
      if (which === 0) break;
      await clickByRole(t.page, ...(which === 1 ? L.demoPatient : L.tryDemo));
      await sleep(300);
    }
    await clickByRole(t.page, ...L.tabVisits);
    await clickByRole(t.page, ...L.patientVisitRow('Dr. Amara Okafor'));
    await clickByRole(t.page, 'button', /Message Dr\. Amara Okafor$/);
    await attach(t.page, { name: 'arm.jpg', mimeType: 'image/jpeg', buffer: await jpegWithExif(t.page) });
    await expectThumbnail(t.page, 'arm.jpg');
    await expectText(t.page, 'Thank you for the photo', { timeout: 20_000 });
    await screenshot(t.page, 'attachments-demo');
    assert.equal(t.sockets.length, 0, 'the demo opened no WebSocket');
  });
});
