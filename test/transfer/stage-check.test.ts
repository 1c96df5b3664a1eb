import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as hashing from '../../electron/engine/transfer/hashing';
import { importFile } from '../../electron/engine/transfer/importer';
import type { TransferProgress } from '../../electron/engine/transfer/progress';
import type { ServerCheck, StagedFileOnServer } from '../../electron/engine/transfer/server-check';
import { checkStagedFileOnServer, serverCheckOf, serverStagingPath, stagedFileParameters } from '../../electron/engine/transfer/server-check';
import { AppError } from '../../src-shared/domain/errors';
import type { ScriptRunner } from '../../electron/engine/powershell/host';
import { unavailableSignatureVerifier } from '../../electron/engine/transfer/signature';
import { stageFile, type StageDeps } from '../../electron/engine/transfer/stager';
import { corruptingWrites, failure, filesIn, useTempDirs } from './helpers/files';
import { randomishBytes } from './helpers/fault-server';

// Counts which files are hashed here, so a test can prove the copy was NOT read back.
vi.mock('../../electron/engine/transfer/hashing', async original => {
  const actual = await original<typeof import('../../electron/engine/transfer/hashing')>();
  return { ...actual, sha256OfFile: vi.fn(actual.sha256OfFile) };
});

/**
 * Staging to a server that answers PowerShell remoting: the copy is checked on
 * the server (Get-FileHash there, through `checkOnServer`), never read back
 * over the network; a copy the server could not check is never called staged.
 * Test-StagedFile.ps1 itself runs in real PowerShell in staging-folder.test.ts.
 */
const NAME = 'Exchange2019-KB5066367-x64-en.exe';
const UPDATE = 'exchange-2019-cu15-oct25su-exe';
const BYTES = randomishBytes(1024 * 1024 + 99, 5);
const SHA = createHash('sha256').update(BYTES).digest('hex');
const tempDir = useTempDirs();

async function verifiedFile(): Promise<string> {
  const source = path.join(tempDir(), 'brought.exe');
  writeFileSync(source, BYTES);
  const imported = await importFile(
    { source, directory: tempDir(), fileName: NAME, updateId: UPDATE, expectedSha256: SHA, expectedSizeBytes: BYTES.length },
    { verifier: unavailableSignatureVerifier('linux') },
  );
  return imported.path;
}

/** A stand-in for the server: hashes the copy where the share put it (here: a local folder), as Get-FileHash on the server would. */
function server(dest: string, answer?: (file: StagedFileOnServer) => ServerCheck | undefined) {
  const asked: StagedFileOnServer[] = [];
  const checkOnServer = vi.fn(async (_server: string, file: StagedFileOnServer): Promise<ServerCheck> => {
    asked.push(file);
    const given = answer?.(file);
    if (given) return given;
    const local = path.join(dest, file.fileName + (file.partial ? '.partial' : ''));
    if (!existsSync(local)) return { kind: 'not-checked', code: 'missing', message: `There is no file ${serverStagingPath(file.folderName, file.fileName, file.partial)}.` };
    const bytes = readFileSync(local);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    return { kind: 'checked', sha256, sizeBytes: bytes.length, matches: sha256 === file.sha256 && bytes.length === file.sizeBytes };
  });
  return { asked, checkOnServer };
}

const hashedFiles = () => vi.mocked(hashing.sha256OfFile).mock.calls.map(call => call[0]);

describe('staging checked on the server itself', () => {
  beforeEach(() => {
    vi.mocked(hashing.sha256OfFile).mockClear();
  });

  it("checks the copy with the server's own hash and never reads it back over the network", async () => {
    const file = await verifiedFile();
    const dest = path.join(tempDir(), 'ExchangeUpdates', UPDATE);
    const { asked, checkOnServer } = server(dest);
    const events: TransferProgress[] = [];
    const result = await stageFile({ file, destinationDirectory: dest, server: 'ex01' }, { checkOnServer, onProgress: p => events.push(p) });
    expect(result).toMatchObject({ alreadyStaged: false, bytesCopied: BYTES.length, sha256: SHA, checkedBy: 'server' });
    expect(asked).toEqual([{ folderName: UPDATE, fileName: NAME, partial: true, sha256: SHA, sizeBytes: BYTES.length }]);
    expect(hashedFiles().filter(f => f.startsWith(dest))).toEqual([]);
    expect(readFileSync(result.destinationPath).equals(BYTES)).toBe(true);
    expect(filesIn(dest)).toEqual([NAME, `${NAME}.manifest.json`]);
    expect(events.some(e => e.stage === 'verifying' && /ex01 reads its own disk/.test(e.message))).toBe(true);
  });

  it("recognises a file already staged by the server's hash, without copying or reading it", async () => {
    const file = await verifiedFile();
    const dest = path.join(tempDir(), 'ExchangeUpdates', UPDATE);
    await stageFile({ file, destinationDirectory: dest, server: 'ex01' }, { checkOnServer: server(dest).checkOnServer });
    vi.mocked(hashing.sha256OfFile).mockClear();
    const { asked, checkOnServer } = server(dest);
    const again = await stageFile({ file, destinationDirectory: dest, server: 'ex01' }, { checkOnServer });
    expect(again).toMatchObject({ alreadyStaged: true, bytesCopied: 0, checkedBy: 'server' });
    expect(asked.map(a => a.partial)).toEqual([false]);
    expect(hashedFiles().filter(f => f.startsWith(dest))).toEqual([]);
  });

  it('deletes a copy whose hash on the server differs, and says it was damaged on the way', async () => {
    const file = await verifiedFile();
    const dest = path.join(tempDir(), 'ExchangeUpdates', UPDATE);
    const err = await failure(stageFile({ file, destinationDirectory: dest, server: 'ex01' }, { checkOnServer: server(dest).checkOnServer, openFile: corruptingWrites() }));
    expect(err.code).toBe('integrity');
    expect(err.message).toMatch(/damaged on the way/);
    expect(err.detail).toMatch(/ex01 read [0-9a-f]{64}/);
    expect(filesIn(dest)).toEqual([]);
  });

  it('never calls a copy staged when the server did not answer; keeps it, and the next run only checks it', async () => {
    const file = await verifiedFile();
    const dest = path.join(tempDir(), 'ExchangeUpdates', UPDATE);
    const down = server(dest, () => ({ kind: 'not-checked', code: 'unreachable', message: 'WinRM cannot complete the operation.' }));
    const err = await failure(stageFile({ file, destinationDirectory: dest, server: 'ex01' }, { checkOnServer: down.checkOnServer }));
    expect(err.code).toBe('unreachable');
    expect(err.message).toMatch(/could not be checked, so it is not staged: WinRM cannot complete the operation\. The copied bytes are kept/);
    expect(err.fix).toMatch(/Test-WSMan ex01/);
    expect(existsSync(path.join(dest, NAME))).toBe(false);
    expect(existsSync(path.join(dest, `${NAME}.manifest.json`))).toBe(false);
    expect(filesIn(dest)).toEqual([`${NAME}.partial`, `${NAME}.partial.json`]);

    const up = server(dest);
    const result = await stageFile({ file, destinationDirectory: dest, server: 'ex01' }, { checkOnServer: up.checkOnServer });
    expect(result).toMatchObject({ alreadyStaged: false, bytesCopied: 0, checkedBy: 'server' });
    expect(readFileSync(result.destinationPath).equals(BYTES)).toBe(true);
  });

  it('says so when the copy is gone from the server, and keeps nothing that claims otherwise', async () => {
    const file = await verifiedFile();
    const dest = path.join(tempDir(), 'ExchangeUpdates', UPDATE);
    const gone = server(dest, () => ({ kind: 'not-checked', code: 'missing', message: 'There is no file C:\\ExchangeUpdates\\x\\y.partial.' }));
    const err = await failure(stageFile({ file, destinationDirectory: dest, server: 'ex01' }, { checkOnServer: gone.checkOnServer }));
    expect(err.code).toBe('integrity');
    expect(err.message).toMatch(/could not be checked, so it is not staged: There is no file/);
    expect(existsSync(path.join(dest, NAME))).toBe(false);
    expect(existsSync(path.join(dest, `${NAME}.partial.json`))).toBe(false);
  });

  it('reads the copy back only for a plain folder, and says so in the result', async () => {
    const file = await verifiedFile();
    const dest = tempDir();
    const result = await stageFile({ file, destinationDirectory: dest, server: null }, {} satisfies StageDeps);
    expect(result.checkedBy).toBe('read-back');
    expect(hashedFiles()).toContain(path.join(dest, `${NAME}.partial`));
  });
});

describe('what the server is asked, and how its answer is read', () => {
  it('names the copy as the server sees it, from checked parts only', () => {
    expect(stagedFileParameters('EX01.contoso.local', { folderName: UPDATE, fileName: NAME, partial: true, sha256: SHA, sizeBytes: 12 })).toEqual({
      ComputerName: 'ex01.contoso.local',
      Path: `C:\\ExchangeUpdates\\${UPDATE}\\${NAME}.partial`,
      ExpectedSha256: SHA,
      ExpectedSizeBytes: 12,
    });
    const file = { folderName: UPDATE, fileName: NAME, partial: false, sha256: SHA, sizeBytes: 12 };
    expect(() => stagedFileParameters('ex01; Remove-Item C:\\', file)).toThrow(/not a server name/);
    expect(() => stagedFileParameters('ex01', { ...file, folderName: '..' })).toThrow(/not a staging folder name/);
    expect(() => stagedFileParameters('ex01', { ...file, fileName: '..\\..\\Windows\\notepad.exe' })).toThrow(/cannot be used/);
    expect(() => stagedFileParameters('ex01', { ...file, sha256: `${SHA}' ; x` })).toThrow(/SHA-256/);
  });

  it('calls a copy proven only when the server hashed it and hash and size are the expected ones', () => {
    const expected = { sha256: SHA, sizeBytes: 12 };
    expect(serverCheckOf({ checked: true, sha256: SHA.toUpperCase(), sizeBytes: 12, matches: true, error: null }, expected)).toEqual({ kind: 'checked', sha256: SHA, sizeBytes: 12, matches: true });
    // The script's own "matches" is not enough: the engine compares again.
    expect(serverCheckOf({ checked: true, sha256: '0'.repeat(64), sizeBytes: 12, matches: true, error: null }, expected)).toMatchObject({ matches: false });
    expect(serverCheckOf({ checked: true, sha256: null, sizeBytes: 13, matches: false, error: null }, expected)).toMatchObject({ kind: 'checked', matches: false });
    expect(serverCheckOf({ checked: false, sha256: null, sizeBytes: null, matches: false, error: { code: 'unreachable', message: 'no answer' } }, expected)).toEqual({
      kind: 'not-checked',
      code: 'unreachable',
      message: 'no answer',
    });
  });

  it('calls a server that did not answer in time "not checked", and keeps a cancel a cancel', async () => {
    const file = { folderName: UPDATE, fileName: NAME, partial: true, sha256: SHA, sizeBytes: 12 };
    const failing = (err: Error): ScriptRunner => ({ run: async () => Promise.reject(err), dispose: async () => undefined });
    const late = await checkStagedFileOnServer(failing(new AppError('timeout', 'Test-StagedFile.ps1 did not finish within 120 s.')), 'ex01', file);
    expect(late).toEqual({ kind: 'not-checked', code: 'unreachable', message: 'Test-StagedFile.ps1 did not finish within 120 s.' });
    const odd = await checkStagedFileOnServer(failing(new AppError('malformed-output', 'returned data that does not match')), 'ex01', file);
    expect(odd).toMatchObject({ kind: 'not-checked', code: 'read-failed' });
    await expect(checkStagedFileOnServer(failing(new AppError('cancelled', 'cancelled')), 'ex01', file)).rejects.toMatchObject({ code: 'cancelled' });
  });
});
