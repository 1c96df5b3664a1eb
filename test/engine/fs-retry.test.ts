import { describe, expect, it } from 'vitest';
import { retryWhileHeld } from '../../electron/engine/fs-retry';

/** What Windows answers while an antivirus scanner holds a just-written file. */
const held = (code: string) => Object.assign(new Error(`${code}: operation not permitted, rename 'C:\\Updates\\x.exe.partial' -> 'C:\\Updates\\x.exe'`), { code });

function failingTimes(times: number, code: string) {
  let calls = 0;
  return {
    calls: () => calls,
    operation: async () => {
      calls++;
      if (calls <= times) throw held(code);
      return 'renamed';
    },
  };
}

describe('rename and delete while antivirus holds the file', () => {
  it('retries EPERM, EBUSY and EACCES on Windows until the file is free', async () => {
    for (const code of ['EPERM', 'EBUSY', 'EACCES']) {
      const op = failingTimes(3, code);
      await expect(retryWhileHeld(op.operation, { platform: 'win32', pausesMs: [1, 1, 1, 1] })).resolves.toBe('renamed');
      expect(op.calls()).toBe(4);
    }
  });

  it('gives up with the error once the pauses are spent', async () => {
    const op = failingTimes(10, 'EBUSY');
    await expect(retryWhileHeld(op.operation, { platform: 'win32', pausesMs: [1, 1] })).rejects.toMatchObject({ code: 'EBUSY' });
    expect(op.calls()).toBe(3);
  });

  it('fails at once elsewhere, and for any other error', async () => {
    const linux = failingTimes(1, 'EPERM');
    await expect(retryWhileHeld(linux.operation, { platform: 'linux', pausesMs: [1] })).rejects.toMatchObject({ code: 'EPERM' });
    expect(linux.calls()).toBe(1);
    const missing = failingTimes(1, 'ENOENT');
    await expect(retryWhileHeld(missing.operation, { platform: 'win32', pausesMs: [1] })).rejects.toMatchObject({ code: 'ENOENT' });
    expect(missing.calls()).toBe(1);
  });
});
