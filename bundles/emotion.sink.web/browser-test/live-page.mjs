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
//   --timeout     seconds to wait for each step (default 120)
//   --settle      seconds of live updates to let pass before the screenshot (default 8)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PROJECT = path.resolve(HERE, '../../..');
// The flags STACK.md lists for Debian's Chromium here (plus a fresh --user-data-dir and playwright's pipe).
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function parseArgs(argv) {
  const args = { profile: 'live-web', timeout: 120, settle: 8 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--profile') args.profile = value();
    else if (a === '--chromium') args.chromium = value();
    else if (a === '--screenshot') args.screenshot = value();
    else if (a === '--timeout') args.timeout = Number(value());
    else if (a === '--settle') args.settle = Number(value());
    else throw new Error(`unknown argument ${a}; see the header of live-page.mjs`);
  }
  args.chromium = args.chromium ?? process.env.CHROMIUM ?? '/usr/bin/chromium';
  args.screenshot = path.resolve(args.screenshot ?? path.join(PROJECT, 'docs/live/web-page.png'));
  return args;
}

// Starts the runtime and resolves with the page URL once it logs "web page: http://...".
function startRuntime(profile, timeoutMs, log) {
  const output = fs.mkdtempSync(path.join(os.tmpdir(), 'emotionlens-live-page-out-'));
  const child = spawn(path.join(PROJECT, 'bin/emotionlens'),
    ['run', '--profile', profile, '--set', 'port=0', '--output', output], { cwd: PROJECT, detached: true });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const url = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "web page:" line from the runtime within ${timeoutMs} ms`)),
      timeoutMs);
    const onData = (chunk) => {
      const text = chunk.toString();
      log.push(text);
      const m = /web page: (http:\/\/[0-9.]+:[0-9]+\/)/.exec(log.join(''));
      if (m) { clearTimeout(timer); resolve(m[1]); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    exited.then(({ code, signal }) => reject(new Error(`runtime exited (${code ?? signal}) before serving the page`)));
  });
  return { child, url, exited, output };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(args.chromium)) {
    throw new Error(`Chromium not found at ${args.chromium}: install it (apt-get install -y chromium) or pass --chromium`);
  }
  const timeoutMs = args.timeout * 1000;
  const log = [];
  const runtime = startRuntime(args.profile, timeoutMs, log);
  let browser;
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'emotionlens-live-page-chromium-'));
  try {
    const url = await runtime.url;
    const origin = url.replace(/\/$/, '');
    console.log(`runtime serves ${url}`);
    browser = await chromium.launch({
      executablePath: args.chromium,
      ignoreDefaultArgs: true,
      args: [...CHROMIUM_FLAGS, `--user-data-dir=${userDataDir}`, '--remote-debugging-pipe'],
    });
    const context = await browser.newContext({ viewport: { width: 1400, height: 980 } });
    // The page must need nothing but the runtime: no CDN, no fonts from elsewhere.
    const blocked = [];
    await context.route('**/*', (route) => {
      const u = route.request().url();
      if (u.startsWith(origin + '/')) return route.continue();
      blocked.push(u);
      return route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    const problems = [];
    page.on('console', (m) => { if (m.type() === 'error' && !/frame\.jpg/.test(m.text())) problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(String(e)));
    await page.goto(url);

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
      { timeout: 30000, polling: 100 })
      .catch(() => { throw new Error('the page did not see the stream end when the runtime stopped'); });
    console.log('page saw the stream end when the runtime stopped');
    if (blocked.length > 0) throw new Error(`page asked for other hosts: ${blocked.join(', ')}`);
    if (problems.length > 0) throw new Error(`page errors: ${problems.join(' | ')}`);
  } finally {
    if (browser) await browser.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
    if (runtime.child.exitCode === null) {
      try { process.kill(-runtime.child.pid, 'SIGTERM'); } catch { /* already gone */ }
    }
    await Promise.race([runtime.exited, new Promise((r) => setTimeout(r, 15000))]);
    if (runtime.child.exitCode === null && runtime.child.signalCode === null) {
      try { process.kill(-runtime.child.pid, 'SIGKILL'); } catch { /* already gone */ }
    }
    fs.rmSync(runtime.output, { recursive: true, force: true });
  }
}

main().then(() => { console.log('live page test passed'); process.exit(0); },
  (e) => { console.error(`live page test FAILED: ${e.message}`); process.exit(1); });
