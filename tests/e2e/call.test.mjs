// A video visit end to end: ONE real server (fresh data dir), a patient and a doctor in two browser
// contexts with Chromium's fake camera and microphone.
//   - set-up through the protocol (a throwaway page of the app's origin opens its own WebSockets): a new
//     doctor (UTC, open all day, no notice), verified by the demo administrator; a new patient buys
//     credits and books the first slot that starts within 30 minutes (so the join window is open now);
//     the doctor confirms;
//   - both sign in through the UI; the patient goes Visits → visit → Join video call → pre-call check →
//     waiting room; the doctor Schedule → visit → Join video call → Join the call → "Let <patient> in";
//   - both sides decode the other's video (getStats over the peer connections the page holds, found
//     through window.telemedRtc); time from the admit click to the patient's first decoded frame;
//   - camera off lowers what the doctor receives; mute shows on the doctor's participant line; screen share
//     is tried (headless may refuse getDisplayMedia: then the UI must still offer "Share screen");
//   - the stage: the other person's video fills most of the screen (letterboxed), your own is a small
//     mirrored overlay, the controls float over the video, and the picture really shows through the
//     canvas (a screenshot's pixel there is neither the stage's nor the no-picture colour);
//   - leave (offered to rejoin) / end consultation for everyone: the call log has both people;
//   - a third patient's call_join gets not_found;
//   - screenshots of the pre-call check, the waiting room and the call at desktop and phone size.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clickByRole, expectRole, expectText, screenshot, waitForAny } from './support/harness.mjs';
import { serverSuite, TEST_PASSWORD, setUpDoctor, setUpPatient, signUp } from './support/protocol.mjs';
import {
  CALL_LABELS, signIn, patientOpensVisit, waitForPreview, joinWaitingRoom, doctorIntoCall, leaveAndEnd, inboundVideo,
  waitForDecodedVideo, receivedOver, sleep, endConsultation, stageGeometry, colourAt, near, STAGE_COLOUR, NO_PICTURE_COLOUR, PAGE_COLOUR, wakeControls,
} from './support/call_scene.mjs';
import { findingsLog, withPages } from './support/report.mjs';

// ---- Labels the UI shows (role, accessible name): the call screen's, and this test's own. ----
const L = {
  ...CALL_LABELS,
  stopSharing: ['button', 'Stop sharing'],
  mutedLine: (patient) => `${patient} — in the call, muted`,
};

const stamp = Date.now();
const doctor = { name: 'Dr. Test Call', email: `call-doctor-${stamp}@example.test`, password: TEST_PASSWORD };
const patient = { name: 'Zoë Call-Patient', email: `call-patient-${stamp}@example.test`, password: TEST_PASSWORD };
const phonePatient = { name: 'Phone Patient', email: `call-phone-${stamp}@example.test`, password: TEST_PASSWORD };
const stranger = { name: 'Somebody Else', email: `call-stranger-${stamp}@example.test`, password: TEST_PASSWORD };

const ids = {}; // user ids and appointment ids set up through the protocol
const { note, printFindings } = findingsLog(); // what happened, printed at the end
const env = serverSuite({ name: 'call-server', client: 'call.test', setUp, atEnd: printFindings });

async function setUp({ proto }) {
  ids.doctor = await setUpDoctor(proto, doctor);
  // The patients: one for the desktop run, one for the phone run, one who is not part of either visit.
  ({ id: ids.patient, appointment: ids.appointment } = await setUpPatient(proto, 'patient', patient, ids.doctor));
  ({ id: ids.phonePatient, appointment: ids.phoneAppointment } = await setUpPatient(proto, 'phonePatient', phonePatient, ids.doctor));
  ids.stranger = await signUp(proto, 'stranger', stranger, 'patient');
}

/** The patient's way in: Visits → the visit → Join video call → pre-call check (screenshot) → waiting room (screenshot). */
async function patientToWaitingRoom(page, shotSuffix = '') {
  await patientOpensVisit(page, doctor.name);
  // Give the fake camera a moment to reach the preview before the picture.
  await waitForPreview(page).catch(() => note(`pre-call${shotSuffix}: no <video> with a frame within 10 s`));
  await screenshot(page, `call-precheck${shotSuffix}`);
  await joinWaitingRoom(page);
  await screenshot(page, `call-waiting${shotSuffix}`);
}

test('patient and doctor (desktop) meet in a video call: video both ways, camera, mute, share, leave, call log', { timeout: 150_000 }, async () => {
  await withPages(env.browser, ['desktop', 'desktop'], 'call-desktop', async ([pt, dr]) => {
    await Promise.all([signIn(pt.page, env.server.url, patient), signIn(dr.page, env.server.url, doctor)]);
    await patientToWaitingRoom(pt.page);
    await doctorIntoCall(dr.page, patient.name);

    // Admit, and time it to the patient's first decoded frame.
    const admitAt = Date.now();
    await clickByRole(dr.page, ...L.admit(patient.name), { timeout: 15_000 });
    const [ptVideo, drVideo] = await Promise.all([
      waitForDecodedVideo(pt.page, 'patient'), waitForDecodedVideo(dr.page, 'doctor'),
    ]);
    note(`admit click -> first decoded remote frame: patient ${ptVideo.at - admitAt} ms, doctor ${drVideo.at - admitAt} ms ` +
         '(50 ms polling; includes the click itself)');
    await expectText(pt.page, L.inCallFor);
    await expectText(dr.page, L.inCallFor);
    assert.equal(ptVideo.stats.length, 1, `one peer connection on the patient's side: ${JSON.stringify(ptVideo.stats)}`);
    assert.equal(drVideo.stats.length, 1, `one peer connection on the doctor's side: ${JSON.stringify(drVideo.stats)}`);
    await sleep(1500); // the remote <video> gets its first frame
    await checkStage(pt.page, 'desktop patient');
    await checkStage(dr.page, 'desktop doctor');
    await wakeControls(pt.page);  // the controls show (they fade when the mouse rests)
    await screenshot(pt.page, 'call-in-call');
    await wakeControls(dr.page);
    await screenshot(dr.page, 'call-in-call-doctor');

    // Camera off: what the doctor receives drops.
    await sleep(1000);
    const before = await receivedOver(dr.page);
    await clickByRole(pt.page, ...L.cameraOff);
    await expectRole(pt.page, ...L.cameraOn);
    await expectText(dr.page, `${patient.name} — in the call, camera off`);
    await sleep(2000); // the encoder's last real frames are not counted
    const afterOff = await receivedOver(dr.page);
    note(`doctor receives ${before.kbps.toFixed(0)} kbps / ${before.fps.toFixed(1)} fps with the patient's camera on, ` +
         `${afterOff.kbps.toFixed(0)} kbps / ${afterOff.fps.toFixed(1)} fps with it off`);
    assert.ok(before.kbps > 50, `video flows to the doctor before (${before.kbps.toFixed(1)} kbps)`);
    assert.ok(afterOff.kbps < before.kbps / 2 || afterOff.fps < before.fps / 2,
              `camera off lowers what the doctor receives (${JSON.stringify({ before, afterOff })})`);
    await clickByRole(pt.page, ...L.cameraOn);
    await expectRole(pt.page, ...L.cameraOff);

    // Mute: the doctor's participant line says so.
    await clickByRole(pt.page, ...L.mute);
    await expectRole(pt.page, ...L.unmute);
    await expectText(dr.page, L.mutedLine(patient.name));

    // Screen share: headless Chromium has no picker.
    await clickByRole(pt.page, ...L.shareScreen);
    // getDisplayMedia answers in its own time (seconds on a busy machine): wait for the button to turn.
    const sharing = await waitForAny(pt.page, [L.stopSharing], { timeout: 15_000 }).then(() => true, () => false);
    if (sharing) {
      note('screen share: getDisplayMedia worked headless; "Stop sharing" appeared');
      await expectText(dr.page, `${patient.name} — in the call, muted, sharing the screen`);
      await screenshot(pt.page, 'call-sharing');
      await clickByRole(pt.page, ...L.stopSharing);
      await expectRole(pt.page, ...L.shareScreen);
      note('screen share: "Stop sharing" restored "Share screen"');
    } else {
      const errors = await pt.page.getByRole('alert').allTextContents().catch(() => []);
      note(`screen share: refused headless; UI still offers "Share screen"; alerts: ${JSON.stringify(errors)}`);
      await expectRole(pt.page, ...L.shareScreen);
    }
    await expectText(pt.page, L.inCallFor);
    const still = await inboundVideo(dr.page);
    assert.ok(still.length === 1 && still[0].state === 'connected', `the call survives the share attempt: ${JSON.stringify(still)}`);

    // Leave and end.
    await sleep(1000); // make sure both have at least a second in the call
    await clickByRole(pt.page, ...L.leave);
    await expectRole(pt.page, ...L.leftHeading);  // leaving is not ending: the patient may rejoin
    await expectRole(pt.page, ...L.rejoin);
    await expectText(pt.page, `${patient.name}: `); // the call-log line "<name>: mm:ss in the call"
    await screenshot(pt.page, 'call-left');
    await endConsultation(dr.page);
    await expectRole(dr.page, ...L.endedHeading);
    await expectText(dr.page, `${doctor.name}: `);
    await expectText(dr.page, `${patient.name}: `);
    await screenshot(dr.page, 'call-ended');

    for (const who of ['patient', 'doctor']) {
      const log = await env.proto.call(who, 'call_log', { appointment_id: ids.appointment });
      assert.equal(log.status, 'ended', `${who}'s call log: ${JSON.stringify(log)}`);
      assert.equal(log.participants.length, 2, `${who}'s call log has two people: ${JSON.stringify(log)}`);
      assert.deepEqual(log.participants.map((p) => p.role), ['doctor', 'patient']);
      for (const p of log.participants) assert.ok(p.total_seconds >= 1, `${p.display_name} was in the call: ${JSON.stringify(p)}`);
    }
    const { appointment } = await env.proto.call('doctor', 'get_appointment', { appointment_id: ids.appointment });
    // PROTOCOL.md, call_end: the visit is completed if it has started; before the start only the room ends.
    // The visit was booked in the next 30 minutes, so usually it has not started yet.
    const started = Date.parse(appointment.starts_at) <= Date.now();
    note(`after "End consultation" ${started ? 'after' : 'before'} the start the visit is ${appointment.status}`);
    assert.equal(appointment.status, started ? 'completed' : 'in_progress', JSON.stringify(appointment.history));

    assert.deepEqual(pt.errors, [], 'uncaught errors in the patient\'s page');
    assert.deepEqual(dr.errors, [], 'uncaught errors in the doctor\'s page');
  });
});

/**
 * The stage as a person sees it: the other person's video is the largest (letterboxed, not mirrored) and
 * fills most of the screen, your own is a small mirrored overlay, the controls lie over the video, and
 * the picture shows through the canvas there.
 */
async function checkStage(page, who) {
  const g = await stageGeometry(page);
  assert.ok(g.videos.length >= 2, `${who}: two videos on the stage: ${JSON.stringify(g)}`);
  const [remote, self] = [g.videos[0], g.videos[g.videos.length - 1]];
  const share = (v) => (v.w * v.h) / (g.vw * g.vh);
  note(`${who}: remote video ${remote.w}×${remote.h} (${(share(remote) * 100).toFixed(0)} % of ${g.vw}×${g.vh}), ` +
       `self view ${self.w}×${self.h} (${(share(self) * 100).toFixed(1)} %)`);
  assert.ok(share(remote) >= 0.5, `${who}: the other person fills the stage: ${JSON.stringify(g)}`);
  assert.equal(remote.fit, 'contain', `${who}: the stage letterboxes rather than crops`);
  assert.equal(remote.mirrored, false);
  assert.ok(share(self) <= 0.06 && self.mirrored, `${who}: your own video is a small mirrored overlay: ${JSON.stringify(self)}`);
  await wakeControls(page);
  const mute = await (await expectRole(page, ...L.mute)).boundingBox();
  assert.ok(mute.y >= remote.y && mute.y + mute.height <= remote.y + remote.h + 1 && mute.x >= remote.x &&
            mute.x + mute.width <= remote.x + remote.w + 1, `${who}: the controls float over the video: ${JSON.stringify({ mute, remote })}`);
  // The picture shows through the canvas (the fake camera's frame), in the middle of the remote video.
  const colour = await colourAt(page, remote.x + remote.w * 0.5, remote.y + remote.h * 0.5);
  assert.ok(!near(colour, STAGE_COLOUR) && !near(colour, NO_PICTURE_COLOUR) && !near(colour, PAGE_COLOUR),
            `${who}: the video shows through the canvas: rgb ${colour}`);
}

test('someone who is not part of the visit gets not_found from call_join', { timeout: 30_000 }, async () => {
  const f = await env.proto.call('stranger', 'call_join', { appointment_id: ids.appointment }, { expectError: true });
  assert.equal(f.ok, false, JSON.stringify(f));
  assert.equal(f.error.code, 'not_found', JSON.stringify(f));
  assert.ok(!JSON.stringify(f).includes(patient.name) && !JSON.stringify(f).includes(doctor.name), 'a refusal names nobody');
  const open = await env.proto.call('stranger', 'call_join', { appointment_id: ids.phoneAppointment }, { expectError: true });
  assert.equal(open.error?.code, 'not_found', `also for a visit whose window is open: ${JSON.stringify(open)}`);
});

test('phone patient with a desktop doctor: pre-call, waiting room and the call at phone size (and sideways)', { timeout: 240_000 }, async () => {
  await withPages(env.browser, ['phone', 'desktop'], 'call-phone', async ([pt, dr]) => {
    await Promise.all([signIn(pt.page, env.server.url, phonePatient), signIn(dr.page, env.server.url, doctor)]);
    await patientToWaitingRoom(pt.page);
    await doctorIntoCall(dr.page, phonePatient.name);
    await clickByRole(dr.page, ...L.admit(phonePatient.name));
    await Promise.all([waitForDecodedVideo(pt.page, 'phone patient'), waitForDecodedVideo(dr.page, 'doctor')]);
    await expectText(pt.page, L.inCallFor);
    await sleep(1500);
    await screenshot(pt.page, 'call-in-call');
    await checkStage(pt.page, 'phone patient');
    // Every control is reachable on a phone: inside the viewport's width, not clipped off the right edge.
    const width = pt.page.viewportSize().width;
    for (const c of [L.mute, L.cameraOff, L.shareScreen, L.leave]) {
      const box = await (await expectRole(pt.page, ...c)).boundingBox();
      assert.ok(box.x >= 0 && box.x + box.width <= width, `${c[1]} fits the phone's width (${JSON.stringify(box)}, viewport ${width})`);
    }
    // Turned sideways (844×390): the stage is the whole screen and every control is on it.
    await pt.page.setViewportSize({ width: 844, height: 390 });
    await sleep(800);
    await checkStage(pt.page, 'phone landscape');
    for (const c of [L.mute, L.cameraOff, L.shareScreen, L.openPanel, L.leave]) {
      const box = await (await expectRole(pt.page, ...c)).boundingBox();
      assert.ok(box.x >= 0 && box.x + box.width <= 844 && box.y >= 0 && box.y + box.height <= 390,
                `${c[1]} is on the landscape screen (${JSON.stringify(box)})`);
    }
    await screenshot(pt.page, 'call-in-call-landscape');
    await pt.page.setViewportSize({ width: 390, height: 844 });
    await sleep(500);
    await leaveAndEnd(pt.page, dr.page);
    await screenshot(pt.page, 'call-ended');
    assert.deepEqual(pt.errors, [], 'uncaught errors in the phone patient\'s page');
    assert.deepEqual(dr.errors, [], 'uncaught errors in the doctor\'s page');
  });
});
