import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const dir = resolve(__dirname, '../../infra/prometheus');
const scratch = mkdtempSync(join(tmpdir(), 'newsflow-promtool-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Debian package `prometheus` (installed by .ci/run) ships promtool. */
function promtool(args: string[], cwd = dir) {
  const r = spawnSync('promtool', args, { cwd, encoding: 'utf8' });
  if (r.error)
    throw new Error(
      `promtool is not installed (Debian package prometheus; .ci/run installs it): ${r.error.message}`,
    );
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('promtool', () => {
  it('accepts both scrape configs and the rule file', () => {
    for (const f of ['prometheus.yml', 'prometheus.local.yml']) {
      const r = promtool(['check', 'config', f]);
      expect(r.status, r.out).toBe(0);
    }
    const r = promtool(['check', 'rules', 'alerts.yml']);
    expect(r.status, r.out).toBe(0);
  });

  it('passes the unit tests of every alert, and every alert has at least one test', () => {
    const r = promtool(['test', 'rules', 'alerts.test.yml']);
    expect(r.status, r.out).toBe(0);
    expect(r.out).toContain('SUCCESS');
    const rules = parse(readFileSync(join(dir, 'alerts.yml'), 'utf8')) as {
      groups: Array<{ rules: Array<{ alert?: string }> }>;
    };
    const tests = parse(readFileSync(join(dir, 'alerts.test.yml'), 'utf8')) as {
      tests: Array<{ alert_rule_test: Array<{ alertname: string; exp_alerts: unknown[] }> }>;
    };
    const alerts = rules.groups.flatMap((g) => g.rules.flatMap((x) => (x.alert ? [x.alert] : [])));
    const firingTested = new Set(
      tests.tests.flatMap((t) =>
        t.alert_rule_test.filter((a) => a.exp_alerts.length > 0).map((a) => a.alertname),
      ),
    );
    expect(alerts.length).toBeGreaterThanOrEqual(10);
    for (const a of alerts) expect(firingTested, `${a} has no test where it fires`).toContain(a);
  });

  it('fails a test whose expectation is wrong (the tests can fail)', () => {
    copyFileSync(join(dir, 'alerts.yml'), join(scratch, 'alerts.yml'));
    const wrong = readFileSync(join(dir, 'alerts.test.yml'), 'utf8').replace(
      'stage: classify',
      'stage: index',
    );
    writeFileSync(join(scratch, 'alerts.test.yml'), wrong);
    const r = promtool(['test', 'rules', 'alerts.test.yml'], scratch);
    expect(r.status).not.toBe(0);
    expect(r.out).toContain('NewsflowConsumerLagGrowing');
  });
});
