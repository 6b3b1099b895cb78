import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sleep } from '../../../../test/support/wait.js';
import { isAlive, isOurProcess, spawnDetached, terminate, withLockFile } from './process.adapter.js';

describe('process adapter (real child processes)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'newsflow-proc-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('recognises its own detached process by the tag on its command line, and stops it with SIGTERM', async () => {
    const pid = spawnDetached('sleep', ['61'], { cwd: dir, logFile: join(dir, 'a.log') });
    expect(isOurProcess(pid, 'sleep 61')).toBe(true);
    expect(isOurProcess(pid, 'sleep 62')).toBe(false);

    await expect(terminate(pid, 5000)).resolves.toBe('terminated');
    expect(isAlive(pid)).toBe(false);
    await expect(terminate(pid, 5000)).resolves.toBe('not-running');
  });

  it('falls back to SIGKILL when a process ignores SIGTERM past the timeout', async () => {
    // the ignored disposition survives exec, so sleep itself ignores SIGTERM
    const pid = spawnDetached('sh', ['-c', 'trap "" TERM; exec sleep 63'], {
      cwd: dir,
      logFile: join(dir, 'b.log'),
    });
    await sleep(200); // let sh reach exec
    await expect(terminate(pid, 300)).resolves.toBe('killed');
    expect(isAlive(pid)).toBe(false);
  });

  it('serialises two holders of one lock file', async () => {
    const lock = join(dir, 'x.lock');
    const order: string[] = [];
    const holder = (name: string) => () =>
      new Promise<void>((resolve) => {
        order.push(`${name}+`);
        setTimeout(() => {
          order.push(`${name}-`);
          resolve();
        }, 100);
      });
    await Promise.all([withLockFile(lock, 5000, holder('a')), withLockFile(lock, 5000, holder('b'))]);
    expect(order).toEqual(['a+', 'a-', 'b+', 'b-']);
  });
});
