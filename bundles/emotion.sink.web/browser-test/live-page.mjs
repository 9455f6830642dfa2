#!/usr/bin/env node
// Browser test of the live page (bundle emotion.sink.web): starts `bin/emotionlens run --profile <profile>` with
// the web sink on a free port, opens the logged page in headless Debian Chromium, waits until the page shows the
// running pipeline's predictions (a label on a face, a drawn frame image, a non-empty timeline), saves a
// screenshot, stops the runtime and checks that the page saw the stream end cleanly. Exits non-zero on failure.
//
//   node live-page.mjs [--profile NAME] [--chromium PATH] [--screenshot FILE] [--timeout SECONDS] [--settle SECONDS]
//
//   --profile     profile to run (default live-web: the demo video through the vision pipeline)
//   --chromium    Chromium executable (default: env CHROMIUM, else /usr/bin/chromium)
//   --screenshot  PNG to write (default: docs/live/web-page.png in the project)
//   --timeout     seconds to wait for each step (default 240: generous for a loaded machine)
//   --settle      seconds of live updates to let pass before the screenshot (default 8)
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT, gotoWithRetry, openBrowser, parseArgs, startRuntime, stopRuntime } from './lib.mjs';

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const timeoutMs = args.timeout * 1000;
  const log = [];
  const runtime = await startRuntime(args.profile, timeoutMs, log);
  let browser;
  try {
    const url = await runtime.url;
    const origin = url.replace(/\/$/, '');
    console.log(`runtime serves ${url}`);
    browser = await openBrowser(args.chromium, origin);
    const { context, blocked } = browser;
    const page = await context.newPage();
    const problems = [];
    page.on('console', (m) => { if (m.type() === 'error' && !/frame\.jpg/.test(m.text())) problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(String(e)));
    await gotoWithRetry(page, url);

    // Predictions of the running pipeline: a label on a face, an image drawn, and a timeline with points.
    const shown = await page.waitForFunction(() => {
      const labels = [...document.querySelectorAll('#faces .label')].map((e) => e.textContent)
        .filter((t) => t && t !== 'no prediction');
      const points = Number(document.getElementById('timeline').dataset.points || 0);
      const s = window.emotionlens;
      return labels.length > 0 && points >= 20 && s.image.shown !== null
        ? { labels, points, events: s.events, image: s.image.shown } : false;
    }, null, { timeout: timeoutMs, polling: 200 }).then((h) => h.jsonValue())
      .catch((e) => { throw new Error(`page showed no predictions: ${problems.join(' | ') || e.message}`); });
    console.log(`page shows labels [${shown.labels.join(', ')}], ${shown.points} timeline points, `
      + `${shown.events} updates, image #${shown.image}`);
    // A few more seconds of the live run, so that the screenshot's timeline has some history.
    await page.waitForTimeout(args.settle * 1000);

    const facts = await page.evaluate(() => ({
      status: document.getElementById('status').textContent,
      rate: document.getElementById('rate').textContent,
      stages: [...document.querySelectorAll('#stages tbody tr')].map((r) => r.children[0].textContent),
      frameInfo: document.getElementById('frame-info').textContent,
    }));
    console.log(`status "${facts.status}", "${facts.rate}", stages [${facts.stages.join(', ')}], ${facts.frameInfo}`);
    const expectStages = ['detector', 'landmarker', 'features', 'classifier'];
    if (args.profile.startsWith('live-web') && !expectStages.every((s) => facts.stages.includes(s))) {
      throw new Error(`stage latencies lack some of ${expectStages}: [${facts.stages}]`);
    }
    if (!/^[0-9.]+ frames\/s/.test(facts.rate) || /^0\.0 /.test(facts.rate)) {
      throw new Error(`no frames/s shown: "${facts.rate}"`);
    }
    fs.mkdirSync(path.dirname(args.screenshot), { recursive: true });
    await page.screenshot({ path: args.screenshot, fullPage: true });
    console.log(`screenshot ${path.relative(PROJECT, args.screenshot)}`);

    // Stopping the runtime deactivates the sink: the page must receive the end of the stream, not an error.
    process.kill(-runtime.child.pid, 'SIGTERM');
    await page.waitForFunction(() => document.getElementById('status').textContent === 'ended', null,
      { timeout: 60000, polling: 100 })
      .catch(() => { throw new Error('the page did not see the stream end when the runtime stopped'); });
    console.log('page saw the stream end when the runtime stopped');
    if (blocked.length > 0) throw new Error(`page asked for other hosts: ${blocked.join(', ')}`);
    if (problems.length > 0) throw new Error(`page errors: ${problems.join(' | ')}`);
  } finally {
    if (browser) await browser.close();
    await stopRuntime(runtime);
  }
}

main().then(() => { console.log('live page test passed'); process.exit(0); },
  (e) => { console.error(`live page test FAILED: ${e.message}`); process.exit(1); });
