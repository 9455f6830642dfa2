// Shared by live-page.mjs and fps.mjs: starting the runtime and the headless Chromium the tests use.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const PROJECT = path.resolve(HERE, '../../..');
// The flags STACK.md lists for Debian's Chromium here (plus a fresh --user-data-dir and playwright's pipe).
export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function parseArgs(argv) {
  const args = { profile: 'live-web', timeout: 240, settle: 8 };
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

// A port of 127.0.0.1 that is free now: the runtime's HTTP port is configured, not picked by the server.
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// Starts the runtime on a free port; its url resolves with the page URL once it logs "web page: http://...".
export async function startRuntime(profile, timeoutMs, log, extraArgs = []) {
  const output = fs.mkdtempSync(path.join(os.tmpdir(), 'emotionlens-live-page-out-'));
  const port = await freePort();
  const child = spawn(path.join(PROJECT, 'bin/emotionlens'),
    ['run', '--profile', profile, '--set', `port=${port}`, '--output', output, ...extraArgs], { cwd: PROJECT, detached: true });
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


// Headless Debian Chromium with the flags above and a fresh profile; only `origin` may be reached.
export async function openBrowser(chromiumPath, origin) {
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(`Chromium not found at ${chromiumPath}: install it (apt-get install -y chromium) or pass --chromium`);
  }
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'emotionlens-live-page-chromium-'));
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    ignoreDefaultArgs: true,
    args: [...CHROMIUM_FLAGS, `--user-data-dir=${userDataDir}`, '--remote-debugging-pipe'],
  });
  const context = await browser.newContext({ viewport: { width: 1400, height: 1100 } });
  const blocked = [];
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (u.startsWith(origin + '/')) return route.continue();
    blocked.push(u);
    return route.abort('blockedbyclient');
  });
  const close = async () => {
    await browser.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  };
  return { context, blocked, close };
}

// page.goto that tries again when a loaded machine resets or refuses the connection (the runtime's HTTP server
// accepts few connections at once); other failures are thrown at once.
export async function gotoWithRetry(page, url, attempts = 6) {
  for (let i = 1; ; i++) {
    try {
      return await page.goto(url, { timeout: 60000 });
    } catch (e) {
      const transient = /ERR_CONNECTION_RESET|ERR_CONNECTION_REFUSED|ERR_EMPTY_RESPONSE|ERR_CONNECTION_CLOSED/
        .test(String(e.message));
      if (!transient || i >= attempts) throw e;
      console.log(`opening ${url} failed (${String(e.message).split('\n')[0]}); trying again (${i}/${attempts - 1})`);
      await new Promise((r) => setTimeout(r, 1000 * i));
    }
  }
}

// Stops the runtime (its process group) and waits for it to exit; SIGKILL after 15 s.
export async function stopRuntime(runtime) {
  if (runtime.child.exitCode === null) {
    try { process.kill(-runtime.child.pid, 'SIGTERM'); } catch { /* already gone */ }
  }
  await Promise.race([runtime.exited, new Promise((r) => setTimeout(r, 15000))]);
  if (runtime.child.exitCode === null && runtime.child.signalCode === null) {
    try { process.kill(-runtime.child.pid, 'SIGKILL'); } catch { /* already gone */ }
  }
  fs.rmSync(runtime.output, { recursive: true, force: true });
}
