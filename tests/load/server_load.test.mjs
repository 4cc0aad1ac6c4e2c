// The load script itself (README "Benchmarks"): a one-second run with each
// driver must acknowledge pushes without refusals, so that a figure quoted
// from it measures what it says. No speed is asserted here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../lib/harness.mjs';

function run(driver) {
  const out = execFileSync('node', [path.join(repoRoot, 'tests/load/server_load.mjs'), '--connections', '16', '--seconds', '1',
    '--db', 'sqlite', '--figures', 'ops', '--driver', driver], { encoding: 'utf8', timeout: 300000 });
  return out.trim().split('\n').map((line) => JSON.parse(line));
}

for (const driver of ['wrk', 'node']) {
  test(`op pushes driven by ${driver} are acknowledged, none refused`, () => {
    const [r] = run(driver);
    assert.equal(r.bench, 'server_op_push');
    assert.equal(r.driver, driver);
    assert.deepEqual(r.errors, {});
    assert.equal(r.ran_out_of_sealed_ops, false);
    assert.ok(r.acknowledged_ops > 0 && r.ops_per_second > 0, JSON.stringify(r));
    assert.ok(r.p50_ms > 0 && r.p50_ms <= r.p99_ms, JSON.stringify(r));
  });
}
