#!/usr/bin/env node
// Cost of the live page on the pipeline: runs the demo video through the vision pipeline (one pass) in three ways,
// interleaved so that the machine's load drifts alike over all of them, and prints the pipeline's frames/s (from
// the launcher's summary line) per run, the median per way and the ratio to the plain demo:
//   demo          profile demo (no web sink)
//   web, no page  profile live-web, nobody watching
//   web + reader  profile live-web with a client that follows /events and fetches every image, drawing nothing
//                 (the server side's cost alone)
//   web + page    profile live-web with the page open in headless Chromium on the same machine
//
//   node fps.mjs [--rounds N] [--chromium PATH]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT, freePort, gotoWithRetry, openBrowser } from './lib.mjs';

const argv = process.argv.slice(2);
const opt = (name, def) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : def);
const rounds = Number(opt('--rounds', '3'));
const chromiumPath = opt('--chromium', process.env.CHROMIUM ?? '/usr/bin/chromium');

// Runs one profile to its end; `onUrl` is called with the page URL if the run logs one.
function run(profile, extra, onUrl) {
  const output = fs.mkdtempSync(path.join(os.tmpdir(), 'emotionlens-fps-'));
  const child = spawn(path.join(PROJECT, 'bin/emotionlens'), ['run', '--profile', profile, '--output', output,
    ...extra], { cwd: PROJECT });
  let text = '';
  let announced = false;
  const onData = (chunk) => {
    text += chunk.toString();
    const m = /web page: (http:\/\/[0-9.]+:[0-9]+\/)/.exec(text);
    if (m && !announced && onUrl) { announced = true; onUrl(m[1]); }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  return new Promise((resolve, reject) => child.on('exit', (code) => {
    fs.rmSync(output, { recursive: true, force: true });
    const m = /pipeline demo finished: (\d+) frames.* ([0-9.]+) frames\/s/.exec(text);
    if (code !== 0 || !m) reject(new Error(`${profile} exited ${code} without a summary:\n${text}`));
    else resolve({ frames: Number(m[1]), fps: Number(m[2]) });
  }));
}

async function withPage(url, work) {
  const browser = await openBrowser(chromiumPath, url.replace(/\/$/, ''));
  const page = await browser.context.newPage();
  await gotoWithRetry(page, url);
  try { return await work; } finally { await browser.close(); }
}

// A client that does what the page does on the network (follows /events, fetches every announced image, latest
// wins) but draws nothing: the server side's cost alone.
async function withReader(url, work) {
  const controller = new AbortController();
  const reading = (async () => {
    const res = await fetch(url + 'events', { signal: controller.signal });
    const decoder = new TextDecoder();
    let buffer = '';
    let loading = null;
    let next = null;
    const load = async (seq) => {
      for (let s = seq; s !== null; s = next, next = null) {
        await fetch(`${url}frame.jpg?seq=${s}`, { signal: controller.signal }).then((r) => r.arrayBuffer());
      }
      loading = null;
    };
    for await (const chunk of res.body) {
      buffer += decoder.decode(chunk, { stream: true });
      let i;
      while ((i = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        const m = /^event: frame\ndata: (.*)$/s.exec(block);
        if (!m) continue;
        const seq = JSON.parse(m[1]).image;
        if (seq === null) continue;
        if (loading) next = seq; else loading = load(seq);
      }
    }
  })().catch(() => {});
  try { return await work; } finally { controller.abort(); await reading; }
}

// One run at a time, each ending before the next starts: one port free now serves them all.
const port = `port=${await freePort()}`;

const ways = {
  'demo': () => run('demo', []),
  'web, no page': () => run('live-web', ['--set', 'loops=1', '--set', port]),
  'web + reader': () => new Promise((resolve, reject) => {
    let readerDone = Promise.resolve();
    const finished = run('live-web', ['--set', 'loops=1', '--set', port], (url) => {
      readerDone = withReader(url, finished.catch(() => {}));
    });
    finished.then((r) => readerDone.then(() => resolve(r)), reject);
  }),
  'web + page': () => new Promise((resolve, reject) => {
    let pageDone = Promise.resolve();
    const finished = run('live-web', ['--set', 'loops=1', '--set', port], (url) => {
      pageDone = withPage(url, finished.catch(() => {}));
    });
    finished.then((r) => pageDone.then(() => resolve(r)), reject);
  }),
};

const results = Object.fromEntries(Object.keys(ways).map((k) => [k, []]));
for (let round = 1; round <= rounds; round++) {
  for (const [name, way] of Object.entries(ways)) {
    const r = await way();
    results[name].push(r.fps);
    console.log(`round ${round}  ${name.padEnd(14)} ${r.frames} frames  ${r.fps.toFixed(1)} frames/s`);
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = median(results.demo);
console.log(`\n| way | frames/s per run | median | ratio to demo |\n|---|---|---|---|`);
for (const [name, xs] of Object.entries(results)) {
  console.log(`| ${name} | ${xs.map((x) => x.toFixed(1)).join(', ')} | ${median(xs).toFixed(1)} | ${(median(xs) / base).toFixed(3)} |`);
}
console.log(`(${os.cpus().length} CPUs, ${os.loadavg()[0].toFixed(2)} load now)`);
