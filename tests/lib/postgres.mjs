// A real PostgreSQL for the server tests: a throwaway cluster (Debian's
// postgresql 15) on a Unix socket in a temporary folder, run as the
// `postgres` user when the tests run as root (PostgreSQL refuses root).
// script/test starts one for the whole run and passes its socket folder in
// LIMN_TEST_PG_SOCKET; a test file run alone starts its own.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const pgBin = (() => {
  const base = '/usr/lib/postgresql';
  const versions = readdirSync(base).filter((v) => /^\d+$/.test(v)).sort((a, b) => b - a);
  return path.join(base, versions[0], 'bin');
})();

const asPostgres = process.getuid() === 0;
const pgUser = () => {
  const out = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  return { uid: Number(out.stdout.trim()), gid: Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim()) };
};

function run(bin, args) {
  const cmd = asPostgres ? ['runuser', ['-u', 'postgres', '--', path.join(pgBin, bin), ...args]] : [path.join(pgBin, bin), args];
  return execFileSync(cmd[0], cmd[1], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
}

export async function startPostgresCluster() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'limn-pg-'));
  chmodSync(dir, 0o755);
  if (asPostgres) {
    const { uid, gid } = pgUser();
    chownSync(dir, uid, gid);
  }
  const data = path.join(dir, 'data');
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  run('pg_ctl', ['-D', data, '-l', path.join(dir, 'log'), '-w', '-o',
    `-k ${dir} -c listen_addresses='' -c fsync=on -c max_connections=200`, 'start']);
  return { socket: dir, stop: () => stopPostgresCluster(dir) };
}

export function stopPostgresCluster(dir) {
  try { run('pg_ctl', ['-D', path.join(dir, 'data'), '-m', 'fast', '-w', 'stop']); } catch { /* already down */ }
  rmSync(dir, { recursive: true, force: true });
}

let own = null;

// A fresh, empty database; its postgres:// URL for limn-server --db.
export async function freshPostgresDatabase() {
  let socket = process.env.LIMN_TEST_PG_SOCKET;
  if (!socket) {
    own = own || await startPostgresCluster();
    socket = own.socket;
  }
  const name = `limn_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  run('createdb', ['-h', socket, '-U', 'postgres', name]);
  return `postgresql://postgres@/${name}?host=${encodeURIComponent(socket)}`;
}

// Stops the cluster this process started (if any).
export function stopOwnPostgres() {
  own?.stop();
  own = null;
}
