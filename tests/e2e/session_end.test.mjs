// A session the server ended behind the page's back (timed out, revoked by
// an administrator, ended by a password change on another device) locks the
// tab at its next request: the keys leave the app's module and the page
// says so, instead of showing "signed in" over keys that stay open.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp } from '../lib/harness.mjs';
import { addServerAdmin, signInInBrowser, startSite, stopSite } from '../lib/limn_site.mjs';

let site, browser, page;

before(async () => {
  site = await startSite();
  ({ browser, page } = await openApp(site.server));
});

after(async () => {
  await browser?.close();
  await stopSite(site);
});

test('a session ended on the server locks the tab at its next request', async () => {
  const admin = site.people['root-admin'];
  await signInInBrowser(page, admin);
  // Another administrator ends every session of this person (from the CLI).
  const other = await addServerAdmin(site, 'second-admin');
  const revoked = other.cli('user', 'revoke-sessions', '--user', admin.name);
  assert.equal(revoked.status, 0, revoked.stderr);
  assert.equal(await page.evaluate(() => window.limn.state().sync.unlocked), true, 'nothing has told the page yet');
  // The page's next request of the session is answered 401.
  const status = await page.evaluate(() => window.limn.account.api('GET', '/api/v1/projects').then(() => 200, (e) => e.status));
  assert.equal(status, 401);
  assert.equal(await page.evaluate(() => window.limn.state().sync.unlocked), false, 'the keys left the module');
  assert.equal(await page.evaluate(() => window.limn.account.state().user), null);
  assert.match(await page.textContent('#account-status'), /^Your session ended/);
  assert.ok(await page.isVisible('#login-form'));
});
