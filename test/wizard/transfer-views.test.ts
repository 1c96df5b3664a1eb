import { describe, expect, it } from 'vitest';
import type { UpdatePackage } from '../../src-shared/knowledge/types';
import { findUpdatePackage } from '../../src-shared/knowledge';
import { downloadTable, plannedPackageIds } from '../../src-shared/wizard/download-table';
import { destinationProblem, stageCellKey, stageDiskWarnings, stageMatrix } from '../../src-shared/wizard/stage-matrix';
import { buildReached } from '../../src-shared/wizard/build-reached';
import { hashItem } from '../../src-shared/wizard/upgrade-checklist';
import { sampleSession } from '../report/fixtures';

function catalogPackages(ids: string[]): UpdatePackage[] {
  return ids.map(id => {
    const pkg = findUpdatePackage(id);
    if (!pkg) throw new Error(`catalog has no ${id}`);
    return pkg;
  });
}

describe('the Download table', () => {
  const session = sampleSession();
  const scan = session.scan!;
  const ids = plannedPackageIds(scan);
  const packages = catalogPackages(ids);

  it('lists each planned file once, with the servers that install it', () => {
    expect(ids).toEqual(['exchange-2019-cu15-iso', 'exchange-se-rtm-iso', 'exchange-se-rtm-nov26su-exe', 'exchange-2016-cu23-oct26su-exe']);
    const table = downloadTable({ scan, packages, missing: [], downloads: session.downloads, demo: false, hasEsu: false });
    expect(table.rows.find(r => r.updateId === 'exchange-2019-cu15-iso')?.neededBy).toEqual(['EX01', 'EX02']);
    expect(table.rows.find(r => r.updateId === 'exchange-se-rtm-nov26su-exe')?.neededBy).toEqual(['EX01']);
  });

  it('says verified only for what was compared, and gives the downloaded size', () => {
    const table = downloadTable({ scan, packages, missing: [], downloads: session.downloads, demo: false, hasEsu: false });
    const cu15 = table.rows[0]!;
    expect(cu15.status).toBe('verified');
    expect(cu15.statusText).toBe("Verified: SHA-256 matches Microsoft's published hash, signature valid");
    expect(cu15.sizeLabel).toBe('6.2 GB');
    const unsigned = {
      ...session.downloads[0]!,
      manifest: { ...session.downloads[0]!.manifest, expectedSha256: null, signature: { checked: false, status: 'not on Windows', signer: null, chainRoot: null } },
    };
    const weak = downloadTable({ scan, packages, missing: [], downloads: [unsigned], demo: false, hasEsu: false }).rows[0]!;
    expect(weak.status).toBe('unverified');
    expect(weak.statusText).toBe('Downloaded, not verified');
  });

  it('offers "Download all" only for files with a direct source, and never invents a size', () => {
    // The built-in catalog publishes no direct links and no sizes: every file needs the admin.
    const real = downloadTable({ scan, packages, missing: [], downloads: session.downloads, demo: false, hasEsu: false });
    expect(real.pending).toEqual([]);
    expect(real.downloadAllLabel).toBeNull();
    expect(real.rows[1]!.sizeLabel).toBe('Not published');
    expect(real.rows[1]!.status).toBe('needs-address');
    expect(real.rows[3]!.statusText).toBe('ESU customers only');
    expect(real.summary).toBe("The plan needs 4 files; 1 is here. 3 files need you: give the download address from Microsoft's page, or import a copy you already have.");

    const demo = downloadTable({ scan, packages, missing: [], downloads: session.downloads, demo: true, hasEsu: false });
    expect(demo.pending).toEqual(['exchange-se-rtm-iso', 'exchange-se-rtm-nov26su-exe', 'exchange-2016-cu23-oct26su-exe']);
    expect(demo.downloadAllLabel).toBe('Download all 3 files');

    // With published sizes and links, the total is the sum of what is left.
    const linked = packages.map(p => ({ ...p, url: `https://download.microsoft.com/${p.fileName}`, sizeBytes: 2_000_000_000 }));
    expect(downloadTable({ scan, packages: linked, missing: [], downloads: session.downloads, demo: false, hasEsu: false }).downloadAllLabel).toBe('Download all (≈ 6.0 GB)');
  });

  it('shows a running or failed download in its row, and keeps it out of "Download all"', () => {
    const table = downloadTable({
      scan,
      packages,
      missing: ['exchange-9999-cu1-iso'],
      downloads: [],
      demo: true,
      hasEsu: false,
      activity: { 'exchange-2019-cu15-iso': { state: 'running', completed: 450, total: 1000 }, 'exchange-se-rtm-iso': { state: 'failed', message: 'The SHA-256 does not match.' } },
    });
    expect(table.rows[0]!.statusText).toBe('Downloading… 45 %');
    expect(table.rows[1]!.statusText).toBe('Failed: The SHA-256 does not match.');
    expect(table.pending).not.toContain('exchange-2019-cu15-iso');
    expect(table.pending).toContain('exchange-se-rtm-iso');
    expect(table.rows.at(-1)).toMatchObject({ updateId: 'exchange-9999-cu1-iso', status: 'not-in-catalog' });
  });
});

describe('the Stage matrix', () => {
  const session = sampleSession();
  const scan = session.scan!;

  it('has the servers that install a file as rows, their files as columns, and a status per cell', () => {
    const matrix = stageMatrix({ scan, downloads: session.downloads, staging: session.staging });
    expect(matrix.rows.map(r => r.server)).toEqual(['EX01', 'EX02', 'LEGACY16']);
    expect(matrix.columns.map(c => c.updateId)).toEqual(['exchange-2019-cu15-iso', 'exchange-se-rtm-iso', 'exchange-se-rtm-nov26su-exe', 'exchange-2016-cu23-oct26su-exe']);
    const ex01 = matrix.rows[0]!.cells.map(c => c.status);
    expect(ex01).toEqual(['copied', 'not-downloaded', 'not-downloaded', 'not-needed']);
    expect(matrix.rows[1]!.cells[0]).toMatchObject({ status: 'to-copy', text: 'Not copied yet' });
    expect(matrix.rows[2]!.cells[0]).toMatchObject({ status: 'not-needed', text: 'LEGACY16 does not install this file' });
  });

  it('says a copy was checked on the server only when the server hashed it', () => {
    const { checkedBy: _recorded, ...staged } = session.staging[0]!;
    const cell = (checkedBy: 'server' | 'read-back' | undefined) =>
      stageMatrix({ scan, downloads: session.downloads, staging: [{ ...staged, ...(checkedBy ? { checkedBy } : {}) }] }).rows[0]!.cells[0]!;
    expect(cell('server').text).toBe("On the server, checked again there: SHA-256 matches Microsoft's published hash");
    expect(cell('read-back').text).toBe("Copied and read back here (not hashed on the server itself): SHA-256 matches Microsoft's published hash");
    expect(cell(undefined).text).toBe("Copied and read back here (not hashed on the server itself): SHA-256 matches Microsoft's published hash");
  });

  it('makes one hash claim on Download, Stage and Upgrade for a file without a published hash', () => {
    const download = { ...session.downloads[0]!, manifest: { ...session.downloads[0]!.manifest, expectedSha256: null } };
    const claim = 'no published hash; same file as downloaded';
    const row = downloadTable({ scan, packages: catalogPackages(plannedPackageIds(scan)), missing: [], downloads: [download], demo: false, hasEsu: false }).rows[0]!;
    expect(row.statusText).toContain(claim);
    const cell = stageMatrix({ scan, downloads: [download], staging: session.staging }).rows[0]!.cells[0]!;
    expect(cell.text).toContain(claim);
    const step = scan.servers[0]!.plan!.steps.find(st => st.updateId === download.manifest.updateId)!;
    expect(hashItem('EX01', step, null, null, download.manifest.sha256).detail).toContain(claim);
    expect(hashItem('EX01', step, null, null, download.manifest.sha256).detail).not.toContain("Microsoft's published hash");
  });

  it('"Copy all" makes exactly the copies not done yet, to the name discovery knew', () => {
    const matrix = stageMatrix({ scan, downloads: session.downloads, staging: session.staging });
    expect(matrix.copyAll).toEqual([{ server: 'EX02', target: scan.servers.find(s => s.name === 'EX02')!.fqdn ?? 'EX02', updateId: 'exchange-2019-cu15-iso', file: session.downloads[0]!.path }]);
    expect(matrix.summary).toBe('1 of 6 copies done on 3 servers. 4 copies wait for a file that is not downloaded yet.');
    const done = stageMatrix({
      scan,
      downloads: session.downloads,
      staging: session.staging,
      activity: { [stageCellKey('EX02', 'exchange-2019-cu15-iso')]: { state: 'running', completed: 1, total: 4 } },
    });
    expect(done.rows[1]!.cells[0]!.text).toBe('Copying… 25 %');
    expect(done.copyAll).toEqual([]);
  });

  it("keeps the new server's media of a migration off the old servers", () => {
    const migrating = structuredClone(scan);
    migrating.plan!.migrations = [
      {
        id: 'migrate-exchange-2016',
        fromProduct: 'Exchange 2016',
        toProduct: 'Exchange SE',
        oldServers: ['LEGACY16'],
        oldEdgeServers: [],
        newServerCount: 1,
        newServerCountWhy: 'One per old Mailbox server.',
        existingTargetServers: [],
        route: {
          ...(migrating.servers.find(s => s.name === 'LEGACY16')!.plan!.migration ?? {}),
          newServerSteps: [{ ...migrating.servers[0]!.plan!.steps.at(-1)!, updateId: 'exchange-se-rtm-iso-new' }],
          afterRemovalSteps: [],
        } as never,
        notes: [],
      },
    ];
    const matrix = stageMatrix({ scan: migrating, downloads: [], staging: [] });
    expect(matrix.keptHere).toEqual(['exchange-se-rtm-iso-new']);
    expect(matrix.newServer).toEqual({ files: ['exchange-se-rtm-iso-new'], replaces: ['LEGACY16'] });
    expect(matrix.columns.map(c => c.updateId)).not.toContain('exchange-se-rtm-iso-new');
    const table = downloadTable({ scan: migrating, packages: [], missing: ['exchange-se-rtm-iso-new'], downloads: [], demo: false, hasEsu: false });
    expect(table.rows[0]!.neededBy).toEqual(['new Exchange SE server (replaces Exchange 2016)']);
  });
});

describe('a destination typed for a copy', () => {
  it.each([
    ['', 'Give a folder, or choose one with Browse.'],
    ['\\\\ex01\\c$\\updates', /network path/],
    ['//ex01/share', /network path/],
    ['updates\\cu15', 'Give the full path, starting at a drive (C:\\…) or at /.'],
    ['C:\\updates\\what?', 'A Windows folder name cannot contain < > " | ? or *.'],
    ['C:\\up\u0007dates', /control character/],
  ])('refuses %j with a specific message', (text, message) => {
    const problem = destinationProblem(text);
    if (typeof message === 'string') expect(problem).toBe(message);
    else expect(problem).toMatch(message);
  });

  it.each(['C:\\ExchangeUpdates', 'D:/staging', '/mnt/ex01/ExchangeUpdates'])('accepts %j', text => {
    expect(destinationProblem(text)).toBeNull();
  });
});

describe('a re-scan confirming a checklist step', () => {
  it("confirms the step's own build or a later one of the same product version, nothing else", () => {
    expect(buildReached('15.2.1748.10', '15.2.1748.10')).toBe(true);
    expect(buildReached('15.2.1748.39', '15.2.1748.10')).toBe(true);
    expect(buildReached('15.2.1544.4', '15.2.1748.10')).toBe(false);
    expect(buildReached(null, '15.2.1748.10')).toBe(false);
    // A 2016 build never confirms a 2019 step, however high its number.
    expect(buildReached('15.1.9999.0', '15.2.1748.10')).toBe(false);
  });
});

describe('the Stage matrix columns', () => {
  it('are named as people say the update when the catalog entry is known', () => {
    const session = sampleSession();
    const packages = catalogPackages(plannedPackageIds(session.scan!));
    const matrix = stageMatrix({ scan: session.scan!, downloads: session.downloads, staging: session.staging, packages });
    expect(matrix.columns.map(c => c.label)).toEqual(['Exchange 2019 CU15', 'Exchange SE RTM', 'Exchange SE RTM Nov26SU', 'Exchange 2016 CU23 Oct26SU']);
    expect(stageMatrix({ scan: session.scan!, downloads: session.downloads, staging: session.staging }).columns[0]!.label).toBe('ExchangeServer2019-x64-CU15.ISO');
  });
});

describe('Stage: a full disk is said before copying', () => {
  const session = sampleSession();
  const scan = session.scan!;

  it('warns for a server whose C: is smaller than the copies still to make, and only for it', () => {
    const file = session.downloads[0]!;
    const tight = {
      ...scan,
      servers: scan.servers.map(s =>
        s.name === 'EX02' && s.facts ? { ...s, facts: { ...s.facts, disks: s.facts.disks.map(d => (d.drive.startsWith('C') ? { ...d, freeBytes: file.manifest.sizeBytes - 1 } : d)) } } : s,
      ),
    };
    const matrix = stageMatrix({ scan: tight, downloads: session.downloads, staging: session.staging });
    expect(matrix.rows.find(r => r.server === 'EX02')?.cells.some(c => c.status === 'to-copy')).toBe(true);
    const warnings = stageDiskWarnings(matrix, tight);
    expect(warnings.map(w => w.server)).toContain('EX02');
    expect(warnings.find(w => w.server === 'EX02')?.text).toMatch(/^EX02: C: has .* free and the copies need 6\.2 GB/);
    expect(stageDiskWarnings(stageMatrix({ scan, downloads: session.downloads, staging: session.staging }), scan).map(w => w.server)).not.toContain('EX02');
  });
});
