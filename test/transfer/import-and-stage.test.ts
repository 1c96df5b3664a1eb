import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/domain/errors';
import { FileManifest } from '../../src-shared/domain/transfer';
import { importFile, type ImportRequest } from '../../electron/engine/transfer/importer';
import { resolveStagingDirectory } from '../../electron/engine/transfer/requests';
import { stagingFolderParameters, stagingOnThisComputer } from '../../electron/engine/transfer/staging-folder';
import { serverStagingPath } from '../../electron/engine/transfer/server-check';
import { chooseStagingDrive } from '../../src-shared/domain/transfer';
import { unavailableSignatureVerifier } from '../../electron/engine/transfer/signature';
import { defaultStagingDirectory, stageFile } from '../../electron/engine/transfer/stager';
import { randomishBytes } from './helpers/fault-server';
import { corruptingWrites, diskFullAfter, failure, filesIn, useTempDirs } from './helpers/files';

const tempDir = useTempDirs();
const NAME = 'Exchange2016-KB5066369-x64-en.exe';
const BYTES = randomishBytes(6 * 1024 * 1024 + 5, 11);
const SHA = createHash('sha256').update(BYTES).digest('hex');
const verifier = unavailableSignatureVerifier('linux');

/** A file as the admin brings it from another computer (any name). */
function broughtFile(bytes: Buffer = BYTES): string {
  const file = path.join(tempDir(), 'from-usb-stick.exe');
  writeFileSync(file, bytes);
  return file;
}

function ask(source: string, directory: string, extra: Partial<ImportRequest> = {}): ImportRequest {
  return { source, directory, fileName: NAME, updateId: 'exchange-2016-cu23-oct25su-exe', expectedSha256: SHA, expectedSizeBytes: BYTES.length, ...extra };
}

describe('importFile', () => {
  it('verifies a file downloaded elsewhere and gives it the same manifest as a download', async () => {
    const source = broughtFile();
    const dir = tempDir();
    const result = await importFile(ask(source, dir), { verifier });
    expect(result.path).toBe(path.join(dir, NAME));
    expect(readFileSync(result.path).equals(BYTES)).toBe(true);
    expect(filesIn(dir)).toEqual([NAME, `${NAME}.manifest.json`]);
    const manifest = FileManifest.parse(JSON.parse(readFileSync(result.manifestPath, 'utf8')));
    expect(manifest).toMatchObject({ importedFrom: source, sourceUrl: null, sha256: SHA, expectedSha256: SHA, updateId: 'exchange-2016-cu23-oct25su-exe' });
    expect(manifest.signature.checked).toBe(false);
    expect(existsSync(source)).toBe(true);
  });

  it('refuses a file with the wrong hash or size, leaving nothing behind', async () => {
    const damaged = Buffer.from(BYTES);
    damaged[1000] = damaged[1000]! ^ 1;
    const dir = tempDir();
    const hashErr = await failure(importFile(ask(broughtFile(damaged), dir), { verifier }));
    expect(hashErr.code).toBe('integrity');
    expect(filesIn(dir)).toEqual([]);
    const sizeErr = await failure(importFile(ask(broughtFile(BYTES.subarray(1)), dir), { verifier }));
    expect(sizeErr.code).toBe('integrity');
    expect(sizeErr.message).toMatch(/incomplete/);
    expect(filesIn(dir)).toEqual([]);
  });

  it('verifies a file already in the folder in place, and never deletes it when it fails', async () => {
    const dir = tempDir();
    const inPlace = path.join(dir, NAME);
    writeFileSync(inPlace, BYTES);
    const ok = await importFile(ask(inPlace, dir), { verifier });
    expect(ok.manifest.importedFrom).toBe(inPlace);
    expect(filesIn(dir)).toEqual([NAME, `${NAME}.manifest.json`]);

    const other = tempDir();
    const wrong = path.join(other, NAME);
    writeFileSync(wrong, BYTES);
    const err = await failure(importFile(ask(wrong, other, { expectedSha256: 'ab'.repeat(32) }), { verifier }));
    expect(err.code).toBe('integrity');
    expect(filesIn(other)).toEqual([NAME]);
  });

  it('recognises a file imported before, and reports a missing source', async () => {
    const dir = tempDir();
    await importFile(ask(broughtFile(), dir), { verifier });
    const again = await importFile(ask(broughtFile(), dir), { verifier });
    expect(again.alreadyPresent).toBe(true);
    const err = await failure(importFile(ask(path.join(dir, 'nope.exe'), dir), { verifier }));
    expect(err.code).toBe('not-found');
  });

  it('accepts a file with no published hash, and says so in the manifest', async () => {
    const dir = tempDir();
    const result = await importFile(ask(broughtFile(), dir, { expectedSha256: null, expectedSizeBytes: null }), { verifier });
    expect(result.manifest.expectedSha256).toBeNull();
    expect(result.manifest.sha256).toBe(SHA);
  });

  it('reports a full disk during the import and keeps no half copy', async () => {
    const dir = tempDir();
    const err = await failure(importFile(ask(broughtFile(), dir), { verifier, openFile: diskFullAfter(2_000_000) }));
    expect(err.code).toBe('disk-full');
    expect(filesIn(dir)).toEqual([]);
  });
});

/** A verified file (imported) ready to stage. */
async function verifiedFile(): Promise<string> {
  return (await importFile(ask(broughtFile(), tempDir()), { verifier })).path;
}

describe('stageFile', () => {
  it('copies a verified file, re-checks it at the destination and writes the manifest there', async () => {
    const file = await verifiedFile();
    const dest = path.join(tempDir(), 'ExchangeUpdates', 'exchange-2016-cu23-oct25su-exe');
    const result = await stageFile({ file, destinationDirectory: dest, server: 'ex01' });
    expect(result).toMatchObject({ server: 'ex01', destinationPath: path.join(dest, NAME), alreadyStaged: false, bytesCopied: BYTES.length, sha256: SHA });
    expect(result.freeBytesBefore).toBeGreaterThan(0);
    expect(readFileSync(result.destinationPath).equals(BYTES)).toBe(true);
    expect(filesIn(dest)).toEqual([NAME, `${NAME}.manifest.json`]);
    expect(readFileSync(result.manifestPath, 'utf8')).toBe(readFileSync(`${file}.manifest.json`, 'utf8'));
  });

  it('is idempotent: an identical staged file is recognised, not copied again', async () => {
    const file = await verifiedFile();
    const dest = tempDir();
    await stageFile({ file, destinationDirectory: dest, server: null });
    rmSync(path.join(dest, `${NAME}.manifest.json`));
    const again = await stageFile({ file, destinationDirectory: dest, server: null });
    expect(again).toMatchObject({ alreadyStaged: true, bytesCopied: 0 });
    expect(existsSync(path.join(dest, `${NAME}.manifest.json`))).toBe(true);
  });

  it('replaces a different file of the same name, only after the new copy checked out', async () => {
    const file = await verifiedFile();
    const dest = tempDir();
    writeFileSync(path.join(dest, NAME), 'an older, different file');
    const result = await stageFile({ file, destinationDirectory: dest, server: null });
    expect(result.alreadyStaged).toBe(false);
    expect(readFileSync(result.destinationPath).equals(BYTES)).toBe(true);
  });

  it('refuses a file that was never verified, or that changed since', async () => {
    const loose = broughtFile();
    expect((await failure(stageFile({ file: loose, destinationDirectory: tempDir(), server: null }))).code).toBe('integrity');

    const file = await verifiedFile();
    const changed = Buffer.from(BYTES);
    changed[5] = changed[5]! ^ 1;
    writeFileSync(file, changed);
    const dest = tempDir();
    const err = await failure(stageFile({ file, destinationDirectory: dest, server: null }));
    expect(err.code).toBe('integrity');
    expect(err.message).toMatch(/changed since it was verified/);
    expect(filesIn(dest)).toEqual([]);
  });

  it('checks free space at the destination before copying', async () => {
    const file = await verifiedFile();
    const dest = tempDir();
    const err = await failure(stageFile({ file, destinationDirectory: dest, server: 'ex01' }, { freeSpace: async () => 1_000_000 }));
    expect(err.code).toBe('disk-full');
    expect(filesIn(dest)).toEqual([]);
  });

  it('reports a full disk midway and resumes the copy later', async () => {
    const file = await verifiedFile();
    const dest = tempDir();
    const err = await failure(stageFile({ file, destinationDirectory: dest, server: null }, { openFile: diskFullAfter(3_000_000), checkpointBytes: 1024 * 1024, checkpointMs: 0 }));
    expect(err.code).toBe('disk-full');
    expect(existsSync(path.join(dest, NAME))).toBe(false);
    const kept = statSync(path.join(dest, `${NAME}.partial`)).size;
    expect(kept).toBeGreaterThan(0);
    const result = await stageFile({ file, destinationDirectory: dest, server: null });
    expect(result.bytesCopied).toBe(BYTES.length - kept);
    expect(readFileSync(result.destinationPath).equals(BYTES)).toBe(true);
    expect(filesIn(dest)).toEqual([NAME, `${NAME}.manifest.json`]);
  });

  it('fails clearly when the destination disappears mid-copy', async () => {
    const file = await verifiedFile();
    const dest = path.join(tempDir(), 'share');
    let removed = false;
    const err = await failure(
      stageFile(
        { file, destinationDirectory: dest, server: 'ex01' },
        {
          checkpointBytes: 1024 * 1024,
          checkpointMs: 0,
          onProgress: p => {
            if (!removed && p.stage === 'copying' && p.completed > 0) {
              removed = true;
              rmSync(dest, { recursive: true, force: true });
            }
          },
        },
      ),
    );
    expect(removed).toBe(true);
    expect(err.code).toBe('io');
    expect(err.message).toMatch(/does not exist/);
    expect(existsSync(path.join(dest, NAME))).toBe(false);
  });

  it('deletes a copy that arrives damaged (re-hash at the destination)', async () => {
    const file = await verifiedFile();
    const dest = tempDir();
    const err = await failure(stageFile({ file, destinationDirectory: dest, server: null }, { openFile: corruptingWrites() }));
    expect(err.code).toBe('integrity');
    expect(err.message).toMatch(/damaged on the way/);
    expect(filesIn(dest)).toEqual([]);
  });

  it('stops on cancel and keeps the part already copied', async () => {
    const file = await verifiedFile();
    const dest = tempDir();
    const controller = new AbortController();
    const err = await failure(
      stageFile({ file, destinationDirectory: dest, server: null }, { signal: controller.signal, onProgress: p => p.stage === 'copying' && p.completed > 0 && controller.abort() }),
    );
    expect(err.code).toBe('cancelled');
    expect(existsSync(path.join(dest, NAME))).toBe(false);
    const result = await stageFile({ file, destinationDirectory: dest, server: null });
    expect(readFileSync(result.destinationPath).equals(BYTES)).toBe(true);
  });

  it('removes the Zone.Identifier stream on Windows', async () => {
    const file = await verifiedFile();
    const dest = tempDir();
    // On Linux "NAME:Zone.Identifier" is an ordinary file name, which shows the stream path is removed.
    mkdirSync(dest, { recursive: true });
    writeFileSync(path.join(dest, `${NAME}:Zone.Identifier`), '[ZoneTransfer]\r\nZoneId=3\r\n');
    await stageFile({ file, destinationDirectory: dest, server: null }, { platform: 'win32' });
    expect(filesIn(dest)).toEqual([NAME, `${NAME}.manifest.json`]);
  });
});

describe('staging destinations', () => {
  it('defaults to the administrative share of the server, per update', async () => {
    expect(defaultStagingDirectory('EX01.Contoso.local', 'exchange-2019-cu15-oct25su-exe')).toBe('\\\\ex01.contoso.local\\C$\\ExchangeUpdates\\exchange-2019-cu15-oct25su-exe');
    expect(() => defaultStagingDirectory('ex01\\C$\\x', 'a')).toThrow(AppError);
    expect(() => defaultStagingDirectory('', 'a')).toThrow(AppError);
    const file = await verifiedFile();
    await expect(resolveStagingDirectory({ file, server: 'ex01' }, { platform: 'win32', demoRoot: null })).resolves.toBe('\\\\ex01\\C$\\ExchangeUpdates\\exchange-2016-cu23-oct25su-exe');
    await expect(resolveStagingDirectory({ file, server: 'ex01' }, { platform: 'linux', demoRoot: null })).rejects.toMatchObject({ code: 'unsupported' });
    await expect(resolveStagingDirectory({ file, server: 'ex01', destination: '/mnt/x' }, { platform: 'linux', demoRoot: null })).resolves.toBe(path.resolve('/mnt/x'));
    await expect(resolveStagingDirectory({ file, server: 'ex01' }, { platform: 'linux', demoRoot: '/demo' })).resolves.toBe(
      path.join('/demo', 'ex01', 'C$', 'ExchangeUpdates', 'exchange-2016-cu23-oct25su-exe'),
    );
  });

  it('stages to the local disk, no share, when the server is the computer the wizard runs on', async () => {
    const file = await verifiedFile();
    await expect(resolveStagingDirectory({ file, server: 'ex01' }, { platform: 'win32', demoRoot: null, local: true })).resolves.toBe('C:\\ExchangeUpdates\\exchange-2016-cu23-oct25su-exe');
    const ex01 = { name: 'EX01', fqdn: null, exchangeInstallPath: 'D:\\Exchange\\', elevated: true };
    expect(stagingOnThisComputer({ server: 'ex01.contoso.local' }, ex01, 'x')).toBe(true);
    expect(stagingOnThisComputer({ server: 'ex02' }, ex01, 'x')).toBe(false);
    expect(stagingOnThisComputer({ server: 'ex01', destination: 'D:\\x' }, ex01, 'x')).toBe(false);
    // Unelevated the administrators-only folder cannot be made: one line, and the restart.
    expect(() => stagingOnThisComputer({ server: 'ex01' }, { ...ex01, elevated: false }, "Start-Process -Verb RunAs -FilePath 'x'")).toThrow(
      expect.objectContaining({ code: 'not-elevated', fix: "Restart as administrator: Start-Process -Verb RunAs -FilePath 'x'" }),
    );
  });
});

describe('the staging drive, from the disks the scan read', () => {
  const GB = 1024 ** 3;
  // Win32_LogicalDisk as a server reports it: a small system drive and a large data drive.
  const smallC = [
    { drive: 'C:', freeBytes: 5.2 * GB, sizeBytes: 120 * GB, isSystem: true, isExchangeInstall: false },
    { drive: 'D:', freeBytes: 212 * GB, sizeBytes: 500 * GB, isSystem: false, isExchangeInstall: true },
    { drive: 'E:', freeBytes: 90 * GB, sizeBytes: 2000 * GB, isSystem: false, isExchangeInstall: false },
  ];
  // An Exchange 2019 CU ISO is about 6 GB.
  const iso = 6 * GB;

  it('stays on C: when it has room, else takes the drive with the most free space', () => {
    expect(chooseStagingDrive(smallC, 300 * 1024 ** 2)).toBe('C');
    expect(chooseStagingDrive(smallC, iso)).toBe('D');
    expect(chooseStagingDrive([{ ...smallC[0]!, freeBytes: 41 * GB }, smallC[1]!], iso)).toBe('C');
    // Unknown disks, or none with room: C: (the copy's own free-space check then says why).
    expect(chooseStagingDrive(null, iso)).toBe('C');
    expect(chooseStagingDrive([smallC[0]!], iso)).toBe('C');
  });

  it('stages to that drive: the share, the folder made on the server and the check there', async () => {
    const file = await verifiedFile();
    await expect(resolveStagingDirectory({ file, server: 'ex01' }, { platform: 'win32', demoRoot: null, drive: 'D' })).resolves.toBe('\\\\ex01\\D$\\ExchangeUpdates\\exchange-2016-cu23-oct25su-exe');
    await expect(resolveStagingDirectory({ file, server: 'ex01' }, { platform: 'win32', demoRoot: null, local: true, drive: 'D' })).resolves.toBe(
      'D:\\ExchangeUpdates\\exchange-2016-cu23-oct25su-exe',
    );
    expect(stagingFolderParameters('ex01', 'x', 'd')).toMatchObject({ Drive: 'D' });
    expect(serverStagingPath('x', 'Exchange2019-KB5066367-x64-en.exe', true, 'D')).toBe('D:\\ExchangeUpdates\\x\\Exchange2019-KB5066367-x64-en.exe.partial');
    expect(() => stagingFolderParameters('ex01', 'x', 'C:\\Windows')).toThrow(/not a drive letter/);
  });
});
