import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readServerSetupLog, type SetupLogTarget } from '../../../electron/engine/setup-log/server-setup-log';
import type { LabConfiguration } from '../../../electron/engine/lab/lab-configuration';
import { useRealPwshHost } from '../../helpers/pwsh';
import { withEarlierRun, SetupLogBuilder } from './log-builder';

/**
 * Read-SetupLog.ps1 through real PowerShell and the lab's remoting: the lab maps the server's
 * C:\ExchangeSetupLogs\ExchangeSetup.log to ExchangeSetupLogs/ExchangeSetup.log in its folder.
 */
describe("reading a server's ExchangeSetup.log (real PowerShell, the lab)", () => {
  const real = useRealPwshHost('exwiz-setup-log-lab-');
  let count = 0;
  function lab(log: Buffer | null, configuration?: LabConfiguration): SetupLogTarget {
    const directory = path.join(real.scratch, `EX0${++count}`);
    mkdirSync(path.join(directory, 'ExchangeSetupLogs'), { recursive: true });
    writeFileSync(path.join(directory, 'lab.json'), '{}');
    if (log) writeFileSync(path.join(directory, 'ExchangeSetupLogs', 'ExchangeSetup.log'), log);
    return { name: 'EX01', computerName: 'ex01.contoso.local', lab: { directory, ...(configuration ? { configuration } : {}) } };
  }

  it('diagnoses the last run of a UTF-16LE log, with the evidence lines of the file', async () => {
    const log = withEarlierRun(l =>
      l
        .readiness()
        .progress(2)
        .componentFailure('x', [
          'Exception calling "Apply" with "0" argument(s): "System.Runtime.InteropServices.COMException (0x800706D9): There are no more endpoints available from the endpoint mapper.',
        ]),
    );
    const read = await readServerSetupLog(real.host, lab(log.bytes('utf16le')), 'analyse');
    expect(read.progress).toBeNull();
    expect(read.lastWriteTime).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(read.analysis).toMatchObject({
      outcome: 'failed',
      causes: [{ id: 'firewall-endpoint-mapper', evidence: [{ line: log.marked('error').at(-1) }] }],
      context: { computer: 'EX01.contoso.com' },
    });
  });

  it('tail: the start of the last run, the step it is in and how long it has run', async () => {
    const log = new SetupLogBuilder();
    log.start().readiness().progress(2).succeeded();
    log
      .wait(86_400_000)
      .start()
      .readiness()
      .wait(12 * 60_000)
      .at(1)
      .log("Processing component 'Mailbox role: Transport service' (Configuring Microsoft Exchange Server).")
      .filler(30);
    const read = await readServerSetupLog(real.host, lab(log.bytes('utf8-bom')), 'tail');
    expect(read.analysis).toBeNull();
    expect(read.progress).toMatchObject({ currentStep: 'Mailbox role: Transport service (Configuring Microsoft Exchange Server)', ended: null, startedAt: expect.stringMatching(/^2026-11-15T22:/) });
    expect(read.progress?.elapsedSeconds).toBeGreaterThanOrEqual(12 * 60);
    expect(read.progress?.lastLines).toHaveLength(60);
  });

  it('a server without the log, and a server that does not answer, are errors that say what to do', async () => {
    await expect(readServerSetupLog(real.host, lab(null), 'analyse')).rejects.toMatchObject({ code: 'not-found', message: expect.stringMatching(/has no C:\\ExchangeSetupLogs\\ExchangeSetup\.log/) });
    const log = new SetupLogBuilder().start().readiness();
    await expect(readServerSetupLog(real.host, lab(log.bytes(), { simulate: { failure: 'winrm-unreachable' } }), 'tail')).rejects.toMatchObject({
      code: 'winrm-unreachable',
      fix: expect.stringMatching(/Choose a log file/),
    });
  });

  it('a workgroup server is read with the "Connect as…" account, and refused without it', async () => {
    const log = new SetupLogBuilder().start().readiness().progress(2).succeeded();
    const workgroup = { workgroup: { userName: 'EX01\\admin', password: "p'w $(x)" } };
    const target = lab(log.bytes('utf16le'), workgroup);
    await expect(readServerSetupLog(real.host, target, 'analyse')).rejects.toMatchObject({ code: 'winrm-unreachable' });
    await expect(readServerSetupLog(real.host, { ...target, credential: { userName: 'EX01\\admin', password: 'wrong', useSsl: false } }, 'analyse')).rejects.toMatchObject({ code: 'access-denied' });
    const read = await readServerSetupLog(real.host, { ...target, credential: { userName: 'EX01\\admin', password: "p'w $(x)", useSsl: false } }, 'analyse');
    expect(read.analysis).toMatchObject({ outcome: 'succeeded' });
  });

  it('on the Exchange server the wizard runs on, reads in this process: remoting back to itself unelevated is denied', async () => {
    const log = new SetupLogBuilder().start().readiness();
    const target = lab(log.bytes(), { thisComputer: { name: 'ex01', elevated: false } });
    await expect(readServerSetupLog(real.host, target, 'tail')).rejects.toMatchObject({ code: 'access-denied' });
    // In this process (the lab maps C:\\ExchangeSetupLogs to its copy here too): read, where remoting was denied.
    const read = await readServerSetupLog(real.host, { ...target, local: true }, 'tail');
    expect(read.progress).toMatchObject({ ended: null });
  });
});
