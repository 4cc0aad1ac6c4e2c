// A hospital site's DICOMweb server for browser tests: Debian's Orthanc with
// its DICOMweb plugin (HTTP basic auth, loopback only), and an nginx in
// front that adds the CORS and Cross-Origin-Resource-Policy headers a site
// must send so a Limn page on another origin may read its answers.
import { spawn } from 'node:child_process';
import http from 'node:http';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, request } from '../../web/tools/local-app.mjs';

export const orthancUser = 'radiology';
export const orthancPassword = 'orthanc-test-password';
const authHeader = 'Basic ' + Buffer.from(`${orthancUser}:${orthancPassword}`).toString('base64');

async function waitFor(check, what, child, log) {
  const deadline = Date.now() + 30000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${what} exited early:\n${log()}`);
    try { if (await check()) return; } catch { /* not yet */ }
    if (Date.now() > deadline) throw new Error(`${what} did not start:\n${log()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function startProcess(bin, args) {
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  return { child, log: () => log, exited };
}

export async function startDicomwebSite({ allowOrigin, files, port = 0 }) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'limn-site-'));
  chmodSync(dir, 0o755);
  const orthancPort = await freePort();
  const config = {
    Name: 'LimnTestSite', StorageDirectory: path.join(dir, 'db'), IndexDirectory: path.join(dir, 'db'),
    HttpPort: orthancPort, DicomServerEnabled: false, RemoteAccessAllowed: false,
    AuthenticationEnabled: true, RegisteredUsers: { [orthancUser]: orthancPassword },
    Plugins: ['/usr/share/orthanc/plugins/libOrthancDicomWeb.so'],
    DicomWeb: { Enable: true, Root: '/dicom-web/' },
  };
  writeFileSync(path.join(dir, 'orthanc.json'), JSON.stringify(config));
  const orthanc = startProcess('/usr/sbin/Orthanc', [path.join(dir, 'orthanc.json')]);
  const orthancUrl = `http://127.0.0.1:${orthancPort}`;
  await waitFor(async () => (await request(`${orthancUrl}/system`, { headers: { Authorization: authHeader } })).status === 200,
    'Orthanc', orthanc.child, orthanc.log);
  for (const file of files) {
    await new Promise((resolve, reject) => {
      const req = http.request(`${orthancUrl}/instances`, {
        method: 'POST', headers: { Authorization: authHeader, 'Content-Type': 'application/dicom' },
      }, (res) => { res.resume(); res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`upload ${file}: HTTP ${res.statusCode}`)))); });
      req.on('error', reject);
      req.end(readFileSync(file));
    });
  }

  // The headers a site adds in front of its DICOMweb server (README).
  const nginxPort = port || await freePort();
  mkdirSync(path.join(dir, 'nginx-tmp'));
  const cors = `
      add_header Access-Control-Allow-Origin "${allowOrigin}" always;
      add_header Access-Control-Allow-Headers "Authorization, Accept" always;
      add_header Access-Control-Allow-Methods "GET, OPTIONS" always;
      add_header Access-Control-Max-Age 600 always;
      add_header Cross-Origin-Resource-Policy cross-origin always;
      add_header Vary Origin always;`;
  writeFileSync(path.join(dir, 'nginx.conf'), `
${process.getuid && process.getuid() === 0 ? 'user root;' : ''}
worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/nginx-error.log;
events { worker_connections 64; }
http {
  access_log ${dir}/nginx-access.log;
  client_body_temp_path ${dir}/nginx-tmp; proxy_temp_path ${dir}/nginx-tmp; fastcgi_temp_path ${dir}/nginx-tmp;
  uwsgi_temp_path ${dir}/nginx-tmp; scgi_temp_path ${dir}/nginx-tmp;
  server {
    listen 127.0.0.1:${nginxPort};
    location /dicom-web/ {
      if ($request_method = OPTIONS) {${cors}
        return 204;
      }
      proxy_pass http://127.0.0.1:${orthancPort};
      proxy_buffering off;${cors}
    }
  }
}
`);
  const nginx = startProcess('/usr/sbin/nginx', ['-c', path.join(dir, 'nginx.conf'), '-p', dir]);
  const siteUrl = `http://127.0.0.1:${nginxPort}`;
  await waitFor(async () => (await request(`${siteUrl}/dicom-web/studies`, { headers: { Authorization: authHeader } })).status === 200,
    'nginx', nginx.child, nginx.log);
  return {
    orthancUrl: `${orthancUrl}/dicom-web`,
    dicomwebUrl: `${siteUrl}/dicom-web`,
    siteOrigin: siteUrl,
    async stop() {
      for (const p of [nginx, orthanc]) {
        if (p.child.exitCode === null) p.child.kill('SIGTERM');
        await p.exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
