import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extractCapture } from '../../electron/engine/collector/collector';
import { createEngine, type Engine } from '../../electron/engine/engine';
import { toProbedServer } from '../../electron/engine/scan/scan-service';
import { importFile } from '../../electron/engine/transfer/importer';
import { unavailableSignatureVerifier } from '../../electron/engine/transfer/signature';
import { newSession } from '../../electron/engine/session-store';
import { reassessFromFacts } from '../../src-shared/assessment/reassess-from-facts';
import type { DiscoveredServer } from '../../src-shared/domain/discovery';
import { acceptedFqdn, fqdnProblem } from '../../src-shared/domain/host-names';
import { builtInCatalog } from '../../src-shared/knowledge/catalog';
import { stageMatrix } from '../../src-shared/wizard/stage-matrix';
import { stagingHost } from '../../src-shared/wizard/staging-plan';
import { sampleScan } from '../report/fixtures';

/**
 * Data never picks the host files are staged on: the FQDN a collector ZIP, a scan file or the
 * server's own answer gives must be a DNS name whose first part is the server's name, and never
 * replaces the one discovery found for a known server.
 */
describe('fqdnProblem', () => {
  it.each([
    ['ex01.contoso.local', 'EX01'],
    ['EX01.Contoso.Local.', 'ex01'],
    ['ex01.contoso.local', 'ex01.contoso.local'],
  ])('accepts %s for %s', (fqdn, name) => {
    expect(fqdnProblem(fqdn, name)).toBeNull();
    expect(acceptedFqdn(fqdn, name)).toBe(fqdn);
  });

  it.each([
    ['exfil.attacker.test', 'EX01', /first part must be the server's name/],
    ['ex01', 'EX01', /not a full DNS name/],
    ['10.0.0.5', 'EX01', /not a full DNS name/],
    ['ex01.contoso.local;calc', 'EX01', /not a DNS name/],
    ['ex01.con\u202Etoso.local', 'EX01', /not a DNS name/],
    ['ex01..contoso.local', 'EX01', /not a DNS name/],
    ['ex01.contoso.local\\share', 'EX01', /not a DNS name/],
  ])('refuses %s for %s', (fqdn, name, why) => {
    expect(fqdnProblem(fqdn, name)).toMatch(why);
    expect(acceptedFqdn(fqdn, name)).toBeNull();
  });
});

describe('a scan probed from a server or a capture', () => {
  const discovered = (fqdn: string | null, source: DiscoveredServer['source'] = 'active-directory'): DiscoveredServer => ({
    name: 'EX01',
    fqdn,
    versionHint: null,
    roles: ['Mailbox'],
    site: null,
    source,
    notes: [],
  });
  const facts = (name: string, fqdn: string) => {
    const f = structuredClone(sampleScan().servers.find(s => s.name === 'EX01')?.facts);
    if (!f) throw new Error('sample facts missing');
    f.identity.name = name;
    f.identity.fqdn = fqdn;
    return f;
  };
  const outcome = (name: string, fqdn: string) => ({ facts: facts(name, fqdn), error: null, durationMs: 1 });

  it('keeps the FQDN discovery found, whatever the server or a capture says', () => {
    expect(toProbedServer(discovered('ex01.contoso.local'), outcome('EX01', 'exfil.attacker.test')).fqdn).toBe('ex01.contoso.local');
  });

  it("takes the answer only when discovery had none and it is one of the server's names", () => {
    expect(toProbedServer(discovered(null), outcome('EX01', 'exfil.attacker.test')).fqdn).toBeNull();
    expect(toProbedServer(discovered(null), outcome('EX01', 'ex01.contoso.local')).fqdn).toBe('ex01.contoso.local');
  });

  it('never renames a server from its capture', () => {
    const probed = toProbedServer(discovered(null, 'offline-collector'), outcome('EXFIL', 'exfil.attacker.test'));
    expect(probed).toMatchObject({ name: 'EX01', fqdn: null });
  });

  it("a scan file claiming another host for a server stages to the server's own name", () => {
    const scan = sampleScan();
    const ex01 = scan.servers.find(s => s.name === 'EX01');
    if (!ex01) throw new Error('sample EX01 missing');
    ex01.fqdn = 'exfil.attacker.test';
    const again = reassessFromFacts(scan, builtInCatalog());
    expect(again.servers.find(s => s.name === 'EX01')?.fqdn).toBeNull();
    const row = stageMatrix({ scan: again, downloads: [], staging: [] }).rows.find(r => r.server === 'EX01');
    expect(row?.target).toBe('EX01');
  });
});

describe('importing a collector ZIP', () => {
  let dir: string;
  let engine: Engine | undefined;
  const manifest = (fqdn: string | null) => ({ kind: 'exwiz-collector-capture', version: 1, serverName: 'EX01', fqdn, roles: ['Mailbox'], collectedAt: '2026-11-26T00:00:00Z', problems: [] });
  const zip = (name: string, fqdn: string | null) => {
    const file = path.join(dir, name);
    writeFileSync(file, zipSync({ 'collector.json': strToU8(JSON.stringify(manifest(fqdn))) }));
    return file;
  };
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'exwiz-staging-target-'));
  });
  afterEach(async () => {
    await engine?.dispose();
    engine = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a capture for EX01 that claims another host, before anything is unpacked', async () => {
    await expect(extractCapture(zip('exfil.zip', 'exfil.attacker.test'), path.join(dir, 'captures'))).rejects.toMatchObject({
      code: 'invalid-input',
      message: expect.stringMatching(/not EX01's .*staged on another host/),
    });
    await expect(extractCapture(zip('ip.zip', '10.0.0.5'), path.join(dir, 'captures'))).rejects.toMatchObject({ code: 'invalid-input' });
  });

  it('refuses a capture that gives a known server another DNS name than discovery found', async () => {
    const home = path.join(dir, 'home');
    mkdirSync(home, { recursive: true });
    const session = { ...newSession(), discovered: [{ name: 'EX01', fqdn: 'ex01.contoso.local', versionHint: null, roles: ['Mailbox'], site: null, source: 'active-directory', notes: [] }] };
    writeFileSync(path.join(home, 'session.json'), JSON.stringify(session));
    engine = createEngine({ mode: 'cli', version: '1', dataDirectory: home, ports: { openExternal: async () => undefined } });
    const file = path.join(home, 'other.zip');
    writeFileSync(file, zipSync({ 'collector.json': strToU8(JSON.stringify(manifest('ex01.fabrikam.example'))) }));
    const refused = await engine.dispatch('importCollectorCapture', { jobId: 'i1', path: file });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', message: expect.stringMatching(/found EX01 as ex01\.contoso\.local/), fix: expect.stringContaining('Run the collector on EX01') },
    });
  });
});

describe('the stage handler', () => {
  const scan = () => {
    const s = sampleScan();
    const ex01 = s.servers.find(x => x.name === 'EX01');
    if (ex01) ex01.fqdn = 'ex01.contoso.local';
    return s;
  };

  it('stages a scanned server on the FQDN the scan found, whichever of its names the request gives', () => {
    expect(stagingHost({ scan: scan() }, 'EX01')).toBe('ex01.contoso.local');
    expect(stagingHost({ scan: scan() }, 'EX01.CONTOSO.LOCAL')).toBe('ex01.contoso.local');
    expect(stagingHost({ scan: scan() }, 'NEWBOX')).toBe('NEWBOX');
  });

  it("refuses another host that only shares the server's first label", () => {
    expect(() => stagingHost({ scan: scan() }, 'ex01.attacker.test')).toThrow(
      expect.objectContaining({ code: 'invalid-input', message: expect.stringMatching(/not where EX01 was found \(ex01\.contoso\.local\)/) }),
    );
  });
});

describe('stageUpdate', () => {
  let home: string;
  let engine: Engine | undefined;
  beforeEach(() => {
    home = mkdtempSync(path.join(tmpdir(), 'exwiz-stage-host-'));
  });
  afterEach(async () => {
    await engine?.dispose();
    engine = undefined;
    rmSync(home, { recursive: true, force: true });
  });

  it('never copies a file meant for EX01 to another host that shares its first label', async () => {
    const scan = sampleScan();
    const ex01 = scan.servers.find(s => s.name === 'EX01');
    if (ex01) ex01.fqdn = 'ex01.contoso.local';
    writeFileSync(path.join(home, 'session.json'), JSON.stringify({ ...newSession(), scan }));
    const source = path.join(home, 'brought.exe');
    writeFileSync(source, 'an update file');
    const { path: file } = await importFile(
      {
        source,
        directory: home,
        fileName: 'Exchange2019-KB5066367-x64-en.exe',
        updateId: 'exchange-2019-cu15-oct25su-exe',
        expectedSha256: createHash('sha256').update('an update file').digest('hex'),
        expectedSizeBytes: 14,
      },
      { verifier: unavailableSignatureVerifier('linux') },
    );
    engine = createEngine({ mode: 'cli', version: '1', dataDirectory: home, ports: { openExternal: async () => undefined } });
    const refused = await engine.dispatch('stageUpdate', { jobId: 's1', file, server: 'ex01.attacker.test' });
    expect(refused, JSON.stringify(refused)).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringMatching(/not where EX01 was found/) } });
    expect(existsSync(path.join(home, 'demo-servers', 'ex01.attacker.test'))).toBe(false);
  });
});
