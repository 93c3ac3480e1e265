// What a multi-page e2e test tells besides pass/fail: findings (timings, what the browser allowed) noted
// as the test goes and printed together at the end, and on a failure a screenshot of every page with the
// pages' uncaught and console errors added to the error.
//
//   const { note, printFindings } = findingsLog();
//   await withPages(browser, ['desktop', 'desktop'], 'call-desktop', async ([pt, dr]) => { … });
import { newPage, screenshot } from './harness.mjs';

/** A list of findings: note(line) prints it now ("# line") and keeps it; printFindings() prints them all. */
export function findingsLog() {
  const findings = [];
  return {
    note(line) {
      findings.push(line);
      console.log(`# ${line}`);
    },
    printFindings() {
      if (findings.length) console.log(`# findings:\n#   ${findings.join('\n#   ')}`);
    },
  };
}

/**
 * Saves artifacts/FAILED-<name>-<viewport>.png of every page (`name` a string, or a function of the
 * page's index) and returns the pages' uncaught errors and console errors as text ('' if none).
 */
export async function failureShots(pages, name) {
  const lines = [];
  for (const [i, t] of pages.entries()) {
    try { await screenshot(t.page, `FAILED-${typeof name === 'function' ? name(i) : name}`); } catch { /* gone */ }
    if (t.errors.length) lines.push(`${t.viewport} page errors:\n  ${t.errors.slice(0, 10).join('\n  ')}`);
    if (t.consoleErrors.length) lines.push(`${t.viewport} console errors:\n  ${t.consoleErrors.slice(0, 10).join('\n  ')}`);
  }
  return lines.join('\n');
}

/**
 * Runs fn(pages) with a fresh page per viewport, in order, and closes them all after (pages fn pushes onto
 * the array too). On failure: failureShots(pages, failName), its text added to the error's message.
 */
export async function withPages(browser, viewports, failName, fn) {
  const pages = [];
  for (const viewport of viewports) pages.push(await newPage(browser, viewport));
  try {
    await fn(pages);
  } catch (err) {
    const extra = await failureShots(pages, failName);
    if (extra && err && typeof err.message === 'string') err.message += `\n${extra}`;
    throw err;
  } finally {
    for (const t of pages) await t.close().catch(() => {});
  }
}
