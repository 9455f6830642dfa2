#!/usr/bin/env node
// Golden reference outputs of Google's MediaPipe FaceLandmarker (npm @mediapipe/tasks-vision, WebAssembly,
// CPU delegate) in Debian's headless Chromium, for the Java parity test of bundle emotion.landmarker.
// See README.md for the output format and how to rerun.
//
//   node generate.mjs [--model PATH] [--fer2013 PATH] [--chromium PATH] [--out DIR] [--make-images] [--verify]
//                     [--only FILE,...]
//
//   --model PATH     face_landmarker.task (default: env EMOTIONLENS_FACE_LANDMARKER_TASK, else
//                    ../../../../shared/models/face_landmarker.task relative to this script)
//   --fer2013 PATH   fer2013-images.zip (default: env EMOTIONLENS_FER2013_ZIP, else
//                    ../../../../shared/data/fer2013/fer2013-images.zip relative to this script)
//   --chromium PATH  Chromium executable (default: env CHROMIUM, else /usr/bin/chromium)
//   --out DIR        where the JSON files go (default: ../src/test/resources/parity)
//   --make-images    (re)create the input images under <resources>/images from the npm packages
//   --only FILE,...  make (or verify) only these output files, e.g. --only geometry-image-mode.json
//   --verify         write into a temp dir and compare byte for byte with the committed JSON files (a file
//                    that differs only in the "chromium" version field is reported as such and accepted)
import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const RESOURCES = path.resolve(HERE, '../src/test/resources/parity');
const MODEL_SHA256 = '64184e229b263107bc2b804c6625db1341ff2bb731874b0bcc2fe6544e0bc9ff';
const GENERATOR = 'bundles/emotion.landmarker/parity/generate.mjs';

// The exact Chromium flags (plus a fresh --user-data-dir and playwright's --remote-debugging-pipe).
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const PHOTOS = [1, 2, 3, 4, 5, 6].map((n) => `sample${n}.jpg`);
// facemesh demo.gif has 345 frames (640x480). Spread frames picked for variety in what MediaPipe finds
// in IMAGE mode (2, 3, 3, 0, 1, 1, 2 faces), and a consecutive run for VIDEO mode that starts with both
// people detected and has frames (68-71, 75) where the detector alone finds only one of them, so the VIDEO
// result depends on tracking. 27 PNGs of ~63 KB keep all inputs under 3 MB.
const GIF_SPREAD_FRAMES = [0, 57, 83, 105, 146, 200, 235];
const GIF_VIDEO_FRAMES = Array.from({ length: 20 }, (_, i) => 60 + i);
const VIDEO_FRAME_STEP_MS = 20;
const frameFile = (index) => `images/facemesh-frame-${String(index).padStart(3, '0')}.png`;

// FER2013 (48x48 grey JPEGs, read straight from the shared zip; never copied into git). From the test split
// (PrivateTest), for each of the 7 class folders: the entries sorted by name, every k-th from the first with
// k = floor(count / 25), 25 per class = 175 images; native size and upscaled like the data-set build's default
// (longer side 64 px, upscale.mjs = Upscale.java).
const FER2013_ZIP_SHA256 = '5227035f0a55ec8edd5d3e53f2700a9c0f977d75765922b31e9c7828d3c66802';
const FER2013_CLASSES = ['angry', 'disgust', 'fear', 'happy', 'sad', 'surprise', 'neutral'];
const FER2013_PER_CLASS = 25;
const FER2013_UPSCALE = 64;

function parseArgs(argv) {
  const args = { makeImages: false, verify: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--model') args.model = value();
    else if (a === '--fer2013') args.fer2013 = value();
    else if (a === '--chromium') args.chromium = value();
    else if (a === '--out') args.out = value();
    else if (a === '--make-images') args.makeImages = true;
    else if (a === '--verify') args.verify = true;
    else if (a === '--only') args.only = value().split(',');
    else throw new Error(`unknown argument ${a}; see the header of generate.mjs`);
  }
  args.model = path.resolve(args.model ?? process.env.EMOTIONLENS_FACE_LANDMARKER_TASK
      ?? path.join(HERE, '../../../../shared/models/face_landmarker.task'));
  args.fer2013 = path.resolve(args.fer2013 ?? process.env.EMOTIONLENS_FER2013_ZIP
      ?? path.join(HERE, '../../../../shared/data/fer2013/fer2013-images.zip'));
  args.chromium = args.chromium ?? process.env.CHROMIUM ?? '/usr/bin/chromium';
  args.out = path.resolve(args.out ?? RESOURCES);
  return args;
}

// npm packages installed by `npm ci` next to this script (some do not export their package.json).
const packageDir = (name) => {
  const dir = path.join(HERE, 'node_modules', name);
  if (!fs.existsSync(path.join(dir, 'package.json'))) throw new Error(`${dir} missing; run npm ci in ${HERE}`);
  return dir;
};

// --- Zip reader for the FER2013 zip ------------------------------------------------------------------
// Node has no zip reader built in and package-lock.json holds none (its packages are the runtime, the browser
// driver and the two media packages), so this reads the central directory itself. Enough for the shared zip:
// every entry is STORED (JPEG does not compress), no zip64 (35,887 entries, 72 MB); anything else is refused.
// CRC-32 of every entry read is checked.
function readZip(file) {
  const buf = fs.readFileSync(file);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error(`${file}: no zip end-of-central-directory record`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || p === 0xffffffff) throw new Error(`${file}: zip64 is not supported`);
  const entries = new Map();
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`${file}: bad central directory entry ${n}`);
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    const size = buf.readUInt32LE(p + 20);
    const rawSize = buf.readUInt32LE(p + 24);
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLength);
    p += 46 + nameLength + extraLength + commentLength;
    if (name.endsWith('/')) continue;
    entries.set(name, { method, crc, size, rawSize, local });
  }
  const read = (name) => {
    const e = entries.get(name);
    if (!e) throw new Error(`${file}: no entry ${name}`);
    if (e.method !== 0 || e.size !== e.rawSize) throw new Error(`${file}: ${name} is compressed (method ${e.method}); only stored entries are supported`);
    if (buf.readUInt32LE(e.local) !== 0x04034b50) throw new Error(`${file}: bad local header of ${name}`);
    const start = e.local + 30 + buf.readUInt16LE(e.local + 26) + buf.readUInt16LE(e.local + 28);
    const data = buf.subarray(start, start + e.size);
    if (crc32(data) !== e.crc) throw new Error(`${file}: CRC mismatch in ${name}`);
    return data;
  };
  return { names: [...entries.keys()], read, sha256: createHash('sha256').update(buf).digest('hex') };
}

/** The FER2013 pick: per class of test/, the names sorted, every k-th from the first, k = floor(count / 25). */
function pickFer2013(zip) {
  const picked = [];
  for (const label of FER2013_CLASSES) {
    const prefix = `test/${label}/`;
    const names = zip.names.filter((n) => n.startsWith(prefix) && n.endsWith('.jpg')).sort();
    const k = Math.floor(names.length / FER2013_PER_CLASS);
    if (k < 1) throw new Error(`FER2013 zip: only ${names.length} images in ${prefix}`);
    for (let i = 0; i < FER2013_PER_CLASS; i++) picked.push(names[i * k]);
  }
  return picked;
}

const CONTENT_TYPES = { '.html': 'text/html', '.mjs': 'text/javascript', '.js': 'text/javascript',
  '.wasm': 'application/wasm', '.png': 'image/png', '.jpg': 'image/jpeg', '.gif': 'image/gif',
  '.task': 'application/octet-stream', '.map': 'application/json' };

// Tiny static server on 127.0.0.1 (ephemeral port): the runner page, the tasks-vision package, the model,
// the committed resources, the npm media packages, upscale.mjs and the picked FER2013 entries of the zip
// (GET /fer2013/<entry name>). Nothing else.
function startServer(modelPath, fer2013) {
  const roots = {
    '/tasks-vision/': packageDir('@mediapipe/tasks-vision'),
    '/res/': RESOURCES,
    '/face-api/': packageDir('@vladmandic/face-api'),
    '/facemesh/': packageDir('@tensorflow-models/facemesh'),
  };
  const server = createServer((req, res) => {
    const urlPath = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    if (req.method === 'GET' && urlPath.startsWith('/fer2013/') && fer2013.picked.has(urlPath.slice(9))) {
      res.writeHead(200, { 'Content-Type': 'image/jpeg', 'Cache-Control': 'no-store' });
      res.end(fer2013.zip.read(urlPath.slice(9)));
      return;
    }
    let file = null;
    if (urlPath === '/' || urlPath === '/runner.html') file = path.join(HERE, 'runner.html');
    else if (urlPath === '/upscale.mjs') file = path.join(HERE, 'upscale.mjs');
    else if (urlPath === '/model/face_landmarker.task') file = modelPath;
    else {
      for (const [prefix, root] of Object.entries(roots)) {
        if (urlPath.startsWith(prefix)) {
          const candidate = path.resolve(root, '.' + urlPath.slice(prefix.length - 1));
          if (candidate.startsWith(root + path.sep)) file = candidate;
        }
      }
    }
    if (req.method !== 'GET' || !file || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
      'Cache-Control': 'no-store' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function openRunner(chromiumPath, origin) {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'emotionlens-parity-chromium-'));
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    ignoreDefaultArgs: true,
    args: [...CHROMIUM_FLAGS, `--user-data-dir=${userDataDir}`, '--remote-debugging-pipe'],
  });
  const context = await browser.newContext();
  const blocked = [];
  // Only our own server may be reached (tasks-vision tries a usage-logging request, for one).
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin + '/')) return route.continue();
    blocked.push(url);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.goto(`${origin}/runner.html`);
  await page.waitForFunction(() => window.runnerReady === true, null, { timeout: 60000 })
      .catch((e) => { throw new Error(`runner page did not load: ${consoleErrors.join(' | ') || e.message}`); });
  const close = async () => {
    await browser.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  };
  return { page, blocked, consoleErrors, close, version: browser.version() };
}

// --- PNG writer (8-bit, palette when the image has <= 256 colours, else RGB; deterministic) -----------
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}
function encodePng(width, height, rgb) {
  const colours = new Map();
  for (let i = 0; i < rgb.length && colours.size <= 256; i += 3) {
    const key = (rgb[i] << 16) | (rgb[i + 1] << 8) | rgb[i + 2];
    if (!colours.has(key)) colours.set(key, 0);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  const chunks = [];
  let raw;
  if (colours.size <= 256) {
    const keys = [...colours.keys()].sort((a, b) => a - b);
    keys.forEach((k, i) => colours.set(k, i));
    ihdr[9] = 3;
    const plte = Buffer.alloc(keys.length * 3);
    keys.forEach((k, i) => { plte[3 * i] = k >> 16; plte[3 * i + 1] = (k >> 8) & 255; plte[3 * i + 2] = k & 255; });
    chunks.push(chunk('PLTE', plte));
    raw = Buffer.alloc(height * (width + 1));
    for (let y = 0; y < height; y++) {
      raw[y * (width + 1)] = 0;
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * 3;
        raw[y * (width + 1) + 1 + x] = colours.get((rgb[i] << 16) | (rgb[i + 1] << 8) | rgb[i + 2]);
      }
    }
  } else {
    ihdr[9] = 2;
    const stride = width * 3;
    raw = Buffer.alloc(height * (stride + 1));
    for (let y = 0; y < height; y++) {
      // filter 1 (Sub) on every row: simple and deterministic.
      raw[y * (stride + 1)] = 1;
      for (let x = 0; x < stride; x++) {
        const v = rgb[y * stride + x];
        const left = x >= 3 ? rgb[y * stride + x - 3] : 0;
        raw[y * (stride + 1) + 1 + x] = (v - left) & 255;
      }
    }
  }
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), ...chunks,
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

async function makeImages(runner) {
  const imagesDir = path.join(RESOURCES, 'images');
  fs.mkdirSync(imagesDir, { recursive: true });
  for (const photo of PHOTOS) {
    fs.copyFileSync(path.join(packageDir('@vladmandic/face-api'), 'demo', photo), path.join(imagesDir, photo));
  }
  const frames = [...GIF_SPREAD_FRAMES, ...GIF_VIDEO_FRAMES];
  for (const index of frames) {
    const frame = await runner.page.evaluate(([url, i]) => window.decodeGifFrame(url, i),
        ['/facemesh/demo.gif', index]);
    const png = encodePng(frame.width, frame.height, Buffer.from(frame.rgbBase64, 'base64'));
    fs.writeFileSync(path.join(RESOURCES, frameFile(index)), png);
    console.log(`  ${frameFile(index)}  ${frame.width}x${frame.height}  ${png.length} bytes (gif has ${frame.frameCount} frames)`);
  }
}

function sha256File(file) {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

// JSON with one line per face array (landmarks, blendshapes, names) to keep files diffable yet small.
function formatRun(run) {
  const { items, ...head } = run;
  const headJson = JSON.stringify(head, null, 2).replace(/\n}$/, '');
  const itemJson = items.map((item) => {
    const { faces, ...itemHead } = item;
    const faceJson = faces.map((face) => '        {\n'
        + `          "landmarks": ${JSON.stringify(face.landmarks)},\n`
        + `          "blendshapes": ${JSON.stringify(face.blendshapes)},\n`
        + `          "blendshapeNames": ${JSON.stringify(face.blendshapeNames)}`
        + (face.matrix ? `,\n          "matrix": ${JSON.stringify(face.matrix)}` : '') + '\n        }');
    const fields = Object.entries(itemHead).map(([k, v]) => `      ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
    return '    {\n' + fields.join(',\n') + ',\n      "faces": [' + (faceJson.length ? '\n' + faceJson.join(',\n') + '\n    ' : '')
        + ']\n    }';
  });
  return `${headJson},\n  "items": [\n${itemJson.join(',\n')}\n  ]\n}\n`;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(args.model)) {
    throw new Error(`model not found: ${args.model}. Pass --model PATH (or EMOTIONLENS_FACE_LANDMARKER_TASK) `
        + 'pointing at face_landmarker.task (MediaPipe Face Landmarker float16 v1; see shared/models/README.md).');
  }
  const modelSha = sha256File(args.model);
  if (modelSha !== MODEL_SHA256) {
    throw new Error(`${args.model} has sha256 ${modelSha}, expected ${MODEL_SHA256} (face_landmarker float16 v1)`);
  }
  if (!fs.existsSync(args.chromium)) {
    throw new Error(`Chromium not found at ${args.chromium}; install Debian's chromium (apt-get install chromium) or pass --chromium PATH`);
  }
  const tasksVision = JSON.parse(fs.readFileSync(path.join(packageDir('@mediapipe/tasks-vision'), 'package.json'))).version;
  if (!fs.existsSync(args.fer2013)) {
    throw new Error(`FER2013 zip not found: ${args.fer2013}. Pass --fer2013 PATH (or EMOTIONLENS_FER2013_ZIP) pointing at `
        + 'fer2013-images.zip (see shared/data/fer2013/README.md).');
  }
  const ferZip = readZip(args.fer2013);
  if (ferZip.sha256 !== FER2013_ZIP_SHA256) {
    throw new Error(`${args.fer2013} has sha256 ${ferZip.sha256}, expected ${FER2013_ZIP_SHA256}`);
  }
  const ferPicked = pickFer2013(ferZip);
  const ferDataSet = { file: path.basename(args.fer2013), sha256: ferZip.sha256 };

  const server = await startServer(args.model, { zip: ferZip, picked: new Set(ferPicked) });
  const origin = `http://127.0.0.1:${server.address().port}`;
  const outDir = args.verify ? fs.mkdtempSync(path.join(os.tmpdir(), 'emotionlens-parity-verify-')) : args.out;
  let runner;
  try {
    runner = await openRunner(args.chromium, origin);
    console.log(`Chromium ${runner.version}, tasks-vision ${tasksVision}, model sha256 ${modelSha.slice(0, 8)}…, server ${origin}`);
    const missing = [...PHOTOS.map((p) => `images/${p}`), ...GIF_SPREAD_FRAMES.map(frameFile), ...GIF_VIDEO_FRAMES.map(frameFile)]
        .filter((f) => !fs.existsSync(path.join(RESOURCES, f)));
    if (args.makeImages || missing.length) {
      if (args.verify) throw new Error(`--verify needs the committed images; missing: ${missing.join(', ')}`);
      console.log('Making input images from the npm media packages:');
      await makeImages(runner);
    }

    // images: {image: name in the JSON, url: where the page fetches the file, upscale: longer side or 0}
    const committed = (f) => ({ image: f, url: `/res/${f}`, upscale: 0 });
    const fer = (name, upscale) => ({ image: `fer2013:${name}${upscale ? `@${upscale}` : ''}`, url: `/fer2013/${name}`, upscale });
    const runs = [
      { file: 'image-mode.json', mode: 'IMAGE', numFaces: 4,
        images: [...PHOTOS.map((p) => `images/${p}`), ...GIF_SPREAD_FRAMES.map(frameFile), ...GIF_VIDEO_FRAMES.map(frameFile)]
            .map(committed) },
      { file: 'video-mode.json', mode: 'VIDEO', numFaces: 2, frameStepMs: VIDEO_FRAME_STEP_MS,
        images: GIF_VIDEO_FRAMES.map(frameFile).map(committed) },
      // numFaces 1 is what a single-user emotion pipeline runs: the detector rarely runs, so the landmarks
      // come from the tracking ROI and the smoothing filter (expect pixel-level, not sub-pixel, parity).
      { file: 'video-mode-numfaces1.json', mode: 'VIDEO', numFaces: 1, frameStepMs: VIDEO_FRAME_STEP_MS,
        images: GIF_VIDEO_FRAMES.map(frameFile).map(committed) },
      // Small faces: FER2013 at its native 48x48, and upscaled as the data-set build does by default.
      { file: 'fer2013-image-mode.json', mode: 'IMAGE', numFaces: 1, dataSet: ferDataSet,
        images: ferPicked.map((n) => fer(n, 0)) },
      { file: 'fer2013-upscaled-image-mode.json', mode: 'IMAGE', numFaces: 1, dataSet: ferDataSet,
        upscaleLongerSide: FER2013_UPSCALE, images: ferPicked.map((n) => fer(n, FER2013_UPSCALE)) },
      // Head pose: the facial transformation matrices of the geometry pipeline, on the photos and spread frames.
      { file: 'geometry-image-mode.json', mode: 'IMAGE', numFaces: 4, matrices: true,
        images: [...PHOTOS.map((p) => `images/${p}`), ...GIF_SPREAD_FRAMES.map(frameFile)].map(committed) },
    ].filter((run) => !args.only || args.only.includes(run.file));
    if (args.only && runs.length !== args.only.length) throw new Error(`--only: unknown file in ${args.only.join(',')}`);
    fs.mkdirSync(outDir, { recursive: true });
    for (const run of runs) {
      const started = Date.now();
      const items = await runner.page.evaluate((options) => window.runLandmarker(options),
          { images: run.images, mode: run.mode, numFaces: run.numFaces, frameStepMs: run.frameStepMs ?? 0,
            matrices: run.matrices ?? false });
      const output = {
        generator: GENERATOR,
        tasksVision,
        chromium: runner.version,
        delegate: 'CPU',
        model: { file: path.basename(args.model), sha256: modelSha },
        mode: run.mode,
        numFaces: run.numFaces,
        minFaceDetectionConfidence: 0.5,
        minFacePresenceConfidence: 0.5,
        minTrackingConfidence: 0.5,
        ...(run.mode === 'VIDEO' ? { frameStepMs: run.frameStepMs } : {}),
        ...(run.dataSet ? { dataSet: run.dataSet } : {}),
        ...(run.upscaleLongerSide ? { upscaleLongerSide: run.upscaleLongerSide } : {}),
        ...(run.matrices ? { outputFacialTransformationMatrixes: true } : {}),
        items,
      };
      fs.writeFileSync(path.join(outDir, run.file), formatRun(output));
      console.log(`${run.file}: ${run.mode} numFaces ${run.numFaces}, ${items.length} images, `
          + `${items.reduce((n, it) => n + it.faces.length, 0)} faces, ${((Date.now() - started) / 1000).toFixed(1)} s`);
      if (run.dataSet) {
        const sizes = [...new Set(items.map((it) => `${it.width}x${it.height}`))].join(', ');
        const found = items.filter((it) => it.faces.length > 0).length;
        console.log(`  ${sizes}: a face in ${found} of ${items.length} images`);
        for (const label of FER2013_CLASSES) {
          const of = items.filter((it) => it.image.startsWith(`fer2013:test/${label}/`));
          console.log(`    ${label.padEnd(9)} ${of.filter((it) => it.faces.length > 0).length} of ${of.length}`);
        }
      } else {
        for (const it of items) console.log(`  ${it.image.padEnd(34)} ${it.width}x${it.height}  faces ${it.faces.length}`);
      }
    }
    const foreign = runner.blocked;
    console.log(`blocked ${foreign.length} request(s) not to 127.0.0.1`);

    if (args.verify) {
      let same = true;
      // Debian's chromium package moves on; the runtime's results (WASM) do not depend on its version, so a file
      // whose only difference is the "chromium" field still counts as reproduced (and says so).
      const chromiumLine = /^  "chromium": "([^"]*)",$/m;
      for (const run of runs) {
        const committedFile = path.join(args.out, run.file);
        if (!fs.existsSync(committedFile)) {
          same = false;
          console.log(`verify ${run.file}: no committed file (${committedFile})`);
          continue;
        }
        const a = fs.readFileSync(committedFile, 'utf8');
        const b = fs.readFileSync(path.join(outDir, run.file), 'utf8');
        let verdict = 'identical to the committed file';
        if (a !== b) {
          if (a.replace(chromiumLine, '') === b.replace(chromiumLine, '')) {
            verdict = `identical to the committed file except the Chromium version (committed ${a.match(chromiumLine)?.[1]}, `
                + `this run ${runner.version})`;
          } else {
            verdict = `DIFFERS from the committed file (${outDir})`;
            same = false;
          }
        }
        console.log(`verify ${run.file}: ${verdict}`);
      }
      if (same) fs.rmSync(outDir, { recursive: true, force: true });
      else process.exitCode = 1;
    }
  } finally {
    if (runner) await runner.close();
    server.close();
  }
}

main().catch((e) => {
  console.error(`generate.mjs: ${e.message}`);
  process.exit(1);
});
