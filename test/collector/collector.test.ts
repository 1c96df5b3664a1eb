import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { builtInCatalog, certificateLogSymptoms } from '../../src-shared/knowledge';
import type { ServerFacts } from '../../src-shared/domain/facts';
import { COLLECTOR_RUN } from '../../src-shared/wizard/collector-run';
import { powershellScriptsDirectory } from '../../electron/engine/paths';
import { PowerShellHost } from '../../electron/engine/powershell/host';
import { exportCollector, extractCapture, safeEntryPath } from '../../electron/engine/collector/collector';
import { prepareDemoLab } from '../../electron/engine/demo/demo-lab';
import { demoScan, seedDemoLab } from '../helpers/demo-scan';
import { ScanReport } from '../../src-shared/assessment/scan-report';
import { useRealPwshHost } from '../helpers/pwsh';
import { THIRD_CERTIFICATE_RULE } from '../helpers/third-certificate-rule';
import type { LabConfiguration } from '../../electron/engine/lab/lab-configuration';
import { E19, probeLab } from '../probes/helpers';

/** Facts without what differs between two runs (times, how they were collected). */
function stable(facts: ServerFacts): unknown {
  const copy = structuredClone(facts) as ServerFacts;
  copy.collectedAt = '';
  copy.collectionMethod = '';
  if (copy.eems.ocsTest) copy.eems.ocsTest.testedAt = '';
  // A read neither the captures nor the collector hold fails the same way, naming the lab folder it was asked in.
  copy.sectionErrors = copy.sectionErrors.map(e => ({ ...e, message: e.message.replace(/ in '[^']+'\.$/, '.') }));
  return copy;
}

describe('offline collector (exported script run in pwsh against the fake module)', () => {
  const pwsh = useRealPwshHost('exwiz-collector-');
  let host: PowerShellHost;
  let scratch: string;
  let collector: string;
  let demo: string;
  beforeAll(async () => {
    ({ host, scratch } = pwsh);
    collector = await exportCollector(path.join(scratch, 'export'), certificateLogSymptoms(builtInCatalog().certificateRules));
    seedDemoLab(path.join(scratch, 'data'));
    demo = await prepareDemoLab(host, path.join(scratch, 'data'));
  });

  it('is written as one standalone file Windows PowerShell 5.1 reads correctly (UTF-8 BOM, CRLF)', () => {
    const bytes = readFileSync(collector);
    expect([bytes[0], bytes[1], bytes[2]]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text).toContain('\r\n');
    expect(text).not.toMatch(/[^\r]\n/);
    expect(text).not.toContain('#@@EXWIZ-FUNCTIONS@@');
    expect(text).toContain('function Read-ExwizRegistry');
    expect(text).not.toContain('#@@EXWIZ-SECTIONS@@');
    expect(text).toContain("$ExwizSectionTableText = @'");
    expect(text).toContain('function Test-ExwizOcsConnection');
  });

  async function collect(lab: string, serverName: string, outputDirectory = path.join(scratch, 'out'), fromDrive = false, script = collector, configuration?: LabConfiguration): Promise<string> {
    const { value } = await host.run(
      path.join(__dirname, 'fixtures', 'run-collector.ps1'),
      {
        ModulePath: path.join(powershellScriptsDirectory(), 'lab', 'ExwizLab.psm1'),
        LabDirectory: lab,
        CollectorPath: script,
        OutputDirectory: outputDirectory,
        ServerName: serverName,
        FromDrive: fromDrive,
        ...(configuration ? { LabConfiguration: configuration } : {}),
      },
      { schema: z.string() },
    );
    return value;
  }

  const servers: Array<[string, string, string[]]> = [
    ['EX01', 'EX01', ['Mailbox']],
    ['EXSE02', 'EXSE02', ['Mailbox']],
    ['EDGE01', 'EDGE01', ['Edge']],
  ];
  for (const [folder, name, roles] of servers) {
    it(`captures demo server ${name} so that scanning the capture gives the same facts`, async () => {
      const zip = await collect(path.join(demo, folder), name);
      expect(existsSync(zip)).toBe(true);
      const capture = await extractCapture(zip, path.join(scratch, 'captures'));
      expect(capture.manifest).toMatchObject({ kind: 'exwiz-collector-capture', serverName: name, roles, problems: [] });
      // The run's demo scan probed this same lab (seeded from it): its facts are the direct probe's.
      const direct = ScanReport.parse(JSON.parse(demoScan().report ?? 'null')).servers.find(s => s.name === name)?.facts;
      expect(direct, name).toBeTruthy();
      const replayed = await probeLab(host, { lab: capture.directory, server: name, roles });
      expect(stable(replayed)).toEqual(stable(direct as ServerFacts));
    });
  }

  it('writes into the folder it runs from when that is a share or a PowerShell drive (the provider path)', async () => {
    const share = path.join(scratch, 'share');
    const zip = await collect(path.join(demo, 'EX01'), 'EX01', share, true);
    expect(path.dirname(zip)).toBe(share);
    expect(existsSync(zip)).toBe(true);
  });

  it('says in its header how to run it: unblock the file, bypass the policy for this run', () => {
    // The same commands the wizard shows beside its Save button.
    const text = readFileSync(collector, 'utf8');
    for (const command of COLLECTOR_RUN.commands) expect(text).toContain(command);
  });

  it("keeps the EEMS log lines naming a symptom of the catalog it was exported with (a third rule's too)", async () => {
    const log = [
      'FetchMitigation,S:LogLevel=Warning;S:Message=Connection attempted against untrusted endpoint',
      'FetchMitigation,S:LogLevel=Warning;S:Message=zebra signature rejected',
      'FetchMitigation,S:LogLevel=Information;S:Message=Next check in 01:00:00',
    ];
    const catalog = structuredClone(builtInCatalog());
    catalog.certificateRules.push(structuredClone(THIRD_CERTIFICATE_RULE));
    const symptoms = certificateLogSymptoms(catalog.certificateRules);
    const lines = async (script: string) => {
      const zip = await collect(E19, 'SOLO-E19A', path.join(scratch, 'out-symptoms'), false, script, { eemsLog: log });
      const capture = await extractCapture(zip, path.join(scratch, 'captures'));
      return (await probeLab(host, { lab: capture.directory, symptoms })).eems.certificateLogLines?.map(l => l.line);
    };
    expect(await lines(await exportCollector(path.join(scratch, 'export-third'), symptoms))).toEqual([log[1], log[0]]);
    expect(await lines(collector)).toEqual([log[0]]);
  });

  it('captures the real E19 server (Health Checker captures) the same way', async () => {
    const zip = await collect(E19, 'SOLO-E19A');
    const capture = await extractCapture(zip, path.join(scratch, 'captures'));
    const direct = await probeLab(host);
    const replayed = await probeLab(host, { lab: capture.directory });
    expect(stable(replayed)).toEqual(stable(direct));
    expect(replayed.exchange.exSetupVersion).toBe('15.02.0986.005');
  });
});

describe('importing a capture ZIP', () => {
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(path.join(tmpdir(), 'exwiz-capture-'));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  const manifest = { kind: 'exwiz-collector-capture', version: 1, serverName: 'EX09', fqdn: null, roles: ['Mailbox'], collectedAt: '2026-11-26T00:00:00Z', problems: [] };
  const write = (name: string, files: Record<string, string>) => {
    const file = path.join(scratch, name);
    writeFileSync(file, zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)]))));
    return file;
  };

  it('accepts Windows PowerShell 5.1 style backslash entries inside a top folder', async () => {
    const zip = write('ok.zip', { 'ExwizCapture-EX09\\collector.json': JSON.stringify(manifest), 'ExwizCapture-EX09\\Exchange\\ExSetup.xml': '<Objs/>' });
    const capture = await extractCapture(zip, path.join(scratch, 'captures'));
    expect(capture.directory).toBe(path.join(scratch, 'captures', 'EX09'));
    expect(existsSync(path.join(capture.directory, 'Exchange', 'ExSetup.xml'))).toBe(true);
  });

  it('refuses entries that leave the folder, archives without a manifest and files that are not ZIPs', async () => {
    expect(safeEntryPath('../x')).toBeNull();
    expect(safeEntryPath('C:\\Windows\\x')).toBeNull();
    expect(safeEntryPath('/etc/passwd')).toBeNull();
    expect(safeEntryPath('a\\b/./c')).toBe('a/b/c');
    await expect(extractCapture(write('evil.zip', { 'collector.json': JSON.stringify(manifest), '../evil.txt': 'x' }), scratch)).rejects.toMatchObject({
      code: 'invalid-input',
      message: expect.stringMatching(/outside its folder/),
    });
    await expect(extractCapture(write('none.zip', { 'a.txt': 'x' }), scratch)).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringMatching(/no collector\.json/) });
    const notZip = path.join(scratch, 'not.zip');
    writeFileSync(notZip, 'hello');
    await expect(extractCapture(notZip, scratch)).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(extractCapture(path.join(scratch, 'missing.zip'), scratch)).rejects.toMatchObject({ code: 'not-found' });
    await expect(extractCapture(write('bad-manifest.zip', { 'collector.json': '{"kind":"other"}' }), scratch)).rejects.toMatchObject({ code: 'invalid-input' });
    expect(existsSync(path.join(scratch, '..', 'evil.txt'))).toBe(false);
  });
});
