// Links, history and reload end to end (and Home's "Join now" and visit cards): ONE real server (fresh data dir), set up through the protocol: a
// doctor and a patient with a confirmed visit. Two browser pages:
//   - the patient (phone) moves Doctors → the doctor's page → Visits → the visit: the address bar names
//     each screen (#/doctors, #/doctors/<id>, #/visits, #/visits/<id>); the browser's Back and Forward
//     move between them; a reload on the visit comes back to the visit once the session resumes;
//   - the doctor (desktop) opens a link to the visit while signed out (as from an e-mail): after signing
//     in, the visit is on screen, on the doctor's Schedule;
//   - on both, "Cancel appointment…" asks first, saying what comes back in credits; "Keep the visit" keeps it.
// Screenshots of the visit after the reload and after the link go to tests/e2e/artifacts/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withPage, openApp, clickByRole, fillByLabel, expectRole, expectText, screenshot } from './support/harness.mjs';
import { serverSuite, TEST_PASSWORD, setUpDoctor, setUpPatient } from './support/protocol.mjs';
import { CALL_LABELS, signIn } from './support/call_scene.mjs';

const L = {
  ...CALL_LABELS,
  tabDoctors: ['tab', 'Doctors'],
  findHeading: ['heading', 'Find a doctor'],
  seeTimes: (name) => ['button', `See times for ${name}`],
  heading: (text) => ['heading', text],
  statusConfirmed: ['status', 'Confirmed'],
};

const stamp = Date.now();
const doctor = { name: 'Dr. Ilse Linkwood', email: `route-doctor-${stamp}@example.test`, password: TEST_PASSWORD };
const patient = { name: 'Aarav Hashmi', email: `route-patient-${stamp}@example.test`, password: TEST_PASSWORD };

const env = serverSuite({ name: 'routing-server', client: 'routing.test', setUp: async ({ proto }) => {
  doctor.id = await setUpDoctor(proto, doctor, { bio: 'Keeps every link.', licence_number: 'GMC-5550021' });
  ({ id: patient.id, appointment: patient.visit } = await setUpPatient(proto, 'patient', patient, doctor.id, 'Links'));
} });

const hash = (page) => page.evaluate(() => location.hash);

async function expectHash(page, want) {
  await page.waitForFunction((h) => location.hash === h, want, { timeout: 15_000 }).catch(() => {});
  assert.equal(await hash(page), want);
}

test('every screen has a URL; Back, Forward and reload follow it', { timeout: 240_000 }, async () => {
  await withPage(env.browser, 'phone', 'routing-patient', async (pat) => {
    await signIn(pat.page, env.server.url, patient);
    assert.equal(await hash(pat.page), '');  // home is the bare address

    // Home: the visit about to start comes first with "Join now"; a visit card opens the visit.
    await expectRole(pat.page, 'heading', new RegExp(`^Your visit with ${doctor.name}`));
    await expectRole(pat.page, 'button', 'Join now');
    await screenshot(pat.page, 'routing-home-join-now');
    await clickByRole(pat.page, ...L.patientVisitRow(doctor.name));
    await expectRole(pat.page, ...L.heading(`Visit with ${doctor.name}`));
    await expectHash(pat.page, `#/visits/${patient.visit}`);
    await pat.page.goBack();
    await expectHash(pat.page, '');
    await expectRole(pat.page, 'button', 'Join now');

    await clickByRole(pat.page, ...L.tabDoctors);
    await expectRole(pat.page, ...L.findHeading);
    await expectHash(pat.page, '#/doctors');
    await clickByRole(pat.page, ...L.seeTimes(doctor.name));
    await expectRole(pat.page, ...L.heading(doctor.name));
    await expectHash(pat.page, `#/doctors/${doctor.id}`);

    await clickByRole(pat.page, ...L.tabVisits);
    await expectHash(pat.page, '#/visits');
    await clickByRole(pat.page, ...L.patientVisitRow(doctor.name));
    await expectRole(pat.page, ...L.heading(`Visit with ${doctor.name}`));
    await expectHash(pat.page, `#/visits/${patient.visit}`);

    // Back: the visits list, then the doctor's page; Forward: the list again.
    await pat.page.goBack();
    await expectHash(pat.page, '#/visits');
    await expectRole(pat.page, ...L.patientVisitRow(doctor.name));
    await pat.page.goBack();
    await expectHash(pat.page, `#/doctors/${doctor.id}`);
    await expectRole(pat.page, ...L.heading(doctor.name));
    await pat.page.goForward();
    await expectHash(pat.page, '#/visits');
    await clickByRole(pat.page, ...L.patientVisitRow(doctor.name));
    await expectHash(pat.page, `#/visits/${patient.visit}`);

    // A reload: the same visit once the session has resumed.
    await openApp(pat.page, `${env.server.url}/#/visits/${patient.visit}`);
    await expectRole(pat.page, ...L.heading(`Visit with ${doctor.name}`), { timeout: 30_000 });
    await expectHash(pat.page, `#/visits/${patient.visit}`);
    await screenshot(pat.page, 'routing-visit-after-reload');

    // Cancelling asks first, in credits; "Keep the visit" changes nothing.
    await clickByRole(pat.page, 'button', 'Cancel appointment…');
    await expectRole(pat.page, ...L.heading('Cancel this visit?'));
    await expectText(pat.page, 'less than 24 hours before the visit: you get 1 of 2 credits back.');
    await screenshot(pat.page, 'routing-cancel-question');
    await clickByRole(pat.page, 'button', 'Keep the visit');
    await expectRole(pat.page, 'button', 'Cancel appointment…');
    await expectRole(pat.page, ...L.statusConfirmed);
  });

  await withPage(env.browser, 'desktop', 'routing-doctor', async (doc) => {
    await openApp(doc.page, env.server.url);
    await openApp(doc.page, `${env.server.url}/#/visits/${patient.visit}`);  // a link from a reminder e-mail
    await fillByLabel(doc.page, L.email, doctor.email);
    await fillByLabel(doc.page, L.password, doctor.password);
    await clickByRole(doc.page, ...L.signIn);
    await expectRole(doc.page, ...L.heading(`Visit with ${patient.name}`), { timeout: 30_000 });
    await expectHash(doc.page, `#/visits/${patient.visit}`);
    await screenshot(doc.page, 'routing-doctor-link');

    await clickByRole(doc.page, 'button', 'Cancel appointment…');
    await expectRole(doc.page, ...L.heading(`Cancel the visit with ${patient.name}?`));
    await expectText(doc.page, `${patient.name} gets all 2 credits back and is told at once.`);
    await screenshot(doc.page, 'routing-doctor-cancel-question');
    await clickByRole(doc.page, 'button', 'Keep the visit');
    await expectRole(doc.page, ...L.statusConfirmed);
  });
});
