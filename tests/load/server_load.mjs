// Server load figures on loopback, bounded in time (README "Benchmarks"):
// durable audit appends per second through the API (POST /api/v1/audit/events,
// each acknowledged only once committed with fsync) and their latency, with
// many concurrent keep-alive connections, on SQLite and on PostgreSQL.
//
//   node tests/load/server_load.mjs [--connections 256] [--seconds 10] [--db sqlite|postgres|both]
// Prints one JSON line per figure.
import https from 'node:https';
import { freshPostgresDatabase, stopOwnPostgres } from '../lib/postgres.mjs';
import { startSite, stopSite } from '../lib/limn_site.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const connections = Number(arg('connections', 256));
const seconds = Number(arg('seconds', 10));
const dbs = arg('db', 'both') === 'both' ? ['sqlite', 'postgres'] : [arg('db')];

async function measure(db) {
  const site = await startSite({ db: db === 'sqlite' ? 'sqlite' : await freshPostgresDatabase(), args: ['--threads', String(connections)] });
  try {
    const admin = site.people['root-admin'];
    const login = await admin.login();
    if (login.status !== 0) throw new Error(login.stderr);
    const { cookie, csrf } = admin.session();
    const agent = new https.Agent({ keepAlive: true, maxSockets: connections, ca: site.server.ca() });
    const body = JSON.stringify({ events: [{ action: 'image.open', resource: 'image:1' }] });
    const post = () => new Promise((resolve, reject) => {
      const t0 = process.hrtime.bigint();
      const req = https.request(`${site.server.base}/api/v1/audit/events`, {
        method: 'POST', agent,
        headers: { 'Content-Type': 'application/json', Cookie: `limn_session=${cookie}`, 'X-Limn-CSRF': csrf },
      }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode, ms: Number(process.hrtime.bigint() - t0) / 1e6 }));
      });
      req.on('error', reject);
      req.end(body);
    });
    const latencies = [];
    let errors = 0;
    const deadline = Date.now() + seconds * 1000;
    const worker = async () => {
      while (Date.now() < deadline) {
        const r = await post().catch(() => ({ status: 0, ms: 0 }));
        if (r.status === 200) latencies.push(r.ms);
        else errors++;
      }
    };
    const t0 = Date.now();
    await Promise.all(Array.from({ length: connections }, worker));
    const wall = (Date.now() - t0) / 1000;
    agent.destroy();
    latencies.sort((a, b) => a - b);
    const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))];
    console.log(JSON.stringify({
      bench: 'server_audit_append', db, connections, seconds: wall, acknowledged: latencies.length, errors,
      per_second: latencies.length / wall, p50_ms: q(0.5), p99_ms: q(0.99),
      durability: db === 'sqlite' ? 'WAL, synchronous=FULL, group commit' : 'PostgreSQL defaults (fsync on commit)',
    }));
  } finally {
    await stopSite(site);
  }
}

for (const db of dbs) await measure(db);
stopOwnPostgres();
