import { describe, expect, it } from 'vitest';
import { builtInCatalog } from '../../src-shared/knowledge/catalog';
import { planOrganisation } from '../../src-shared/knowledge/organisation-planner';
import type { PlanInput } from '../../src-shared/knowledge/types';
import type { ChecklistItem } from '../../src-shared/wizard/checklist-item';
import { organisationChecklist } from '../../src-shared/wizard/organisation-checklist';
import { simulateRunbook } from '../../src-shared/wizard/plan-simulator';
import { planInput } from '../helpers/plan-input';
import type { ObservedHybrid } from '../../src-shared/knowledge/organisation-facts';

const catalog = builtInCatalog();
const today = catalog.asOf;

/** The organisation runbook of real plans, with each server's product and DAG as the scan gives them. */
function runbook(inputs: PlanInput[], hybrid?: ObservedHybrid) {
  const plan = planOrganisation(inputs, { hasEsu: false, catalog, today });
  const servers = plan.servers.map(p => {
    const input = inputs.find(i => i.serverName === p.serverName) as PlanInput;
    const product = p.currentBuild?.startsWith('15.1.')
      ? 'Exchange 2016'
      : p.currentBuild?.startsWith('15.0.')
        ? 'Exchange 2013'
        : p.currentBuild && p.currentBuild >= '15.2.2562'
          ? 'Exchange SE'
          : 'Exchange 2019';
    return { server: { name: p.serverName, fqdn: null, product, isEdge: input.isEdge === true, dagName: input.dagName, redirectTarget: null }, plan: p };
  });
  const sections = organisationChecklist(plan, servers, { catalog, ...(hybrid ? { hybrid } : {}) });
  const project = sections.find(s => s.kind === 'migration');
  const item = (id: string): ChecklistItem => {
    const found = project?.items.find(i => i.id === id);
    if (!found) throw new Error(`no item ${id} in ${project?.items.map(i => i.id).join(', ')}`);
    return found;
  };
  const ids = project?.items.map(i => i.id) ?? [];
  const simulated = simulateRunbook(inputs, sections, { catalog, today, hasEsu: false });
  return { sections, project, item, ids, simulated };
}

const dag2016 = [
  planInput('15.1.2507.61', { serverName: 'EX16A', osBuildNumber: 14393, dagName: 'DAG16' }),
  planInput('15.1.2507.61', { serverName: 'EX16B', osBuildNumber: 14393, dagName: 'DAG16' }),
];
const single2016 = [planInput('15.1.2507.61', { serverName: 'EX16', osBuildNumber: 14393 })];

describe('migration runbook: databases on a data volume the admin names (issue 25.3)', () => {
  it('never moves mailboxes into "the first database": target databases on $DataVolume, sized from the old ones, moved in batches, log truncation explicit', () => {
    const { item, ids, simulated } = runbook(single2016);
    const all = ids.map(id => item(id).commands.join('\n')).join('\n');
    expect(all).not.toMatch(/Select-Object -First 1/);
    expect(all).not.toMatch(/\$TargetDatabase\b(?!s)/);
    const create = item('target-databases').commands.join('\n');
    expect(create).toMatch(/\$DataVolume = Read-Host/);
    expect(create).toMatch(/New-MailboxDatabase -Name \$Name -Server \$NewServer -EdbFilePath \(Join-Path \$DataVolume/);
    expect(create).toMatch(/-LogFolderPath \(Join-Path \$DataVolume/);
    expect(create).toMatch(/\[string\]\$_\.DatabaseSize[\s\S]*\* 2\.2/);
    expect(create).toMatch(/CircularLoggingEnabled \$true/);
    expect(item('target-databases').confirms).toMatch(/CircularLoggingEnabled is True[\s\S]*or a full backup/);
    const moves = item('move-mailboxes').commands.join('\n');
    expect(moves).toMatch(/\$BatchSize = \d+/);
    expect(moves).toMatch(/Select-Object -First \$BatchSize/);
    expect(moves).toMatch(/\$TargetDatabases\[\$Number % \$TargetDatabases\.Count\]/);
    expect(ids.indexOf('target-databases')).toBeLessThan(ids.indexOf('move-arbitration'));
    expect(simulated.problems).toEqual([]);
  });
});

describe('migration runbook: DAGs (issue 25.5)', () => {
  it('builds a new DAG with a witness and copies before the moves, and removes copies, databases, members, then the DAG before uninstalling', () => {
    const { item, ids, project, simulated } = runbook(dag2016);
    const build = item('new-dag').commands.join('\n');
    expect(build).toMatch(/New-DatabaseAvailabilityGroup -Name \$NewDag -WitnessServer \$Witness/);
    expect(build).toMatch(/Add-DatabaseAvailabilityGroupServer/);
    expect(build).toMatch(/Add-MailboxDatabaseCopy/);
    expect(ids.indexOf('new-dag')).toBeLessThan(ids.indexOf('move-mailboxes'));
    const remove = item('decommission').commands.join('\n');
    const order = ['Remove-MailboxDatabaseCopy', 'Remove-MailboxDatabase ', 'Remove-DatabaseAvailabilityGroupServer', 'Remove-DatabaseAvailabilityGroup '].map(c => remove.indexOf(c));
    expect(order.every(i => i > -1)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(remove).toContain("@('DAG16')");
    for (const name of ['EX16A', 'EX16B']) {
      const uninstall = item(`uninstall-${name}`);
      expect(ids.indexOf(`uninstall-${name}`)).toBeGreaterThan(ids.indexOf('decommission'));
      expect(uninstall.runsOn).toEqual({ kind: 'server', server: name, elevated: true });
      expect(uninstall.commands.join('\n')).toMatch(/\/Mode:Uninstall/);
    }
    expect(item('new-server').detail).toMatch(/keeps the resilience of DAG16 once the new DAG \(witness, a copy of every database on each new server\) is built/);
    expect(project?.items.some(i => i.commands.some(c => /Setup\.exe \/Mode:Uninstall/.test(c)) && i.runsOn?.kind !== 'server')).toBe(false);
    expect(simulated.problems).toEqual([]);
  });

  it('the planner says "resilience" only for old DAG members it builds a new DAG for, so nothing downstream edits its words', () => {
    const inDag = planOrganisation(dag2016, { hasEsu: false, catalog, today }).migrations?.[0];
    expect(inDag?.newServerCountWhy).toMatch(/keeps the resilience of DAG16 once the new DAG/);
    const standalone = planOrganisation([planInput('15.1.2507.61', { serverName: 'EX16A', osBuildNumber: 14393 }), planInput('15.1.2507.61', { serverName: 'EX16B', osBuildNumber: 14393 })], {
      hasEsu: false,
      catalog,
      today,
    }).migrations?.[0];
    expect(standalone?.newServerCount).toBe(2);
    expect(standalone?.newServerCountWhy).not.toMatch(/resilience/);
    // One new server for a DAG member builds no DAG: no resilience claimed either.
    const oneOfDag = planOrganisation([planInput('15.1.2507.61', { serverName: 'EX16A', osBuildNumber: 14393, dagName: 'DAG16' })], { hasEsu: false, catalog, today }).migrations?.[0];
    expect(oneOfDag?.newServerCountWhy).not.toMatch(/resilience/);
  });

  it('claims no resilience it does not build: standalone old servers get no DAG and no "same resilience"', () => {
    const { ids, item } = runbook([planInput('15.1.2507.61', { serverName: 'EX16A', osBuildNumber: 14393 }), planInput('15.1.2507.61', { serverName: 'EX16B', osBuildNumber: 14393 })]);
    expect(ids).not.toContain('new-dag');
    expect(item('new-server').detail).not.toMatch(/resilience/);
    expect(item('decommission').commands.join('\n')).not.toMatch(/DatabaseAvailabilityGroup/);
  });
});

describe('migration runbook: the new server in an order that installs (issue 25.7)', () => {
  it('prerequisites Windows features (IIS) → .NET → VC++ → Media Foundation → UCMA → URL Rewrite, Setup with /InstallWindowsComponents, then Autodiscover and the product key', () => {
    const { item, ids, simulated } = runbook(single2016);
    const prereq = item('new-server-prerequisites').commands.join('\n');
    // The URL Rewrite installer refuses to run without IIS: the Windows features cannot all wait for Setup.
    const order = [
      'Install-WindowsFeature Web-Server',
      '# 2. .NET',
      '# 3. Visual C++ 2012',
      '# 4. Visual C++ 2013',
      'Install-WindowsFeature Server-Media-Foundation',
      '# 6. UCMA',
      '# 7. URL Rewrite',
    ].map(m => prereq.indexOf(m));
    expect(order.every(i => i > -1)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const setup = ids.find(id => item(id).effect?.type === 'setup')!;
    expect(item(setup).commands.join('\n')).toMatch(/\/Mode:Install .*\/InstallWindowsComponents/);
    expect(ids.indexOf('new-server-prerequisites')).toBeLessThan(ids.indexOf(setup));
    const after = ids.indexOf('after-setup');
    expect(after).toBeGreaterThan(ids.indexOf(setup));
    // Right after Setup: not after the SU install and its reboot, hours in which Outlook meets the new server's certificate.
    expect(ids.slice(ids.indexOf(setup) + 1, after)).toEqual(['variables']);
    expect(after).toBeLessThan(ids.findIndex(id => item(id).effect?.type === 'su'));
    expect(after).toBeLessThan(ids.indexOf('certificate'));
    const commands = item('after-setup').commands.join('\n');
    expect(commands).toMatch(/Set-ClientAccessService -Identity \$NewServer -AutoDiscoverServiceInternalUri/);
    expect(commands).toMatch(/Set-ExchangeServer -Identity \$NewServer -ProductKey/);
    expect(item('after-setup').detail).toMatch(/180-day trial[\s\S]*Exchange 2019 product keys/);
    expect(simulated.problems).toEqual([]);
  });
});

describe('migration runbook: use what is there, hybrid, interim protection (issue 25.8, 25.9, 25.10)', () => {
  it('names the servers that can take the mailboxes before a new one is bought: on the target now, or after their own update', () => {
    const { item, simulated } = runbook([
      ...single2016,
      planInput('15.2.2562.57', { serverName: 'EXSE1', osBuildNumber: 20348 }),
      planInput('15.2.1748.10', { serverName: 'EX19', osBuildNumber: 20348 }),
    ]);
    expect(item('new-server').detail).toMatch(/Before you buy one: EXSE1 \(on Exchange SE now\) and EX19 \(on Exchange SE after its own update\) can take these mailboxes/);
    expect(simulated.problems).toEqual([]);
  });

  it('hybrid not read: the commands that tell, and why the scan could not say', () => {
    const { item, ids } = runbook(single2016, { hybrid: null, evidence: [], tlsCertificateName: null, transportServers: [], unknownWhy: "EX16: The term 'Get-HybridConfiguration' is not recognized" });
    const hybrid = item('hybrid');
    expect(hybrid.commands[0]).toMatch(/^Get-HybridConfiguration/);
    expect(hybrid.commands.join('\n')).toMatch(/mail\.protection\.outlook\.com/);
    expect(hybrid.detail).toMatch(/^The scan could not read whether the organisation is hybrid \(EX16: The term 'Get-HybridConfiguration' is not recognized\)/);
    expect(hybrid.detail).toMatch(/TlsCertificateName[\s\S]*Hybrid Configuration Wizard from the new server/);
    expect(hybrid.detail).toMatch(/TlsSenderCertificateName\) cannot be read from on-premises/);
    expect(ids.indexOf('hybrid')).toBeLessThan(ids.indexOf('decommission'));
  });

  it('hybrid read: the item shows the evidence and the certificate Exchange Online expects; not hybrid: no item', () => {
    // What the probe read from Health Checker's E19 captures (test/knowledge/organisation-facts.test.ts).
    const observed: ObservedHybrid = {
      hybrid: true,
      evidence: [
        'Get-HybridConfiguration: domains contoso.com, sending ex-02, receiving ex-02',
        'send connector "Mail to O365" to microsoft-com.mail.protection.outlook.com (CloudServicesMailEnabled), from WIN-CTD3L0RGEN4',
      ],
      tlsCertificateName: '<I>CN=GeoTrust TLS RSA CA G1, OU=www.digicert.com, O=DigiCert Inc, C=US<S>CN=mail.contoso.com',
      transportServers: ['ex-02', 'WIN-CTD3L0RGEN4'],
      unknownWhy: null,
    };
    const hybrid = runbook(single2016, observed).item('hybrid');
    expect(hybrid.title).toBe('Run the Hybrid Configuration Wizard again from the new server');
    expect(hybrid.detail).toMatch(/^The scan found the organisation hybrid with Exchange Online: Get-HybridConfiguration: domains contoso\.com[\s\S]*"Mail to O365"/);
    expect(hybrid.detail).toMatch(/import the certificate Exchange Online expects for mail \(CN=mail\.contoso\.com issued by CN=GeoTrust TLS RSA CA G1/);
    expect(hybrid.commands.join('\n')).not.toMatch(/Where-Object \{ \$_\.CloudServicesMailEnabled/);
    const not = runbook(single2016, { hybrid: false, evidence: [], tlsCertificateName: null, transportServers: [], unknownWhy: null });
    expect(not.ids).not.toContain('hybrid');
    expect(not.simulated.problems).toEqual([]);
  });

  it('protects the old servers left cut off for the weeks of the migration, first', () => {
    const { item, ids } = runbook(dag2016);
    expect(ids[0]).toBe('interim-protection');
    const protect = item('interim-protection');
    expect(protect.commands[0]).toBe("Get-ExchangeServer -Identity 'EX16A', 'EX16B' | Format-List Name, MitigationsEnabled, MitigationsApplied, MitigationsBlocked");
    expect(protect.detail).toMatch(/Get-Mitigations\.ps1[\s\S]*by hand[\s\S]*\/ecp and \/powershell only from the internal network/);
  });
});
