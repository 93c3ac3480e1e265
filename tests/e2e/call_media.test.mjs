// Video calls under changing devices and networks, ONE real server, a patient and a doctor in two
// browser contexts with Chromium's fake camera and microphone (set-up through the protocol, as in
// call.test.mjs, which has the rest of the call flow).
//   - device pickers: the in-call "Change camera or microphone" lists the devices; choosing the listed
//     camera again captures it anew and replaceTrack()s it: the far side keeps decoding new frames;
//   - audio only by hand: the notice shows, what the far side receives drops, "Turn video back on"
//     brings it back;
//   - a network drop: the doctor's browser context goes offline for ~5 s. Chromium's offline emulation
//     (context.setOffline) does NOT close an open WebSocket here (checked: readyState stays OPEN; only
//     new connections fail and the page gets the `offline`/`online` events). The client therefore
//     listens to those events itself (platform::network_online): offline drops the socket at once and
//     shows "Reconnecting…"; online retries at once, resumes the session, rejoins the call and restarts
//     ICE from the offering side. Loopback WebRTC media is not cut by the emulation, so the test asserts
//     what matters without any click: "Reconnecting…" was shown, both sides are in the call again and
//     both decode NEW frames on the connections made after the rejoin.
//   - screenshots of the in-call screen with the device lists open and with audio only on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clickByRole, expectRole, expectText, screenshot, describeLayer } from './support/harness.mjs';
import { serverSuite, TEST_PASSWORD, setUpDoctor, setUpPatient } from './support/protocol.mjs';
import {
  CALL_LABELS, signIn, patientOpensVisit, doctorOpensVisit, waitForPreview, joinWaitingRoom, enterCall, leaveAndEnd,
  inboundVideo, receivedOver, sleep,
} from './support/call_scene.mjs';
import { findingsLog, withPages } from './support/report.mjs';

// ---- Labels the UI shows (role, accessible name): the call screen's, and this test's own. ----
const L = {
  ...CALL_LABELS,
  changeDevices: ['link', 'Change camera or microphone'],
  anyCamera: ['radio', /^Camera: /],
  anyMicrophone: ['radio', /^Microphone: /],
  audioOnly: ['button', 'Audio only'],
  audioOnlyNotice: 'Audio only — you are not sending video',
  videoBack: ['button', 'Turn video back on'],
  reconnecting: 'Reconnecting…',
  participantReconnecting: (name) => `${name} — reconnecting…`,
};

const stamp = Date.now();
const doctor = { name: 'Dr. Media Test', email: `media-doctor-${stamp}@example.test`, password: TEST_PASSWORD };
const patient = { name: 'Media Patient', email: `media-patient-${stamp}@example.test`, password: TEST_PASSWORD };
const patient2 = { name: 'Offline Patient', email: `media-offline-${stamp}@example.test`, password: TEST_PASSWORD };

const ids = {};
const { note, printFindings } = findingsLog();
const env = serverSuite({ name: 'call-media-server', client: 'call_media.test', setUp, atEnd: printFindings });

async function setUp({ proto }) {
  ids.doctor = await setUpDoctor(proto, doctor, { licence_number: 'GMC-7654321' });
  ({ id: ids.patient, appointment: ids.appointment } = await setUpPatient(proto, 'patient', patient, ids.doctor, 'Media e2e'));
  ({ id: ids.patient2, appointment: ids.appointment2 } = await setUpPatient(proto, 'patient2', patient2, ids.doctor, 'Media e2e'));
}

/** Waits until the page decodes new remote frames (at least `minFps` over a second); { kbps, fps }. */
async function waitForDecoded(page, label, { timeout = 20_000, minFps = 1 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const r = await receivedOver(page, 1000);
    if (r.fps >= minFps) return r;
    if (Date.now() > deadline) {
      throw new Error(`${label}: no new decoded frames within ${timeout} ms: ${JSON.stringify(await inboundVideo(page))}\n${await describeLayer(page)}`);
    }
  }
}

/** The pre-call preview shows the camera (a person looks before pressing Join). */
async function previewShown(page) {
  await waitForPreview(page).catch(() => note('pre-call: no <video> with a frame within 10 s'));
}

/** Both sides into the call: patient to the waiting room, doctor joins and admits; both decode. */
async function meet(pt, dr, who) {
  await Promise.all([signIn(pt.page, env.server.url, who), signIn(dr.page, env.server.url, doctor)]);
  await patientOpensVisit(pt.page, doctor.name);
  await previewShown(pt.page);
  await joinWaitingRoom(pt.page);
  await doctorOpensVisit(dr.page, who.name);
  await previewShown(dr.page);
  await enterCall(dr.page);
  await clickByRole(dr.page, ...L.admit(who.name), { timeout: 15_000 });
  await Promise.all([waitForDecoded(pt.page, 'patient'), waitForDecoded(dr.page, 'doctor')]);
  await expectText(pt.page, L.inCallFor);
}

/** Failure screenshots FAILED-<name>-patient / FAILED-<name>-doctor. */
const byRole = (name) => (i) => `${name}-${i === 0 ? 'patient' : 'doctor'}`;

test('devices switch without renegotiation; audio only by hand lowers what the far side receives', { timeout: 150_000 }, async () => {
  await withPages(env.browser, ['desktop', 'desktop'], byRole('call-media'), async ([pt, dr]) => {
    await meet(pt, dr, patient);

    // The device lists, then the listed camera chosen again: a new capture, replaceTrack on the connection.
    await screenshot(pt.page, 'call-media-before-devices');
    await clickByRole(pt.page, ...L.changeDevices);
    await expectRole(pt.page, ...L.anyCamera);
    await expectRole(pt.page, ...L.anyMicrophone);
    const names = await pt.page.evaluate(() => [...document.querySelectorAll('[role=radio]')].map((e) => e.getAttribute('aria-label')));
    note(`devices listed: ${JSON.stringify(names)}`);
    const trackBefore = await pt.page.evaluate(() => {
      const R = window.telemedRtc;
      for (let h = 1; h < 5000; h++) {
        const o = R.objectOf(h);
        if (o instanceof RTCPeerConnection) return o.getSenders().map((s) => s.track && s.track.id);
      }
      return [];
    });
    await clickByRole(pt.page, ...L.anyCamera);
    // The new camera opens in its own time (seconds on a busy machine): look until the sent track changes.
    const senders = () => pt.page.evaluate(() => {
      const R = window.telemedRtc;
      for (let h = 1; h < 5000; h++) {
        const o = R.objectOf(h);
        if (o instanceof RTCPeerConnection) return { tracks: o.getSenders().map((s) => s.track && s.track.id), state: o.connectionState, signaling: o.signalingState };
      }
      return null;
    });
    let trackAfter = await senders();
    for (const deadline = Date.now() + 15_000; Date.now() < deadline;) {
      if (trackAfter && JSON.stringify(trackAfter.tracks) !== JSON.stringify(trackBefore)) break;
      await sleep(250);
      trackAfter = await senders();
    }
    note(`patient's senders before the switch ${JSON.stringify(trackBefore)}, after ${JSON.stringify(trackAfter)}`);
    assert.ok(trackAfter && trackAfter.state === 'connected', `the connection survives the switch: ${JSON.stringify(trackAfter)}`);
    assert.notDeepEqual(trackAfter.tracks, trackBefore, 'a new camera track is sent');
    const afterSwitch = await waitForDecoded(dr.page, 'doctor after the camera switch');
    note(`after choosing the camera again the doctor decodes ${afterSwitch.fps.toFixed(1)} fps (${afterSwitch.kbps.toFixed(0)} kbps)`);
    assert.equal((await inboundVideo(dr.page)).length, 1, 'still one connection on the doctor\'s side (no new offer)');
    await screenshot(pt.page, 'call-devices');

    // Audio only by hand.
    await sleep(1000);
    const before = await receivedOver(dr.page);
    await clickByRole(pt.page, ...L.audioOnly);
    await expectText(pt.page, L.audioOnlyNotice);
    await expectText(dr.page, `${patient.name} — in the call, camera off`);
    await sleep(2000);
    const during = await receivedOver(dr.page);
    note(`doctor receives ${before.kbps.toFixed(0)} kbps / ${before.fps.toFixed(1)} fps with video, ` +
         `${during.kbps.toFixed(0)} kbps / ${during.fps.toFixed(1)} fps with the patient on audio only`);
    assert.ok(before.kbps > 50, `video flows before (${before.kbps.toFixed(1)} kbps)`);
    assert.ok(during.kbps < before.kbps / 4 && during.fps < 1, `audio only stops the video (${JSON.stringify({ before, during })})`);
    await screenshot(pt.page, 'call-audio-only');
    await clickByRole(pt.page, ...L.videoBack);
    await expectRole(pt.page, ...L.audioOnly);
    const back = await waitForDecoded(dr.page, 'doctor after video back on', { minFps: 5 });
    note(`video back on: the doctor decodes ${back.fps.toFixed(1)} fps again`);

    await leaveAndEnd(pt.page, dr.page);
    assert.deepEqual(pt.errors, [], 'uncaught errors in the patient\'s page');
    assert.deepEqual(dr.errors, [], 'uncaught errors in the doctor\'s page');
  });
});

test('offline for five seconds mid-call: Reconnecting…, then the call recovers with no click', { timeout: 150_000 }, async () => {
  await withPages(env.browser, ['desktop', 'desktop'], byRole('call-offline'), async ([pt, dr]) => {
    await meet(pt, dr, patient2);
    const handlesBefore = (await inboundVideo(dr.page)).map((s) => s.handle);

    // The doctor (the lower user id: the side that offers) drops off the network.
    const offAt = Date.now();
    await dr.context.setOffline(true);
    await expectText(dr.page, L.reconnecting, { timeout: 5_000 });
    await dr.page.mouse.move(700, 450);
    await dr.page.mouse.wheel(0, -3000);  // the top of the call screen, where "Reconnecting…" shows
    await sleep(400);
    await screenshot(dr.page, 'call-reconnecting');
    await expectText(pt.page, L.participantReconnecting(doctor.name), { timeout: 10_000 });
    await sleep(Math.max(0, 5000 - (Date.now() - offAt)));
    const onAt = Date.now();
    await dr.context.setOffline(false);

    // No clicks from here on.
    await expectText(dr.page, L.inCallFor, { timeout: 20_000 });
    const [drBack, ptBack] = await Promise.all([
      waitForDecoded(dr.page, 'doctor after the drop', { timeout: 30_000 }),
      waitForDecoded(pt.page, 'patient after the drop', { timeout: 30_000 }),
    ]);
    note(`back online -> both decode again within ${Date.now() - onAt} ms (doctor ${drBack.fps.toFixed(1)} fps, patient ${ptBack.fps.toFixed(1)} fps)`);
    const after = await inboundVideo(dr.page);
    assert.equal(after.length, 1, `one connection on the doctor's side after the rejoin: ${JSON.stringify(after)}`);
    note(`doctor's connection handle before the drop ${JSON.stringify(handlesBefore)}, after ${after[0].handle} (${after[0].state})`);
    await expectText(pt.page, `${doctor.name} — in the call`);
    for (const [t, who] of [[dr, 'doctor'], [pt, 'patient']]) {
      const shown = await t.page.evaluate(() => document.body.innerText.includes('Reconnecting…'));
      assert.equal(shown, false, `${who} no longer shows Reconnecting…`);
    }
    await leaveAndEnd(pt.page, dr.page);
    assert.deepEqual(pt.errors, [], 'uncaught errors in the patient\'s page');
    assert.deepEqual(dr.errors, [], 'uncaught errors in the doctor\'s page');
  });
});
