// Call recording end to end: ONE real server, a patient and a doctor in two browser contexts with
// Chromium's fake camera and microphone.
//   - the doctor asks to record, the patient agrees, both see the recording state; the doctor's page
//     composes both videos and the mixed audio, records ~5 s with MediaRecorder and uploads the chunks
//     over the WebSocket; "Stop recording" finishes the upload;
//   - both people list the recording (protocol), a stranger gets not_found;
//   - in the visit detail the patient plays it (a <video controls> at the layout's rectangle reaches
//     readyState >= 2 with a duration) and downloads it (WebM: EBML magic 1A 45 DF A3);
//   - the access log shows the play and the download on both sides;
//   - screenshots of the Recordings list at 1440x900 and 390x844.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import { newPage, clickByRole, expectRole, expectText, screenshot } from './support/harness.mjs';
import { serverSuite, TEST_PASSWORD, setUpDoctor, setUpPatient, signUp } from './support/protocol.mjs';
import {
  CALL_LABELS, signIn, patientOpensVisit, joinWaitingRoom, doctorIntoCall, waitForDecodedVideo, sleep, endConsultation, openCallPanel,
} from './support/call_scene.mjs';
import { findingsLog, withPages } from './support/report.mjs';

// ---- Labels the UI shows (role, accessible name): the call screen's, and this test's own. ----
const L = {
  ...CALL_LABELS,
  askToRecord: ['button', 'Ask to record'],
  agree: ['button', 'I agree to recording'],
  recordingOn: 'Recording: everyone agreed',
  stopRecording: ['button', 'Stop recording'],
  saved: 'Recording saved with the visit',
  backToVisit: ['button', 'Back to the visit'],
  recordingsHeading: ['heading', 'Recordings'],
  play: ['button', 'Play'],
  download: ['button', 'Download'],
  closePlayer: ['button', 'Close player'],
};

const stamp = Date.now();
const doctor = { name: 'Dr. Test Recording', email: `rec-doctor-${stamp}@example.test`, password: TEST_PASSWORD };
const patient = { name: 'Zoë Recorded-Patient', email: `rec-patient-${stamp}@example.test`, password: TEST_PASSWORD };
const stranger = { name: 'Somebody Else', email: `rec-stranger-${stamp}@example.test`, password: TEST_PASSWORD };

const ids = {}; // user ids and appointment ids set up through the protocol
const { note, printFindings } = findingsLog(); // what happened, printed at the end
const env = serverSuite({ name: 'recording-server', client: 'recording.test', setUp, atEnd: printFindings });

async function setUp({ proto }) {
  ids.doctor = await setUpDoctor(proto, doctor);
  // The patient of the visit, and one who is not part of it.
  ({ id: ids.patient, appointment: ids.appointment } = await setUpPatient(proto, 'patient', patient, ids.doctor));
  ids.stranger = await signUp(proto, 'stranger', stranger, 'patient');
}

/** The player's <video> in the page: readyState, duration, size. */
async function playerState(page) {
  return page.evaluate(() => {
    const v = document.querySelector('#player-layer > video.player');
    if (!v) return null;
    const r = v.getBoundingClientRect();
    return { readyState: v.readyState, duration: v.duration, error: v.error && v.error.message, hidden: v.hidden,
             videoWidth: v.videoWidth, rect: { x: r.x, y: r.y, w: r.width, h: r.height }, src: v.currentSrc.replace(/token=.*/, 'token=…') };
  });
}

test('consented recording: record, upload, list on both sides, play, download, access log', { timeout: 180_000 }, async () => {
  await withPages(env.browser, ['desktop', 'desktop'], 'recording', async (pages) => {
    const [pt, dr] = pages;
    await Promise.all([signIn(pt.page, env.server.url, patient), signIn(dr.page, env.server.url, doctor)]);
    await patientOpensVisit(pt.page, doctor.name);
    await joinWaitingRoom(pt.page);
    await doctorIntoCall(dr.page, patient.name);
    await clickByRole(dr.page, ...L.admit(patient.name));
    await Promise.all([waitForDecodedVideo(pt.page, 'patient'), waitForDecodedVideo(dr.page, 'doctor')]);

    // Nothing records before the patient agrees.
    const early = await env.proto.call('doctor', 'recording_start', { appointment_id: ids.appointment, mime_type: 'video/webm' }, { expectError: true });
    assert.equal(early.error?.code, 'recording_not_active', JSON.stringify(early));
    await clickByRole(dr.page, ...L.askToRecord);
    await expectText(pt.page, 'The doctor asks to record this call');
    await clickByRole(pt.page, ...L.agree);
    await expectText(pt.page, L.recordingOn);
    await expectText(dr.page, L.recordingOn);
    const recordFrom = Date.now();
    await expectText(dr.page, 'Recording… ', { timeout: 10_000 });
    await sleep(5000);
    await screenshot(dr.page, 'recording-in-call');
    const stopAt = Date.now();
    await clickByRole(dr.page, ...L.stopRecording);
    await expectText(pt.page, 'Not recording.');
    await expectText(dr.page, L.saved, { timeout: 30_000 });
    note(`recorded ~${((stopAt - recordFrom) / 1000).toFixed(1)} s; "Stop recording" -> "${L.saved}" in ${Date.now() - stopAt} ms ` +
         '(last slice + remaining chunks + recording_finish; 100 ms text polling)');

    // Both people list it; a stranger cannot.
    const lists = {};
    for (const who of ['patient', 'doctor']) {
      lists[who] = (await env.proto.call(who, 'recordings_list', { appointment_id: ids.appointment })).recordings;
      assert.equal(lists[who].length, 1, `${who} lists one recording: ${JSON.stringify(lists[who])}`);
      assert.equal(lists[who][0].status, 'complete', JSON.stringify(lists[who][0]));
    }
    const rec = lists.patient[0];
    note(`recording: ${rec.bytes} bytes, ${rec.duration_ms} ms, ${rec.mime_type}, ${(rec.bytes * 8 / rec.duration_ms).toFixed(0)} kbps`);
    assert.ok(rec.bytes > 20_000, `a few seconds of video are more than 20 kB (${rec.bytes})`);
    assert.ok(rec.duration_ms >= 3000, `about five seconds (${rec.duration_ms} ms)`);
    const refused = await env.proto.call('stranger', 'recordings_list', { appointment_id: ids.appointment }, { expectError: true });
    assert.equal(refused.error?.code, 'not_found', JSON.stringify(refused));

    // The call ends; both go back to the visit, where the recording is listed.
    await endConsultation(dr.page);
    await expectRole(dr.page, ...L.endedHeading);
    await expectRole(pt.page, ...L.endedHeading);
    // A click in the frame that first draws the button can be missed: press again while it is still there.
    const backToVisit = async (page) => {
      for (let attempt = 1; ; attempt++) {
        await clickByRole(page, ...L.backToVisit);
        try {
          await expectRole(page, ...L.recordingsHeading, { timeout: attempt < 3 ? 5_000 : 15_000 });
          return;
        } catch (err) {
          if (attempt >= 3) throw err;
        }
      }
    };
    await backToVisit(dr.page);
    await backToVisit(pt.page);
    await expectText(pt.page, 'Nobody has played or downloaded it yet.');
    // The visit also shows its call log: each person's time in the call and when they joined and left.
    for (const t of [pt, dr]) {
      await expectRole(t.page, 'heading', 'Video call');
      await expectText(t.page, 'The call has ended.');
      await expectText(t.page, `${patient.name} (patient): `);
      await expectText(t.page, `${doctor.name} (doctor): `);
    }

    // Play: the <video controls> loads the signed link and can show a frame.
    await clickByRole(pt.page, ...L.play);
    await pt.page.waitForFunction(() => {
      const v = document.querySelector('#player-layer > video.player');
      return v && v.readyState >= 2 && v.duration > 0;
    }, null, { timeout: 20_000 }).catch(async () => { throw new Error(`player did not load: ${JSON.stringify(await playerState(pt.page))}`); });
    const shown = await playerState(pt.page);
    note(`player: readyState ${shown.readyState}, duration ${shown.duration}, ${shown.videoWidth} px wide, at ${JSON.stringify(shown.rect)}`);
    assert.ok(shown.rect.w > 200 && shown.rect.h > 100 && !shown.hidden, `the player is on screen: ${JSON.stringify(shown)}`);
    // What was recorded is the call: a second into playback both halves show a picture (the fake
    // camera's bright pattern), not the compositor's dark background.
    const halves = await pt.page.evaluate(async () => {
      const v = document.querySelector('#player-layer > video.player');
      v.muted = true;
      await v.play();
      await new Promise((r) => setTimeout(r, 2000));
      v.pause();
      const c = document.createElement('canvas');
      c.width = v.videoWidth; c.height = v.videoHeight;
      const g = c.getContext('2d');
      g.drawImage(v, 0, 0);
      const mean = (x0) => {
        const d = g.getImageData(x0, 0, c.width / 2, c.height).data;
        let sum = 0;
        for (let i = 0; i < d.length; i += 4) sum += Math.max(d[i], d[i + 1], d[i + 2]);
        return sum / (d.length / 4);
      };
      return { at: v.currentTime, left: mean(0), right: mean(c.width / 2), size: [c.width, c.height] };
    });
    note(`playback at ${halves.at.toFixed(1)} s: mean brightest channel left ${halves.left.toFixed(0)}, right ${halves.right.toFixed(0)} ` +
         `(the empty background is 34) in a ${halves.size.join('x')} frame`);
    assert.ok(halves.left > 70 && halves.right > 70, `both people are in the recording: ${JSON.stringify(halves)}`);
    await screenshot(pt.page, 'recording-playing');

    // Download: a WebM file.
    const [download] = await Promise.all([pt.page.waitForEvent('download', { timeout: 20_000 }), clickByRole(pt.page, ...L.download)]);
    const file = await download.path();
    const bytes = await fsp.readFile(file);
    note(`download: ${download.suggestedFilename()}, ${bytes.length} bytes, starts ${bytes.subarray(0, 4).toString('hex')}`);
    assert.equal(bytes.subarray(0, 4).toString('hex'), '1a45dfa3', 'EBML magic');
    assert.equal(bytes.length, rec.bytes, 'the whole recording');

    // The access log, on both sides.
    await expectText(pt.page, `Played by ${patient.name}`, { timeout: 15_000 });
    await expectText(pt.page, `Downloaded by ${patient.name}`, { timeout: 15_000 });
    const after = (await env.proto.call('doctor', 'recordings_list', { appointment_id: ids.appointment })).recordings[0];
    assert.deepEqual(after.accesses.map((a) => [a.user_id, a.action]), [[ids.patient, 'play'], [ids.patient, 'download']]);
    await clickByRole(dr.page, 'link', /Back/);
    await clickByRole(dr.page, ...L.doctorVisitBlock(patient.name));
    await expectText(dr.page, `Played by ${patient.name}`, { timeout: 15_000 });
    await screenshot(dr.page, 'recordings-doctor');
    await clickByRole(pt.page, ...L.closePlayer);
    await screenshot(pt.page, 'recordings-list');

    // The list at phone size.
    const phone = await newPage(env.browser, 'phone');
    pages.push(phone);
    await signIn(phone.page, env.server.url, patient);
    await clickByRole(phone.page, ...L.tabVisits);
    await clickByRole(phone.page, ...L.patientVisitRow(doctor.name));
    await expectRole(phone.page, ...L.recordingsHeading, { timeout: 15_000 });
    await phone.page.mouse.wheel(0, 2000);
    await sleep(300);
    await screenshot(phone.page, 'recordings-list');
    await phone.close();

    assert.deepEqual(pt.errors, [], 'uncaught errors in the patient\'s page');
    assert.deepEqual(dr.errors, [], 'uncaught errors in the doctor\'s page');
  });
});
