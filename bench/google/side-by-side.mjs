#!/usr/bin/env node
// Speed of Google's MediaPipe Face Landmarker (npm @mediapipe/tasks-vision 1.1.0, WebAssembly, CPU delegate, in
// Debian's headless Chromium) and of EmotionLens (bin/emotionlens run --profile speed) on the same frames: the 345
// frames of demo.gif of npm @tensorflow-models/facemesh 0.0.5 (640x480), VIDEO mode, blendshapes on, numFaces 1
// and 4, both in this one run, alternating, several repetitions. Then EmotionLens with the frames handed out in
// real time (a paced, live source) for the latency from frame arrival to prediction. Writes docs/speed/side-by-side.md
// and .csv. Run from the repository root after `mvn -B -q install -DskipTests` and `npm ci --prefix bench/google`:
//
//   node bench/google/side-by-side.mjs [--reps N] [--faces 1,4] [--pace FPS] [--model PATH] [--chromium PATH] [--out DIR]
//
//   --reps N         repetitions of each (numFaces, runtime) pair (default 3)
//   --faces LIST     numFaces values (default 1,4)
//   --pace FPS       frame rate of the live-latency runs (default 30; 0 skips them)
//   --model PATH     face_landmarker.task (default ../shared/models/face_landmarker.task)
//   --chromium PATH  Chromium executable (default env CHROMIUM, else /usr/bin/chromium)
//   --out DIR        where the report goes (default docs/speed)
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const MODEL_SHA256 = '64184e229b263107bc2b804c6625db1341ff2bb731874b0bcc2fe6544e0bc9ff';
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const FRAME_STEP_MS = 20; // the GIF's own frame delay, which EmotionLens's image source uses as timestamps
const STAGES = ['detector', 'landmarker', 'features', 'classifier', 'sinks'];

function parseArgs(argv) {
  const args = { reps: 3, faces: [1, 4], pace: 30, out: 'docs/speed' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--reps') args.reps = Number(value());
    else if (a === '--faces') args.faces = value().split(',').map(Number);
    else if (a === '--pace') args.pace = Number(value());
    else if (a === '--model') args.model = value();
    else if (a === '--chromium') args.chromium = value();
    else if (a === '--out') args.out = value();
    else throw new Error(`unknown argument ${a}; see the header of bench/google/side-by-side.mjs`);
  }
  if (!(args.reps >= 1) || args.faces.some((f) => !(f >= 1)) || !(args.pace >= 0)) {
    throw new Error('--reps and --faces need whole numbers >= 1, --pace a number >= 0');
  }
  args.model = path.resolve(ROOT, args.model ?? '../shared/models/face_landmarker.task');
  args.chromium = args.chromium ?? process.env.CHROMIUM ?? '/usr/bin/chromium';
  args.out = path.resolve(ROOT, args.out);
  return args;
}

const packageDir = (name) => {
  const dir = path.join(HERE, 'node_modules', name);
  if (!fs.existsSync(path.join(dir, 'package.json'))) throw new Error(`${dir} missing; run npm ci --prefix bench/google`);
  return dir;
};

const sha256File = (file) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

function startServer(modelPath, gifPath) {
  const wasmRoot = packageDir('@mediapipe/tasks-vision');
  const server = createServer((req, res) => {
    const urlPath = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    let file = null;
    if (urlPath === '/' || urlPath === '/speed.html') file = path.join(HERE, 'speed.html');
    else if (urlPath === '/model/face_landmarker.task') file = modelPath;
    else if (urlPath === '/demo.gif') file = gifPath;
    else if (urlPath.startsWith('/tasks-vision/')) {
      const candidate = path.resolve(wasmRoot, '.' + urlPath.slice('/tasks-vision'.length));
      if (candidate.startsWith(wasmRoot + path.sep)) file = candidate;
    }
    if (req.method !== 'GET' || !file || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    const types = { '.html': 'text/html', '.mjs': 'text/javascript', '.js': 'text/javascript', '.wasm': 'application/wasm' };
    res.writeHead(200, { 'Content-Type': types[path.extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function openBrowser(chromiumPath, origin) {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'emotionlens-speed-chromium-'));
  const browser = await chromium.launch({ executablePath: chromiumPath, ignoreDefaultArgs: true,
    args: [...CHROMIUM_FLAGS, `--user-data-dir=${userDataDir}`, '--remote-debugging-pipe'] });
  const context = await browser.newContext();
  // Only our own server may be reached (tasks-vision tries a usage-logging request, for one).
  await context.route('**/*', (route) => (route.request().url().startsWith(origin + '/') ? route.continue()
      : route.abort('blockedbyclient')));
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${origin}/speed.html`);
  await page.waitForFunction(() => window.runnerReady === true, null, { timeout: 60000 })
      .catch((e) => { throw new Error(`speed page did not load: ${errors.join(' | ') || e.message}`); });
  return { page, version: browser.version(),
    close: async () => { await browser.close(); fs.rmSync(userDataDir, { recursive: true, force: true }); } };
}

// One EmotionLens run of the speed profile; returns the figures of its summary line.
function runEmotionLens(gifPath, faces, pace) {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'emotionlens-speed-'));
  try {
    const r = spawnSync(path.join(ROOT, 'bin/emotionlens'), ['run', '--profile', 'speed', '--input', gifPath,
      '--output', outDir, '--set', `faces=${faces}`, '--set', `pace=${pace}`], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
    const text = `${r.stdout}\n${r.stderr}`;
    const line = text.split('\n').find((l) => l.startsWith('pipeline speed finished:'));
    if (r.status !== 0 || !line) {
      throw new Error(`bin/emotionlens run --profile speed --set faces=${faces} --set pace=${pace} exited ${r.status}:\n${text.slice(-2000)}`);
    }
    const num = (re) => { const m = line.match(re); if (!m) throw new Error(`no ${re} in: ${line}`); return Number(m[1]); };
    const stages = {};
    for (const s of STAGES) {
      const m = line.match(new RegExp(`[:,] ${s} ([0-9.]+)/([0-9.]+)`));
      if (m) stages[s] = { mean: Number(m[1]), p95: Number(m[2]) };
    }
    const live = line.match(/live latency from frame arrival to prediction ms p50\/p95: ([0-9.]+)\/([0-9.]+)/);
    const dropped = line.match(/; (\d+) live frames dropped/);
    return { line, frames: num(/: (\d+) frames,/), faces: num(/ (\d+) faces,/), seconds: num(/ in ([0-9.]+) s,/),
      fps: num(/, ([0-9.]+) frames\/s/), stages, liveP50: live ? Number(live[1]) : null, liveP95: live ? Number(live[2]) : null,
      dropped: dropped ? Number(dropped[1]) : 0 };
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
  }
}

const median = (v) => { const s = [...v].sort((a, b) => a - b); const n = s.length; return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2; };
const mmm = (v, d = 1) => `${Math.min(...v).toFixed(d)} / ${median(v).toFixed(d)} / ${Math.max(...v).toFixed(d)}`;
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(', ');

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(args.model)) throw new Error(`model not found: ${args.model}; pass --model PATH to face_landmarker.task (see models/README.md)`);
  if (sha256File(args.model) !== MODEL_SHA256) throw new Error(`${args.model} is not face_landmarker float16 v1 (sha256 ${MODEL_SHA256})`);
  if (!fs.existsSync(args.chromium)) throw new Error(`Chromium not found at ${args.chromium}; install Debian's chromium or pass --chromium PATH`);
  if (!fs.existsSync(path.join(ROOT, 'bin/emotionlens'))) throw new Error(`${ROOT}/bin/emotionlens missing: run from a checkout`);
  const gifPath = path.join(packageDir('@tensorflow-models/facemesh'), 'demo.gif');
  const tasksVision = JSON.parse(fs.readFileSync(path.join(packageDir('@mediapipe/tasks-vision'), 'package.json'), 'utf8')).version;
  const loadBefore = load();
  const server = await startServer(args.model, gifPath);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await openBrowser(args.chromium, origin);
  const rows = [];
  let gif;
  try {
    gif = await browser.page.evaluate(() => window.decodeGif('/demo.gif'));
    console.log(`Chromium ${browser.version}, tasks-vision ${tasksVision}, ${gif.frames} frames ${gif.width}x${gif.height}, load ${loadBefore}`);
    for (let rep = 1; rep <= args.reps; rep++) {
      for (const faces of args.faces) {
        const g = await browser.page.evaluate((o) => window.timeLandmarker(o), { numFaces: faces, frameStepMs: FRAME_STEP_MS });
        const google = { frames: g.frames, faces: g.faces, seconds: g.seconds, fps: g.frames / g.seconds,
          msPerFrame: g.perFrameMs.reduce((a, b) => a + b, 0) / g.frames };
        const el = runEmotionLens(gifPath, faces, 0);
        rows.push({ rep, numFaces: faces, google, el, ratio: el.fps / google.fps });
        console.log(`rep ${rep} numFaces ${faces}: Google ${google.fps.toFixed(1)} frames/s (${google.faces} faces), `
            + `EmotionLens ${el.fps.toFixed(1)} frames/s (${el.faces} faces), ratio ${(el.fps / google.fps).toFixed(2)}`);
      }
    }
  } finally {
    await browser.close();
    server.close();
  }
  const live = [];
  if (args.pace > 0) {
    for (const faces of args.faces) {
      const r = runEmotionLens(gifPath, faces, args.pace);
      live.push({ numFaces: faces, ...r });
      console.log(`live ${args.pace} frames/s numFaces ${faces}: p50 ${r.liveP50} ms, p95 ${r.liveP95} ms, ${r.dropped} dropped`);
    }
  }
  const loadAfter = load();
  writeReport(args, { tasksVision, chromium: browser.version, gif, gifSha: sha256File(gifPath), rows, live, loadBefore, loadAfter });
}

function writeReport(args, r) {
  const cmd = `node bench/google/side-by-side.mjs${process.argv.slice(2).length ? ' ' + process.argv.slice(2).join(' ') : ''}`;
  const L = [];
  L.push('# Speed: EmotionLens and Google\'s MediaPipe runtime on the same frames', '');
  L.push(`Made by: \`${cmd}\` (from the repository root after \`mvn -B -q install -DskipTests\` and \`npm ci --prefix bench/google\`), `
      + `${new Date().toISOString().slice(0, 16)}Z, ${os.cpus().length} cores, load average (1, 5, 15 min) ${r.loadBefore} before and ${r.loadAfter} after.`, '');
  L.push(`Frames: the ${r.gif.frames} frames (${r.gif.width}x${r.gif.height}, two people) of \`demo.gif\` of npm \`@tensorflow-models/facemesh\` 0.0.5 `
      + `(sha256 ${r.gifSha.slice(0, 12)}…), the same file for both. Both in VIDEO mode (tracking), blendshapes on, timestamps 20 ms apart (the GIF's delays).`, '');
  L.push(`- **Google**: \`@mediapipe/tasks-vision\` ${r.tasksVision} FaceLandmarker, CPU delegate, WebAssembly in headless Chromium ${r.chromium} `
      + '(the flags of `bundles/emotion.landmarker/parity`); frames decoded to ImageData before timing; timed: the `detectForVideo` calls '
      + '(detector, landmarks, blendshapes). No classifier.');
  L.push('- **EmotionLens**: `bin/emotionlens run --profile speed --input demo.gif --set faces=N` (BlazeFace, MediaPipe landmarks and blendshapes '
      + 'through TFLite, `lstm-paper` on the classifier engine the profile sets (`engine: auto`: the Java engine for LSTM models), a CSV sink); frames/s from the pipeline\'s summary: its whole loop, '
      + 'GIF decoding, classifier and CSV writing included, JVM start excluded.');
  L.push(`- Each repetition runs Google then EmotionLens for each numFaces; ratio = EmotionLens frames/s / Google frames/s of the same repetition. ${args.reps} repetitions.`, '');
  L.push('| numFaces | EmotionLens frames/s min / median / max | Google frames/s min / median / max | ratio min / median / max | faces found EmotionLens / Google |');
  L.push('| --- | --- | --- | --- | --- |');
  const csv = [`# made by: ${cmd}`, 'rep,num_faces,emotionlens_fps,google_fps,ratio,emotionlens_faces,google_faces,'
      + STAGES.map((s) => `emotionlens_${s}_ms`).join(',') + ',google_ms_per_frame'];
  for (const faces of args.faces) {
    const rs = r.rows.filter((x) => x.numFaces === faces);
    L.push(`| ${faces} | ${mmm(rs.map((x) => x.el.fps))} | ${mmm(rs.map((x) => x.google.fps))} | ${mmm(rs.map((x) => x.ratio), 2)} | `
        + `${[...new Set(rs.map((x) => x.el.faces))].join(', ')} / ${[...new Set(rs.map((x) => x.google.faces))].join(', ')} |`);
  }
  for (const x of r.rows) {
    csv.push([x.rep, x.numFaces, x.el.fps.toFixed(2), x.google.fps.toFixed(2), x.ratio.toFixed(3), x.el.faces, x.google.faces,
      ...STAGES.map((s) => (x.el.stages[s] ? x.el.stages[s].mean.toFixed(3) : '')), x.google.msPerFrame.toFixed(3)].join(','));
  }
  L.push('', '## Where the time goes (ms per frame, mean; median over the repetitions)', '');
  L.push('EmotionLens\'s stages as its pipeline records them (a stage\'s time per frame, all faces of the frame together); Google\'s runtime '
      + 'gives no per-stage times, so only its total per frame. The whole loop also holds what no stage times: '
      + 'GIF decoding and the loop itself.', '');
  L.push(`| numFaces | ${STAGES.map((s) => `EmotionLens ${s}`).join(' | ')} | EmotionLens stages | EmotionLens whole loop (1000 / frames/s) | Google detectForVideo |`);
  L.push(`| --- | ${STAGES.map(() => '---').join(' | ')} | --- | --- | --- |`);
  for (const faces of args.faces) {
    const rs = r.rows.filter((x) => x.numFaces === faces);
    const per = STAGES.map((s) => (rs.every((x) => x.el.stages[s]) ? median(rs.map((x) => x.el.stages[s].mean)) : null));
    const sum = per.reduce((a, b) => a + (b ?? 0), 0);
    L.push(`| ${faces} | ${per.map((v) => (v === null ? '-' : v.toFixed(2))).join(' | ')} | ${sum.toFixed(2)} | `
        + `${median(rs.map((x) => 1000 / x.el.fps)).toFixed(2)} | ${median(rs.map((x) => x.google.msPerFrame)).toFixed(2)} |`);
  }
  if (r.live.length) {
    const interval = 1000 / args.pace;
    L.push('', `## Live latency at ${args.pace} frames/s`, '');
    L.push(`\`bin/emotionlens run --profile speed --input demo.gif --set faces=N --set pace=${args.pace}\`: the image source hands the frames out in real time `
        + `(frame i at start + i / ${args.pace} s), so it is a live source: the pipeline takes the latest frame and drops those it could not keep up with. `
        + 'Latency = from the moment the source handed a frame over to its predictions reaching the sinks (waiting for the pipeline included), '
        + `over every frame processed. Goal: p95 under 2 frame intervals (${(2 * interval).toFixed(1)} ms).`, '');
    L.push('| numFaces | frames processed | dropped | p50 ms | p95 ms | p95 in frame intervals | goal met |');
    L.push('| --- | --- | --- | --- | --- | --- | --- |');
    for (const x of r.live) {
      L.push(`| ${x.numFaces} | ${x.frames} | ${x.dropped} | ${x.liveP50.toFixed(1)} | ${x.liveP95.toFixed(1)} | ${(x.liveP95 / interval).toFixed(2)} | ${x.liveP95 < 2 * interval ? 'yes' : 'no'} |`);
      csv.push(`# live ${args.pace} fps numFaces ${x.numFaces}: frames ${x.frames}, dropped ${x.dropped}, p50_ms ${x.liveP50}, p95_ms ${x.liveP95}`);
    }
  }
  fs.mkdirSync(args.out, { recursive: true });
  fs.writeFileSync(path.join(args.out, 'side-by-side.md'), L.join('\n') + '\n');
  fs.writeFileSync(path.join(args.out, 'side-by-side.csv'), csv.join('\n') + '\n');
  console.log(`wrote ${path.join(args.out, 'side-by-side.md')} and .csv`);
}

main().catch((e) => { console.error(e.message ?? e); process.exitCode = 1; });
