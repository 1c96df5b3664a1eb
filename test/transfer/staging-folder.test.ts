import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PowerShellHost } from '../../electron/engine/powershell/host';
import { prepareStagingFolder, STAGING_FOLDER_SDDL, stagingFolderParameters, stagingFolderScript } from '../../electron/engine/transfer/staging-folder';
import { requirePwsh } from '../helpers/pwsh';


describe('the staging folder on the server: administrators only', () => {
  let host: PowerShellHost;
  beforeAll(() => {
    requirePwsh();
    host = new PowerShellHost({ defaultTimeoutMs: 60_000 });
  });
  afterAll(async () => host.dispose());

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

  it('passes only a checked server name and folder name to the script', () => {
    expect(stagingFolderParameters('EX01.contoso.local', 'exchange-2019-cu15-oct25su-exe')).toEqual({
      ComputerName: 'ex01.contoso.local',
      FolderName: 'exchange-2019-cu15-oct25su-exe',
      Sddl: STAGING_FOLDER_SDDL,
    });
    expect(() => stagingFolderParameters('ex01; Remove-Item C:\\', 'x')).toThrow(/not a server name/);
    expect(() => stagingFolderParameters('ex01', '..')).toThrow(/not a staging folder name/);
    expect(() => stagingFolderParameters('ex01', '..\\Windows')).toThrow(/not a staging folder name/);
  });

  it('says the server could not be reached when remoting fails (here: no WinRM client off Windows)', async () => {
    await expect(prepareStagingFolder(host, 'ex01', 'x')).rejects.toMatchObject({ code: 'unreachable', fix: expect.stringMatching(/WinRM/) });
  });

  it('parses as Windows PowerShell 5.1 code', async () => {
    const Report = z.object({ files: z.number(), problems: z.array(z.object({ what: z.string() })) });
    const checker = path.join(__dirname, '..', 'probes', 'ps51-syntax.ps1');
    const { value } = await host.run(checker, { Paths: [stagingFolderScript()] }, { schema: Report });
    expect(value.files).toBe(1);
    expect(value.problems).toEqual([]);
  });
});
