import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { powershellScriptsDirectory } from '../../electron/engine/paths';
import type { ScriptParameters } from '../../electron/engine/powershell/invocation';
import { checkStagedFileOnServer, serverCheckOf, StagedFileAnswer, stagedFileScript } from '../../electron/engine/transfer/server-check';
import { prepareStagingFolder, STAGING_FOLDER_SDDL, stagingFolderParameters } from '../../electron/engine/transfer/staging-folder';
import { useRealPwshHost } from '../helpers/pwsh';
import { useTempDirs } from './helpers/files';

const tempDir = useTempDirs();

describe('the staging folder on the server: administrators only', () => {
  const pwsh = useRealPwshHost('exwiz-staging-folder-');

  it('gives Full control to SYSTEM and Administrators only, owned by Administrators, nothing inherited from C:\\', () => {
    // .NET's ACL classes are Windows-only, so the descriptor is read here by its SDDL grammar:
    // O:owner G:group D:flags(ace)(ace)..., each ace "type;flags;rights;;;trustee".
    const sddl = stagingFolderParameters('ex01', 'x').Sddl;
    const parts = /^O:(\w+)G:(\w+)D:([A-Z]*)((?:\([^)]*\))+)$/.exec(sddl);
    expect(parts).not.toBeNull();
    const [, owner, , daclFlags, aceText] = parts!;
    expect(owner).toBe('BA');
    // P: protected (no inheritance from C:\), AI: propagates to what is inside.
    expect(daclFlags).toBe('PAI');
    const aces = [...aceText!.matchAll(/\(([^)]*)\)/g)].map(m => m[1]!.split(';'));
    expect(aces.map(a => a[5]).sort()).toEqual(['BA', 'SY']);
    for (const [type, flags, rights, objectGuid, inheritGuid] of aces) {
      expect(type).toBe('A');
      expect(flags).toBe('OICI');
      expect(rights).toBe('FA');
      expect(objectGuid).toBe('');
      expect(inheritGuid).toBe('');
    }
  });

  it('passes only a checked server name, folder name and drive letter to the script', () => {
    expect(stagingFolderParameters('EX01.contoso.local', 'exchange-2019-cu15-oct25su-exe')).toEqual({
      ComputerName: 'ex01.contoso.local',
      FolderName: 'exchange-2019-cu15-oct25su-exe',
      Sddl: STAGING_FOLDER_SDDL,
      Drive: 'C',
    });
    expect(() => stagingFolderParameters('ex01; Remove-Item C:\\', 'x')).toThrow(/not a server name/);
    expect(() => stagingFolderParameters('ex01', '..')).toThrow(/not a staging folder name/);
    expect(() => stagingFolderParameters('ex01', '..\\Windows')).toThrow(/not a staging folder name/);
  });

  it('says the server could not be reached when remoting fails (here: no WinRM client off Windows)', async () => {
    await expect(prepareStagingFolder(pwsh.host, 'ex01', 'x')).rejects.toMatchObject({ code: 'unreachable', fix: expect.stringMatching(/WinRM/) });
  });
});

describe("Test-StagedFile.ps1: the staged copy hashed on the server itself (real PowerShell, the lab's remoting)", () => {
  const bytes = Buffer.from('the staged update, as the server holds it\n'.repeat(5000));
  const sha = createHash('sha256').update(bytes).digest('hex');
  const pwsh = useRealPwshHost('exwiz-staging-folder-');

  /** Runs the script with the lab's Invoke-Command (the block runs here), as the engine would run it against a server. */
  async function inLab(parameters: { Path: string; ExpectedSha256: string; ExpectedSizeBytes?: number; OnThisComputer?: boolean }, configuration: ScriptParameters | null = null) {
    const lab = tempDir();
    writeFileSync(path.join(lab, 'lab.json'), '{}');
    const { value } = await pwsh.host.run(
      path.join(__dirname, 'fixtures', 'in-lab.ps1'),
      {
        LabModule: path.join(powershellScriptsDirectory(), 'lab', 'ExwizLab.psm1'),
        LabDirectory: lab,
        LabConfiguration: configuration,
        Script: stagedFileScript(),
        Parameters: { ComputerName: 'ex01.contoso.local', ResourceDirectory: powershellScriptsDirectory(), ...parameters },
      },
      { schema: StagedFileAnswer },
    );
    return value;
  }
  function staged(name = 'Exchange2019-KB5066367-x64-en.exe.partial'): string {
    const file = path.join(tempDir(), name);
    writeFileSync(file, bytes);
    return file;
  }

  it('reads the file on the server and says it matches the expected hash and size', async () => {
    const answer = await inLab({ Path: staged(), ExpectedSha256: sha.toUpperCase(), ExpectedSizeBytes: bytes.length });
    expect(answer).toEqual({ checked: true, sha256: sha, sizeBytes: bytes.length, matches: true, error: null });
    expect(serverCheckOf(answer, { sha256: sha, sizeBytes: bytes.length })).toMatchObject({ kind: 'checked', matches: true });
  });

  it('reports the hash the server read when it is not the expected one', async () => {
    const other = 'a'.repeat(64);
    const answer = await inLab({ Path: staged(), ExpectedSha256: other, ExpectedSizeBytes: bytes.length });
    expect(answer).toEqual({ checked: true, sha256: sha, sizeBytes: bytes.length, matches: false, error: null });
    expect(serverCheckOf(answer, { sha256: other, sizeBytes: bytes.length })).toMatchObject({ kind: 'checked', matches: false, sha256: sha });
  });

  it('does not hash a file of the wrong size (it cannot match)', async () => {
    const answer = await inLab({ Path: staged(), ExpectedSha256: sha, ExpectedSizeBytes: bytes.length + 1 });
    expect(answer).toEqual({ checked: true, sha256: null, sizeBytes: bytes.length, matches: false, error: null });
  });

  it('says the file is missing, and that a folder is not the file', async () => {
    const missing = path.join(tempDir(), 'nothing-here.exe.partial');
    expect(await inLab({ Path: missing, ExpectedSha256: sha })).toEqual({
      checked: false,
      sha256: null,
      sizeBytes: null,
      matches: false,
      error: { code: 'missing', message: `There is no file ${missing}.` },
    });
    const folder = path.join(tempDir(), 'a-folder.exe.partial');
    mkdirSync(folder);
    expect((await inLab({ Path: folder, ExpectedSha256: sha })).error).toMatchObject({ code: 'not-a-file' });
  });

  it('on the Exchange server the wizard runs on, hashes in this process: remoting back to itself unelevated is denied', async () => {
    const thisComputer = { thisComputer: { name: 'ex01', elevated: false } };
    expect((await inLab({ Path: staged(), ExpectedSha256: sha, ExpectedSizeBytes: bytes.length }, thisComputer)).error).toMatchObject({ code: 'access-denied' });
    const local = await inLab({ Path: staged(), ExpectedSha256: sha, ExpectedSizeBytes: bytes.length, OnThisComputer: true }, thisComputer);
    expect(local).toEqual({ checked: true, sha256: sha, sizeBytes: bytes.length, matches: true, error: null });
  });

  it('takes a path full of PowerShell syntax as data only', async () => {
    const file = staged("x'; Remove-Item -Recurse C$; $(throw 'ran') `$env:PATH.exe.partial");
    expect(await inLab({ Path: file, ExpectedSha256: sha, ExpectedSizeBytes: bytes.length })).toMatchObject({ checked: true, matches: true });
  });

  it('says the server did not answer (WinRM unreachable), and never that the file matches', async () => {
    const answer = await inLab({ Path: staged(), ExpectedSha256: sha }, { simulate: { failure: 'winrm-unreachable' } });
    expect(answer).toMatchObject({ checked: false, sha256: null, matches: false, error: { code: 'unreachable', message: expect.stringMatching(/WinRM cannot complete the operation/) } });
    expect(serverCheckOf(answer, { sha256: sha, sizeBytes: bytes.length })).toMatchObject({ kind: 'not-checked', code: 'unreachable' });
  });

  it('tells access denied apart from a server that does not answer', async () => {
    const answer = await inLab({ Path: staged(), ExpectedSha256: sha }, { simulate: { failure: 'access-denied' } });
    expect(answer).toMatchObject({ checked: false, matches: false, error: { code: 'access-denied', message: expect.stringMatching(/Access is denied/) } });
  });

  it('says the server could not be reached when remoting itself fails (here: no WinRM client off Windows)', async () => {
    const check = await checkStagedFileOnServer(pwsh.host, 'ex01', { folderName: 'manual', fileName: 'Exchange2019-KB5066367-x64-en.exe', partial: true, sha256: sha, sizeBytes: bytes.length });
    expect(check).toMatchObject({ kind: 'not-checked', code: 'unreachable' });
  });
});
