import { describe, expect, it } from 'vitest';
import { analyseSetupLog, setupLogProgress, splitLogLines } from '../../../src-shared/analysis/setup-log/index';
import { decodeLogBytes } from '../../../electron/engine/setup-log/decode-log';
import { SetupLogBuilder, withEarlierRun } from './log-builder';

describe('decodeLogBytes', () => {
  const log = withEarlierRun(l => l.readiness({ 'Rule:MSDTCStopped': 'True' }).notCompleted());
  const text = log.text();
  it.each(['utf8-bom', 'utf8', 'utf16le'] as const)('%s decodes to the same lines', encoding => {
    expect(splitLogLines(decodeLogBytes(log.bytes(encoding)))).toEqual(splitLogLines(text));
  });
  it('UTF-16LE without a byte-order mark, and UTF-16BE with one', () => {
    expect(decodeLogBytes(Buffer.from(text, 'utf16le'))).toBe(text);
    const be = Buffer.from(text, 'utf16le').swap16();
    expect(decodeLogBytes(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toBe(text);
  });
  it('text that is not UTF-8 (an ANSI copy) keeps every line', () => {
    const ansi = Buffer.from('[11/14/2026 22:05:11.3122] [0] Starting Microsoft Exchange Server 2019 Setup\r\n[11/14/2026 22:05:12.0000] [0] Logged on user: CONTOSO\\J\xf6rg.\r\n', 'latin1');
    expect(analyseSetupLog(decodeLogBytes(ansi)).context.user).toBe('CONTOSO\\Jörg');
  });
});

describe('setupLogProgress', () => {
  it('gives the step Setup is in and the time since the run started', () => {
    const log = new SetupLogBuilder();
    log
      .start()
      .readiness()
      .wait(25 * 60_000)
      .progress(3);
    const lines = splitLogLines(log.text());
    const start = lines[log.marked('start').at(-1)! - 1]!;
    const progress = setupLogProgress(start, lines.slice(-40));
    expect(progress.startedAt).toMatch(/^2026-11-14T22:05:11\.\d{3}$/);
    expect(progress.currentStep).toBe('Setup is running component task 2 of 3');
    expect(progress.elapsedSeconds).toBeGreaterThanOrEqual(25 * 60);
    expect(progress.elapsedSeconds).toBeLessThan(26 * 60);
    expect(progress.ended).toBeNull();
  });

  it('says when the tail already shows the end', () => {
    const log = new SetupLogBuilder();
    log.start().readiness().progress(1).succeeded();
    const lines = splitLogLines(log.text());
    expect(setupLogProgress(null, lines.slice(-10))).toMatchObject({ ended: 'succeeded', startedAt: null, elapsedSeconds: null });
    const copying = new SetupLogBuilder();
    copying.start().readiness().at(1).log("Processing component 'Common Files' (Copying Exchange files).");
    expect(setupLogProgress(null, splitLogLines(copying.text())).currentStep).toBe('Common Files (Copying Exchange files)');
  });
});
