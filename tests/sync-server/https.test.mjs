// limn-server over real TLS: health, security headers, static app, TLS policy.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import tls from 'node:tls';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serverBin, startServer, request } from '../lib/harness.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

test('health answers JSON over TLS 1.3 with a verified certificate', async () => {
  const res = await request(`${server.base}/api/v1/health`, { ca: server.ca() });
  assert.equal(res.status, 200);
  assert.equal(res.protocol, 'TLSv1.3');
  assert.match(res.headers['content-type'], /application\/json/);
  const body = JSON.parse(res.body);
  assert.equal(body.status, 'ok');
  assert.equal(body.db.ok, true);
  assert.ok(body.db.schema >= 1);
});

const requiredHeaders = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
  'x-content-type-options': 'nosniff',
};

for (const path of ['/', '/api/v1/health', '/limn-app.wasm', '/api/v1/nope']) {
  test(`security headers on ${path}`, async () => {
    const res = await request(`${server.base}${path}`, { ca: server.ca() });
    for (const [name, value] of Object.entries(requiredHeaders)) assert.equal(res.headers[name], value, name);
    const csp = res.headers['content-security-policy'];
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
    assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'/);
    assert.match(res.headers['strict-transport-security'], /max-age=\d{7,}/);
  });
}

test('the web app and its wasm are served with the right types', async () => {
  const page = await request(`${server.base}/`, { ca: server.ca() });
  assert.equal(page.status, 200);
  assert.match(page.body.toString(), /limn-app\.js/);
  const wasm = await request(`${server.base}/limn-app.wasm`, { ca: server.ca() });
  assert.equal(wasm.status, 200);
  assert.equal(wasm.headers['content-type'], 'application/wasm');
  assert.deepEqual([...wasm.body.subarray(0, 4)], [0x00, 0x61, 0x73, 0x6d]);  // "\0asm"
});

// POSTs `body` to `urlPath` without a session: { status, body }.
function post(urlPath, body) {
  return new Promise((resolve, reject) => {
    const req = https.request(`${server.base}${urlPath}`, { method: 'POST', ca: server.ca(), agent: false,
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('what anyone may send is bounded: a body beyond the endpoint\'s limit, JSON nested too deep, a control character in the path', async () => {
  // Ten million nested objects in a public request took gigabytes to parse.
  const big = await post('/api/v1/auth/prelogin', JSON.stringify({ user: 'x'.repeat(2 << 20) }));
  assert.equal(big.status, 413);
  assert.match(JSON.parse(big.body).error.message, /larger than this endpoint takes \(1048576 bytes\)/);
  const deep = await post('/api/v1/auth/prelogin', '{"a":'.repeat(100) + '1' + '}'.repeat(100));
  assert.equal(deep.status, 400);
  assert.match(JSON.parse(deep.body).error.message, /nests JSON deeper than 64 levels/);
  // A decoded NUL would cut the file name: app.js served as HTML.
  const cut = await request(`${server.base}/app.js%00.html`, { ca: server.ca() });
  assert.equal(cut.status, 400);
  assert.equal((await request(`${server.base}/api/v1/health`, { ca: server.ca() })).status, 200);
});

test('the data folder is the server\'s user\'s alone: its database holds every second factor', () => {
  assert.equal(statSync(server.dataDir).mode & 0o777, 0o700);
  assert.equal(statSync(path.join(server.dataDir, 'limn.sqlite3')).mode & 0o077, 0);
});

test('unknown API paths answer a JSON 404', async () => {
  const res = await request(`${server.base}/api/v1/nope`, { ca: server.ca() });
  assert.equal(res.status, 404);
  assert.equal(JSON.parse(res.body).error.code, 'not_found');
});

test('plain HTTP to the TLS port gets no application data', async () => {
  const res = await request(`http://127.0.0.1:${server.port}/api/v1/health`).catch((e) => e);
  assert.ok(res instanceof Error || res.status === 400, 'plaintext must not be served');
});

function tlsConnect(port, maxVersion, ca) {
  return new Promise((resolve) => {
    const socket = tls.connect({ host: '127.0.0.1', port, servername: 'localhost', ca, maxVersion }, () => {
      const protocol = socket.getProtocol();
      socket.end();
      resolve(protocol);
    });
    socket.on('error', (e) => resolve(e));
  });
}

test('TLS 1.2 clients are accepted by default and refused with --tls-min 1.3', async () => {
  assert.equal(await tlsConnect(server.port, 'TLSv1.2', server.ca()), 'TLSv1.2');
  const strict = await startServer({ args: ['--tls-min', '1.3'] });
  try {
    const result = await tlsConnect(strict.port, 'TLSv1.2', strict.ca());
    assert.ok(result instanceof Error, `expected a handshake failure, got ${result}`);
    assert.equal(await tlsConnect(strict.port, 'TLSv1.3', strict.ca()), 'TLSv1.3');
  } finally {
    await strict.stop();
  }
});

test('the generated certificate is reused across restarts and SIGTERM stops cleanly', async () => {
  const a = await startServer();
  const certBefore = a.ca().toString();
  const exit = await a.stop({ keepData: true });
  assert.equal(exit.code, 0, a.log());
  assert.match(a.log(), /"event":"stopped"/);
  const b = await startServer({ dataDir: a.dataDir });
  try {
    assert.equal(b.ca().toString(), certBefore);
    assert.doesNotMatch(b.log(), /tls_certificate_generated/);
  } finally {
    await b.stop();
  }
});

test('a second server on a port one already serves is refused, saying why', () => {
  // Without this, both would listen (SO_REUSEPORT) and the kernel would
  // split connections between two databases and two certificates.
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'limn-server-'));
  const r = spawnSync(serverBin, ['--data', dataDir, '--listen', `127.0.0.1:${server.port}`], { encoding: 'utf8', timeout: 20000 });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, new RegExp(`cannot listen on 127\\.0\\.0\\.1:${server.port}: the port is in use`));
  assert.doesNotMatch(r.stderr, /serving/);
});

test('SIGTERM stops at once while kept-alive connections wait idle', async () => {
  // A browser keeps its connections open between requests; the server must
  // not wait out their keep-alive time (30 s) before it stops.
  const s = await startServer();
  const agent = new https.Agent({ keepAlive: true, ca: s.ca() });
  try {
    for (let i = 0; i < 4; i++) {
      const res = await request(`${s.base}/api/v1/health`, { agent });
      assert.equal(res.status, 200);
    }
    const idle = Object.values(agent.freeSockets).flat().length;
    assert.ok(idle >= 1, 'a kept-alive connection is open and idle');
    const t0 = Date.now();
    const exit = await s.stop();
    assert.equal(exit.code, 0, s.log());
    assert.ok(Date.now() - t0 < 5000, `stopped in ${Date.now() - t0} ms`);
  } finally {
    agent.destroy();
  }
});

test('structured logs carry no query strings', async () => {
  await request(`${server.base}/api/v1/health?token=secret-value-123`, { ca: server.ca() });
  await new Promise((r) => setTimeout(r, 100));
  assert.doesNotMatch(server.log(), /secret-value-123/);
  assert.match(server.log(), /"path":"\/api\/v1\/health"/);
});
