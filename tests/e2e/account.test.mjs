// Signing up from an invitation link and signing in, in Chromium, against a
// real limn-server: the password stays in the tab (only a derived key is
// sent), the TOTP secret is shown with a QR code and the recovery codes
// once, the session cookie is out of the page's reach, and what the page
// opens lands in the site's audit log under the person's name.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { artifactsDir, openApp, pydicomData, repoRoot, startServer } from '../lib/harness.mjs';
import { PASSWORD, freshTotp, sqliteExec, startSite, stopSite } from '../lib/limn_site.mjs';

let site, admin, browser, page, consoleErrors, laterTab;
const requests = [];
const secret = { totp: null };
const NEW_PASSWORD = 'another long passphrase, chosen later';

before(async () => {
  site = await startSite();
  admin = site.people['root-admin'];
  assert.equal((await admin.login()).status, 0);
  assert.equal(admin.cli('project', 'create', '--name', 'Derm', '--schema', path.join(repoRoot, 'examples/schema.json')).status, 0);
  const inv = admin.cli('user', 'invite', '--project', 'Derm', '--role', 'annotator', '--json');
  assert.equal(inv.status, 0, inv.stderr);
  ({ browser, page, consoleErrors } = await openApp(site.server, {
    path: `/#invite=${inv.json.token}`,
    watch: (p) => p.on('request', (r) => requests.push({ url: r.url(), method: r.method(), body: r.postData() ?? '' })),
  }));
});

after(async () => {
  await browser?.close();
  await stopSite(site);
});

test('an invitation link opens the sign-up form, and the token leaves the address bar', async () => {
  await page.waitForSelector('#accept-form:not([hidden])');
  assert.ok(!page.url().includes('invite='), page.url());
  assert.match(await page.inputValue('#accept-form input[name=token]'), /^[0-9a-f]{64}$/);
});

test('accepting shows the TOTP secret as text and QR code, and ten recovery codes', async () => {
  await page.fill('#accept-form input[name=user]', 'dr.lee');
  await page.fill('#accept-form input[name=password]', PASSWORD);
  await page.fill('#accept-form input[name=password2]', PASSWORD);
  await page.click('#accept-form button[type=submit]');
  await page.waitForSelector('#enroll:not([hidden])', { timeout: 30000 });
  secret.totp = (await page.textContent('#totp-secret')).trim();
  assert.match(secret.totp, /^[A-Z2-7]{32}$/);
  assert.equal(await page.locator('#recovery-codes li').count(), 10);
  assert.match(await page.textContent('#recovery-key'), /^([A-Z2-7]{4}-){12}[A-Z2-7]{4}$/);
  secret.fingerprint = (await page.textContent('#fingerprint')).trim();
  assert.match(secret.fingerprint, /^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
  // The QR code: a square of black and white modules with a white margin.
  const qr = await page.evaluate(() => {
    const c = document.getElementById('totp-qr');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let dark = 0;
    for (let i = 0; i < d.length; i += 4) dark += d[i] < 128;
    return { w: c.width, h: c.height, dark, corner: d[0] };
  });
  assert.equal(qr.w, qr.h);
  assert.ok(qr.w >= 150, `QR ${qr.w}px`);
  assert.ok(qr.dark > qr.w * qr.h * 0.2 && qr.dark < qr.w * qr.h * 0.7, `dark ${qr.dark}`);
  assert.equal(qr.corner, 255);
  assert.match(await page.textContent('#enroll-project'), /annotator in Derm/);
  // An independent reader (zbar) finds the authenticator URI in the QR code.
  mkdirSync(artifactsDir, { recursive: true });
  const png = path.join(artifactsDir, 'e2e-account-qr.png');
  const dataUrl = await page.evaluate(() => document.getElementById('totp-qr').toDataURL('image/png'));
  writeFileSync(png, Buffer.from(dataUrl.split(',')[1], 'base64'));
  const zbar = spawnSync('zbarimg', ['--raw', '-q', png], { encoding: 'utf8' });
  assert.equal(zbar.stdout.trim(),
    `otpauth://totp/Limn:dr.lee?secret=${secret.totp}&issuer=Limn&algorithm=SHA1&digits=6&period=30`);
  await page.screenshot({ path: path.join(artifactsDir, 'e2e-account-enroll.png') });
});

test('signing in with the authenticator code; the session cookie is out of the page\'s reach', async () => {
  await page.click('#enrolled');
  // What enrolment showed once has left the page.
  assert.deepEqual(await page.evaluate(() => ['totp-secret', 'recovery-key', 'recovery-codes']
    .map((id) => document.getElementById(id).textContent)), ['', '', '']);
  await page.fill('#login-form input[name=password]', PASSWORD);
  await page.fill('#login-form input[name=totp]', await freshTotp(secret.totp));
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#signed-in:not([hidden])', { timeout: 30000 });
  assert.match(await page.textContent('#me'), /dr\.lee/);
  assert.ok(!(await page.evaluate(() => document.cookie)).includes('limn_session'));
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name === 'limn_session');
  assert.ok(session, 'a session cookie is set');
  assert.equal(session.httpOnly, true);
  assert.equal(session.secure, true);
  assert.equal(session.sameSite, 'Strict');
});

test('what the page opens is audited under the person\'s name and signature, as counts only', async () => {
  await page.click('#account-close');
  await page.evaluate(() => { window.limn.lastLoad = null; });
  await page.setInputFiles('#file-input', [path.join(pydicomData, 'test_files/CT_small.dcm')]);
  // The load is over once shown (lastLoad), and its event queued in the same
  // step; "loaded" alone comes earlier, before the event exists.
  await page.waitForFunction(() => window.limn.lastLoad);
  await page.waitForFunction(() => window.limn.account.state().queuedEvents === 0);
  const out = path.join(site.server.dataDir, 'audit.json');
  assert.equal(admin.cli('audit', 'export', '--out', out).status, 0);
  const entries = JSON.parse(readFileSync(out, 'utf8')).entries.map((e) => JSON.parse(e.entry));
  const opened = entries.find((e) => e.action === 'client.image.open');
  assert.ok(opened, 'no client.image.open entry');
  assert.equal(opened.actor, 'dr.lee');
  // Stated and signed in the page with dr.lee's own key, and checked again by verify.
  assert.equal(opened.detail.event.user, 'dr.lee');
  assert.deepEqual(opened.detail.event.detail, { files: 1, opened: true });
  const verified = admin.cli('audit', 'verify', out, '--json');
  assert.equal(verified.status, 0, verified.stdout + verified.stderr);
  assert.ok(verified.json.client_events >= 1);
  assert.ok(!JSON.stringify(entries).includes('CT_small'), 'a file name reached the audit log');
  // The administrator sees the same fingerprint the page showed, computed from the published keys.
  const fp = admin.cli('keys', 'fingerprint', '--user', 'dr.lee', '--json');
  assert.equal(fp.status, 0, fp.stderr);
  assert.equal(fp.json.fingerprint, secret.fingerprint);
});

test('the page checks that the audit log extends the one it saw, and says so when it was rewritten', async () => {
  const auditLog = () => page.evaluate(() => window.limn.account.state().auditLog);
  await page.waitForFunction(() => window.limn.account.state().auditLog.checked, null, { timeout: 10000 });
  const atSignIn = await auditLog();
  assert.equal(atSignIn.ok, true, atSignIn.error);
  // Entries were added since (the image opened, the admin's export): a consistency proof bridges them.
  const later = await page.evaluate(() => window.limn.account.checkAuditLog());
  assert.equal(later.ok, true, later.error);
  assert.ok(later.size > atSignIn.size, `${later.size} after ${atSignIn.size}`);
  const anchor = await page.evaluate(() => localStorage.getItem('limn.audit-anchor'));
  assert.equal(JSON.parse(anchor).audit_checkpoint.size, later.size);
  // Someone with the server's disk rewrites an old entry (its leaf hash too)
  // and restarts it: the server signs checkpoints over the new history.
  const { dataDir, port } = site.server;
  await site.server.stop({ keepData: true });
  // Meanwhile the server cannot be reached: nothing is checked, and the page says so.
  const offline = await page.evaluate(() => window.limn.account.checkAuditLog());
  assert.deepEqual(offline, later);
  assert.match(await page.textContent('#audit-status'), /audit log was not checked now: the server could not be reached/);
  sqliteExec(site, 'UPDATE audit_log SET leaf_hash = randomblob(32) WHERE seq = 3');
  site.server = await startServer({ dataDir, port });
  const after = await page.evaluate(() => window.limn.account.checkAuditLog());
  assert.equal(after.ok, false);
  assert.match(after.error, new RegExp(`not an extension of the one this client saw \\(${later.size} entries`));
  assert.match(await page.textContent('#audit-status'), /audit log failed its check/);
  // What this browser trusts stays the history it verified.
  assert.equal(await page.evaluate(() => localStorage.getItem('limn.audit-anchor')), anchor);
});

test('changing the password in the page wraps the same keys again: the old one stops working, the new one opens them', async () => {
  await page.evaluate(() => window.limn.account.show());
  await page.click('#password-change summary');
  await page.fill('#password-form input[name=current]', PASSWORD);
  await page.fill('#password-form input[name=password]', NEW_PASSWORD);
  await page.fill('#password-form input[name=password2]', NEW_PASSWORD);
  await page.click('#password-form button[type=submit]');
  await page.waitForSelector('#login-form:not([hidden])', { timeout: 30000 });
  assert.equal(await page.textContent('#account-status'), 'Password changed; 1 session ended. Sign in with the new password.');
  assert.equal(await page.evaluate(() => window.limn.state().sync.unlocked), false, 'the keys left the module');
  assert.equal(await page.evaluate(() => fetch('/api/v1/auth/session').then((r) => r.status)), 401);
  const signIn = async (password) => {
    await page.fill('#login-form input[name=user]', 'dr.lee');
    await page.fill('#login-form input[name=password]', password);
    await page.fill('#login-form input[name=totp]', await freshTotp(secret.totp));
    await page.click('#login-form button[type=submit]');
  };
  await signIn(PASSWORD);
  await page.waitForFunction(() => document.getElementById('account-status').classList.contains('error'), null, { timeout: 30000 });
  assert.equal(await page.isHidden('#signed-in'), true);
  await signIn(NEW_PASSWORD);
  await page.waitForSelector('#signed-in:not([hidden])', { timeout: 30000 });
  // The same keys, now under the new password (they open and match the published halves).
  await page.waitForFunction(() => window.limn.state().sync.unlocked, null, { timeout: 10000 });
});

test('a reload keeps the session but not the keys: the password alone unlocks them, here and in a tab opened later', async () => {
  const ready = (p) => p.waitForFunction(() => window.limn?.ready && window.limn.account.state().user === 'dr.lee',
    null, { timeout: 30000 });
  const unlock = async (p, password) => {
    await p.evaluate(() => window.limn.account.show());
    await p.fill('#unlock-form input[name=password]', password);
    await p.click('#unlock-form button[type=submit]');
  };
  await page.reload();
  await ready(page);
  assert.equal(await page.evaluate(() => window.limn.state().sync.unlocked), false, 'a reload takes the keys out of memory');
  await page.evaluate(() => window.limn.account.show());
  assert.equal(await page.isVisible('#unlock-form'), true);
  assert.match(await page.evaluate(() => window.limn.sync.openTask(1).catch((e) => e.message)), /^unlock your keys first/);
  // A wrong password: the server refuses it (throttled like a login), nothing opens.
  await unlock(page, 'not the password, though long enough');
  await page.waitForFunction(() => document.getElementById('account-status').classList.contains('error'), null, { timeout: 30000 });
  assert.equal(await page.textContent('#account-status'), 'forbidden: the password is wrong');
  assert.equal(await page.evaluate(() => window.limn.state().sync.unlocked), false);
  await unlock(page, NEW_PASSWORD);
  await page.waitForFunction(() => window.limn.state().sync.unlocked, null, { timeout: 30000 });
  assert.equal(await page.isHidden('#unlock-form'), true);
  // A tab opened by typing the address: the same session (no second sign-in,
  // which would end the first tab's), its own keys to unlock.
  laterTab = await page.context().newPage();
  laterTab.on('request', (r) => requests.push({ url: r.url(), method: r.method(), body: r.postData() ?? '' }));
  await laterTab.goto(page.url());
  await ready(laterTab);
  await unlock(laterTab, NEW_PASSWORD);
  await laterTab.waitForFunction(() => window.limn.state().sync.unlocked, null, { timeout: 30000 });
  assert.equal(await page.evaluate(() => fetch('/api/v1/auth/session').then((r) => r.status)), 200, 'the first tab is still in');
  const unlocks = requests.filter((r) => r.url.endsWith('/api/v1/auth/unlock'));
  assert.ok(unlocks.length >= 2 && unlocks.every((r) => /^\{"auth_key":"[0-9a-f]{64}"\}$/.test(r.body)));
});

test('the password never left the tab; signing out ends the session', async () => {
  for (const r of requests) {
    for (const pw of [PASSWORD, NEW_PASSWORD])
      assert.ok(!r.body.includes(pw) && !r.url.includes(encodeURIComponent(pw)), `${r.method} ${r.url} carried a password`);
    assert.ok(r.url.startsWith(site.server.base), `a request left the site: ${r.url}`);
  }
  assert.ok(requests.some((r) => r.url.endsWith('/api/v1/auth/login') && /"auth_key":"[0-9a-f]{64}"/.test(r.body)));
  await page.evaluate(() => window.limn.account.show());
  await page.click('#logout');
  await page.waitForSelector('#login-form:not([hidden])');
  const me = await page.evaluate(() => fetch('/api/v1/auth/session').then((r) => r.status));
  assert.equal(me, 401);
  assert.equal(await page.evaluate(() => window.limn.state().sync.unlocked), false, 'signing out locks the keys');
  // The other tab learns of it at once and locks its keys too.
  await laterTab.waitForFunction(() => !window.limn.state().sync.unlocked && !window.limn.account.state().user, null,
    { timeout: 5000 });
  assert.equal(await laterTab.textContent('#account-status'), 'Signed out in another tab.');
});

test('no console errors', () => {
  // 401: the session checked after it ended; 403: the wrong password
  // refused; refused connections: the server stopped in the audit log test.
  assert.deepEqual(consoleErrors.filter((e) => !/status of 40[13]|ERR_CONNECTION_REFUSED/.test(e)), []);
});
