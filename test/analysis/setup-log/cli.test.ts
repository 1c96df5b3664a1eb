import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../electron/cli/main';
import { captureOutput, type CapturedOutput } from '../../helpers/cli';
import { withEarlierRun } from './log-builder';

let home: string;
let io: CapturedOutput;
beforeEach(() => {
  home = mkdtempSync(path.join(tmpdir(), 'exwiz-setup-log-'));
  vi.stubEnv('EXWIZ_HOME', home);
  io = captureOutput();
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(home, { recursive: true, force: true });
});

const failed = () =>
  withEarlierRun(l =>
    l
      .readiness()
      .progress(2)
      .componentFailure('AllRolesCommonServiceControl___f75a1d4bbeb24c0c8f33b9d26f0c3ba9', [
        'The following error was generated when "$error.Clear(); Start-SetupService -ServiceName MSExchangeADTopology" was run: "System.InvalidOperationException: Cannot start service MSExchangeADTopology on computer \'.\'. ---> System.ComponentModel.Win32Exception: The service cannot be started, either because it is disabled or because it has no enabled devices associated with it',
      ]),
  );

describe('exwiz setup-log', () => {
  it('prints the outcome first, then the cause, its evidence lines and the fix; exit 0', async () => {
    const log = failed();
    const file = path.join(home, 'ExchangeSetup.log');
    writeFileSync(file, log.bytes('utf8-bom'));
    expect(await main(['setup-log', file])).toBe(0);
    const out = io.out.split('\n');
    expect(out[0]).toBe('Setup failed: Setup could not start MSExchangeADTopology: the service (or one it depends on) is Disabled');
    const line = log.marked('error').at(-1)!;
    expect(io.out).toContain(`  line ${line}: ${log.text().split('\r\n')[line - 1]}`);
    expect(io.out).toMatch(/Fix:\n {2}1\. Set the services back to Automatic/);
  });

  it('--json on a UTF-16LE log gives the same diagnosis with line numbers of the file', async () => {
    const log = failed();
    const utf8 = path.join(home, 'utf8.log');
    const utf16 = path.join(home, 'utf16.log');
    writeFileSync(utf8, log.bytes('utf8'));
    writeFileSync(utf16, log.bytes('utf16le'));
    expect(await main(['setup-log', '--json', utf16])).toBe(0);
    const fromUtf16 = JSON.parse(io.out);
    io.out = '';
    expect(await main(['setup-log', '--json', utf8])).toBe(0);
    expect(JSON.parse(io.out)).toEqual(fromUtf16);
    expect(fromUtf16).toMatchObject({ outcome: 'failed', causes: [{ id: 'disabled-service', evidence: [{ line: log.marked('error').at(-1) }] }], context: { computer: 'EX01.contoso.com' } });
  });

  it('a good run: "Setup succeeded", exit 0', async () => {
    const log = withEarlierRun(l => l.readiness().progress(2).succeeded());
    const file = path.join(home, 'good.log');
    writeFileSync(file, log.bytes('utf16le'));
    expect(await main(['setup-log', file])).toBe(0);
    expect(io.out.split('\n')[0]).toMatch(/^Setup succeeded/);
  });

  it('exit 1 for a missing file or a file without a Setup run, 2 without a file', async () => {
    expect(await main(['setup-log', path.join(home, 'nope.log')])).toBe(1);
    expect(io.err).toMatch(/does not exist/);
    const other = path.join(home, 'other.log');
    writeFileSync(other, 'just some text\r\n');
    expect(await main(['setup-log', '--json', other])).toBe(1);
    expect(JSON.parse(io.out)).toMatchObject({ error: { code: 'not-found' } });
    expect(await main(['setup-log'])).toBe(2);
  });
});
