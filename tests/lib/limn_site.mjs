// The site helpers (web/tools/local-site.mjs) and what only tests do with
// a site: tamper with its database, search everything it wrote.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export {
  PASSWORD, acceptInvitation, addPerson, addServerAdmin, apiCall, cliAs, editToScreenLatencies, freshTotp, openTaskInBrowser,
  signInInBrowser, startSite, stopSite,
} from '../../web/tools/local-site.mjs';

// Runs SQL on a SQLite site's database file, as someone with the server's
// disk could (tampering tests).
export function sqliteExec(site, sql) {
  const db = path.join(site.server.dataDir, 'limn.sqlite3');
  const r = spawnSync('python3', ['-c', 'import sqlite3,sys\nc=sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit()',
    db, sql], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sqlite: ${r.stderr}`);
}

// Every byte the server wrote: its data folder (database, WAL, keys) and
// its log, for searching for what must never reach it.
export function serverBytes(site) {
  const chunks = [Buffer.from(site.server.log())];
  const walk = (dir) => {
    for (const e of readdirSync(dir)) {
      const p = path.join(dir, e);
      if (statSync(p).isDirectory()) walk(p);
      else chunks.push(readFileSync(p));
    }
  };
  walk(site.server.dataDir);
  return Buffer.concat(chunks);
}
