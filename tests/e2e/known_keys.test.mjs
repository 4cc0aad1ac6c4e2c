// The page remembers the people's keys it has seen, per site and person,
// across reloads and sign-ins: a server (or whoever holds its disk) that
// later hands out other keys for someone is caught in the page too, before
// anything is sealed to them, as the CLI catches it (identity.test.mjs).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { openApp, repoRoot } from '../lib/harness.mjs';
import { PASSWORD, addPerson, signInInBrowser, sqliteExec, startSite, stopSite } from '../lib/limn_site.mjs';

let site, browser, page;

before(async () => {
  site = await startSite();
  ({ browser, page } = await openApp(site.server));
});

after(async () => {
  await browser?.close();
  await stopSite(site);
});

const membersError = () => page.evaluate(() => window.limn.sync.showMembers('Swap').then(() => '', (e) => e.message));

test('keys seen in an earlier visit are held against the server after a reload', async () => {
  const admin = site.people['root-admin'];
  assert.equal((await admin.login()).status, 0);
  assert.equal(admin.cli('project', 'create', '--name', 'Swap', '--schema', path.join(repoRoot, 'examples/schema.json')).status, 0);
  const bob = await addPerson(site, admin, 'dr.bob', 'Swap', 'annotator');
  const eve = await addPerson(site, admin, 'dr.eve', 'Swap', 'annotator');
  await signInInBrowser(page, admin);
  assert.equal(await membersError(), '');
  const shown = (await page.locator('#members tr[data-user="dr.bob"] .fingerprint').textContent()).trim();
  assert.equal(shown, bob.account.fingerprint);
  const kept = JSON.parse(await page.evaluate(() => localStorage.getItem('limn.known-keys.root-admin')));
  assert.deepEqual(Object.keys(kept).sort(), ['dr.bob', 'dr.eve', 'root-admin']);
  // A reload: the tab's memory is gone, the session and the browser's storage stay.
  await page.reload();
  await page.waitForFunction(() => window.limn?.ready && window.limn.account.state().user === 'root-admin', null,
    { timeout: 30000 });
  // The server now gives Bob Eve's keys.
  sqliteExec(site, `UPDATE users SET published_keys = (SELECT published_keys FROM users WHERE name = '${eve.name}')
    WHERE name = '${bob.name}'`);
  await page.evaluate(() => window.limn.account.show());
  await page.fill('#unlock-form input[name=password]', PASSWORD);
  await page.click('#unlock-form button[type=submit]');
  await page.waitForFunction(() => window.limn.state().sync.unlocked, null, { timeout: 30000 });
  assert.match(await membersError(), new RegExp(`the server now gives dr\\.bob other keys \\(fingerprint ${eve.account.fingerprint}\\) ` +
    `than this client saw before \\(fingerprint ${bob.account.fingerprint}\\)`));
  // Confirming Bob (wrapping the project key to the keys listed) is refused too: nothing reaches Eve.
  const confirm = await page.evaluate(() => {
    const status = window.limn.account.api('GET', '/api/v1/projects/Swap/keys');
    return status.then((s) => JSON.parse(Module.ccall('limn_confirm_members', 'string', ['string', 'string', 'number'],
      [JSON.stringify(s), JSON.stringify(['dr.bob']), 0])));
  });
  assert.match(confirm.error, /the server now gives dr\.bob other keys/);
});
