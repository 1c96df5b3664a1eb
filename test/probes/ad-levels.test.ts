import { symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { discoverServers } from '../../electron/engine/discovery/discover';
import { PowerShellHost } from '../../electron/engine/powershell/host';
import { useRealPwshHost } from '../helpers/pwsh';
import { E19 } from './helpers';

/**
 * The AD levels travel with the discovery result as `adLevels` (ObservedAdLevels). In a lab the
 * organisation folder's ad-levels.json stands in for what AD discovery reads over LDAP.
 */
describe('AD levels in the discovery result (real pwsh)', () => {
  const pwsh = useRealPwshHost('exwiz-ad-levels-');
  let host: PowerShellHost;
  let organisation: string;
  beforeAll(() => {
    ({ host, scratch: organisation } = pwsh);
    symlinkSync(E19, path.join(organisation, 'SOLO-E19A'), 'dir');
  });

  it("returns the lab organisation's AD levels, and null where the lab has none", async () => {
    const withoutLevels = await discoverServers({ method: 'lab', labDirectory: organisation }, { runner: host, dataDirectory: organisation, fingerprint: null });
    expect(withoutLevels.servers.map(s => s.name)).toEqual(['SOLO-E19A']);
    expect(withoutLevels.adLevels).toBeNull();

    const levels = { schemaRangeUpper: 17003, organisationObjectVersion: 16763, domains: [{ name: 'solo.com', objectVersion: 13243 }], readAt: '2026-11-30T10:00:00Z', error: null };
    writeFileSync(path.join(organisation, 'ad-levels.json'), JSON.stringify(levels));
    const found = await discoverServers({ method: 'lab', labDirectory: organisation }, { runner: host, dataDirectory: organisation, fingerprint: null });
    expect(found.adLevels).toEqual(levels);

    // The forest as AD discovery reads it over LDAP (functional level, domain controllers) travels the same way.
    const forest = {
      functionalLevel: 6,
      domainControllers: [
        { name: 'dc01.solo.com', site: 'Default-First-Site-Name', operatingSystem: 'Windows Server 2012 R2 Standard', isGlobalCatalog: true, isReadOnly: false, isSchemaMaster: true },
      ],
      error: null,
    };
    writeFileSync(path.join(organisation, 'ad-levels.json'), JSON.stringify({ ...levels, forest }));
    const withForest = await discoverServers({ method: 'lab', labDirectory: organisation }, { runner: host, dataDirectory: organisation, fingerprint: null });
    expect(withForest.adLevels?.forest).toEqual(forest);
  }, 300_000);
});
