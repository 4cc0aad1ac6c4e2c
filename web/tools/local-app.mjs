// Runs the Limn web app locally for tools that drive it: a real
// limn-server (TLS, the built web app) on a free loopback port, and Debian's
// Chromium through playwright-core. Used by `limn bench` (browser figures)
// and by the browser tests (tests/lib/harness.mjs re-exports it).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import https from 'node:https';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const buildDir = process.env.LIMN_BUILD || path.join(repoRoot, 'build');
export const serverBin = path.join(buildDir, 'native/sync-server/limn-server');
export const limnBin = path.join(buildDir, 'native/client/limn');
export const webDist = path.join(buildDir, 'web-dist');

// Packages from web/node_modules (installed by script/bootstrap).
export const webRequire = createRequire(path.join(repoRoot, 'web/package.json'));

export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

// GET over HTTP(S); resolves {status, headers, body, protocol}.
export function request(url, options = {}) {
  const lib = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.get(url, { agent: false, ...options }, (res) => {
      const chunks = [];
      const protocol = res.socket.getProtocol ? res.socket.getProtocol() : null;
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks), protocol }));
    });
    req.on('error', reject);
    req.setTimeout(10000, () => req.destroy(new Error('request timed out')));
  });
}

// Starts limn-server with a fresh data folder; call stop() when done.
export async function startServer({ args = [], insecure = false, dataDir = null, port = null } = {}) {
  dataDir = dataDir || mkdtempSync(path.join(os.tmpdir(), 'limn-server-'));
  port = port || await freePort();
  const allArgs = ['--data', dataDir, '--listen', `127.0.0.1:${port}`, '--web', webDist, ...args];
  if (insecure) allArgs.push('--insecure-http');
  const child = spawn(serverBin, allArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const base = `${insecure ? 'http' : 'https'}://127.0.0.1:${port}`;
  const certFile = path.join(dataDir, 'tls/cert.pem');
  const deadline = Date.now() + 15000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`limn-server exited early:\n${log}`);
    try {
      const opts = insecure ? {} : { ca: readFileSync(certFile) };
      const res = await request(`${base}/api/v1/health`, opts);
      if (res.status === 200) break;
    } catch { /* not up yet */ }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`limn-server did not become healthy:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base, port, dataDir, certFile, child, exited,
    log: () => log,
    ca: () => readFileSync(certFile),
    async stop({ keepData = false } = {}) {
      if (child.exitCode === null) child.kill('SIGTERM');
      const result = await exited;
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
      return result;
    },
  };
}

// Debian's Chromium, headless, WebGL2 on SwiftShader; a page on the
// server's web app once the wasm runtime is up. consoleErrors collects
// every console error and uncaught exception of the page.
// `watch(page)` runs before the page loads (e.g. to record every request);
// `args` are more Chromium switches (e.g. '--enable-unsafe-webgpu');
// `scale` is the device pixel ratio (2: a HiDPI laptop screen).
export async function openApp(server, { width = 1024, height = 768, watch = null, path = '/', args = [], scale = 1 } = {}) {
  const { chromium } = webRequire('playwright-core');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', ...args],
  });
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width, height }, deviceScaleFactor: scale });
  const page = await context.newPage();
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  if (watch) await watch(page, context);
  await page.goto(server.base + path);
  await page.waitForFunction(() => window.limn && window.limn.ready, null, { timeout: 30000 });
  // The decode workers have loaded their module (tests that watch requests
  // start from a quiet page).
  await page.waitForFunction(() => window.limn.workers.readyCount() === window.limn.workers.size, null, { timeout: 30000 });
  return { browser, page, consoleErrors };
}
