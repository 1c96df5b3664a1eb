import { psQuote } from '../../../domain/powershell-quote';
import { dnsDomainOf, readContext, settingValue } from '../context';
import { rerunAfterChecksStep, rerunStep } from '../recovery';
import { evidenceAt, lastEvaluation, lastInRun, type RunFacts } from '../run-facts';
import type { SetupLogCause, SetupLogEvidence } from '../types';
import type { SetupLogRule } from './rule';

/**
 * Setup's readiness checks. Each logs `Evaluated [Rule:<Name>] … [Value:"True"]` when the rule
 * fires (a problem) and `Failed [Rule:<Name>]` with its message when it stops Setup. A rule in
 * this table is one such check: the name, and what to tell the admin.
 */
interface ReadinessRule {
  id: string;
  /** The readiness rules that mean this cause (any of them evaluated True). */
  rules: readonly string[];
  title: string;
  fix(facts: RunFacts): string[];
}

const RESTART =
  "Restart the server (Restart-Computer on that server itself), and check that no restart is pending any more: Test-Path 'HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing\\RebootPending' and the PendingFileRenameOperations value under 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Session Manager' must be gone.";

/** The readiness rules that are one cause each: a rule name (or two) evaluated True, and its fix. */
export const READINESS_RULES: readonly ReadinessRule[] = [
  {
    id: 'pending-restart',
    rules: ['PendingRebootWindowsComponents', 'RebootPending'],
    title: 'A restart (reboot) of the server is pending',
    fix: facts => [RESTART, rerunAfterChecksStep(facts)],
  },
  {
    id: 'powershell-sessions-open',
    rules: ['ProcessNeedsToBeClosedOnUpgrade'],
    title: 'Other programs (PowerShell or Exchange Management Shell windows) are holding Exchange files open',
    fix: facts => [
      'Close every Exchange Management Shell and PowerShell window and the Exchange Toolbox on the server (and sessions other admins left open: query user, then log them off).',
      rerunAfterChecksStep(facts),
    ],
  },
  {
    id: 'remote-registry-unreachable',
    rules: ['RemoteRegException'],
    title: 'Setup could not open the registry of this server over the Remote Registry service',
    fix: facts => [
      "Start the Remote Registry service and let it start on demand: Set-Service -Name 'RemoteRegistry' -StartupType Automatic; Start-Service -Name 'RemoteRegistry'.",
      'Check that the server resolves its own fully qualified name ([System.Net.Dns]::GetHostEntry([System.Net.Dns]::GetHostName()).HostName) and that no firewall rule or GPO blocks remote registry access to itself.',
      rerunAfterChecksStep(facts),
    ],
  },
  {
    id: 'msdtc-stopped',
    rules: ['MSDTCStopped'],
    title: 'The Distributed Transaction Coordinator (MSDTC) service is stopped',
    fix: facts => ["Start it and keep it automatic: Set-Service -Name 'MSDTC' -StartupType Automatic; Start-Service -Name 'MSDTC'.", rerunAfterChecksStep(facts)],
  },
  {
    id: 'url-rewrite-missing',
    rules: ['IisUrlRewriteNotInstalled'],
    title: 'The IIS URL Rewrite module is not installed',
    fix: facts => ['Install IIS URL Rewrite 2.1 (rewrite_amd64_en-US.msi from Microsoft) on the server.', rerunAfterChecksStep(facts)],
  },
  {
    id: 'schema-update-required',
    rules: ['SchemaUpdateRequired'],
    title: 'The Active Directory schema must be updated, and this account may not do it',
    fix: facts => [
      'Log on with an account that is a member of Schema Admins and Enterprise Admins (log off and on again after adding it: group membership is read at logon).',
      `On a computer in the schema master's domain and AD site, run from the Setup media: .\\Setup.exe /PrepareSchema /IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF, then /PrepareAD, and wait for replication.`,
      rerunAfterChecksStep(facts),
    ],
  },
  {
    id: 'organization-update-required',
    rules: ['GlobalUpdateRequired'],
    title: 'The Exchange organization in Active Directory must be prepared (/PrepareAD), and this account may not do it',
    fix: facts => [
      'Log on with an account that is a member of Enterprise Admins (and Schema Admins if the schema is updated too), then log off and on again.',
      'Run from the Setup media: .\\Setup.exe /PrepareAD /IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF, and wait for replication.',
      rerunAfterChecksStep(facts),
    ],
  },
  {
    id: 'not-in-schema-master-domain',
    rules: ['NotInSchemaMasterDomain'],
    title: "Setup must update the schema, but this computer is not in the schema master's domain",
    fix: facts => schemaMasterFix(facts),
  },
  {
    id: 'not-in-schema-master-site',
    rules: ['NotInSchemaMasterSite'],
    title: "Setup must update the schema, but this computer is not in the schema master's AD site",
    fix: facts => schemaMasterFix(facts),
  },
];

function schemaMasterFix(facts: RunFacts): string[] {
  const { schemaMaster } = readContext(facts);
  const where = schemaMaster ? ` (the schema master is ${schemaMaster})` : '';
  return [
    `Run /PrepareSchema and /PrepareAD from a computer in the schema master's domain and AD site${where}: .\\Setup.exe /PrepareSchema /IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF, then .\\Setup.exe /PrepareAD /IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF, as a member of Schema Admins and Enterprise Admins.`,
    'Wait for Active Directory replication to reach this site.',
    rerunAfterChecksStep(facts),
  ];
}

/** Evidence for rules that evaluated True: each one's last evaluation, and its `Failed [Rule:…]` line. */
function firedEvidence(facts: RunFacts, rules: readonly string[]): SetupLogEvidence[] {
  const indexes: number[] = [];
  for (const rule of rules) {
    const evaluation = lastEvaluation(facts, 'Rule', rule);
    if (evaluation?.value !== 'True') continue;
    indexes.push(evaluation.index);
    const failed = facts.failedRules.get(rule);
    if (failed !== undefined) indexes.push(failed);
  }
  return [...new Set(indexes)].sort((a, b) => a - b).map(i => evidenceAt(facts, i));
}

/** The causes of the readiness-rule table that the run shows. */
export function readinessRuleCauses(facts: RunFacts): SetupLogCause[] {
  const causes: SetupLogCause[] = [];
  for (const rule of READINESS_RULES) {
    const evidence = firedEvidence(facts, rule.rules);
    if (evidence.length > 0) causes.push({ id: rule.id, title: rule.title, fix: rule.fix(facts), evidence });
  }
  return causes;
}

/** `[ERROR] Setup encountered a problem while validating the state of Active Directory: …` */
export const adValidation: SetupLogRule = facts => {
  const hit = lastInRun(
    facts,
    /\[ERROR\] Setup encountered a problem while validating the state of Active Directory: (.*) See the Exchange setup log for more information on this error\./,
    'validating the state of Active Directory',
  );
  if (!hit) return null;
  return {
    id: 'ad-validation-failed',
    title: 'Setup could not read the state of Active Directory',
    evidence: [evidenceAt(facts, hit.index)],
    fix: [
      'Read the inner error on the evidence line: it names what could not be read (a domain controller, a permission, a deleted object).',
      'Check that a writable domain controller in this AD site answers (nltest /dsgetdc:<domain> /writable) and that replication is healthy (repadmin /replsummary).',
      rerunAfterChecksStep(facts),
    ],
  };
};

/** `DomainControllerIsOutOfSite`: the domain controller Setup picked is in another AD site. */
export const domainControllerOutOfSite: SetupLogRule = facts => {
  const evaluation = lastEvaluation(facts, 'Rule', 'DomainControllerIsOutOfSite');
  if (evaluation?.value !== 'True') return null;
  const dc = settingValue(facts, 'DomainController');
  const dcSite = settingValue(facts, 'DomainControllerSiteName');
  const site = settingValue(facts, 'SiteName');
  const evidence = firedEvidence(facts, ['DomainControllerIsOutOfSite']);
  for (const name of ['DomainController', 'DomainControllerSiteName']) {
    const setting = lastEvaluation(facts, 'Setting', name);
    if (setting) evidence.push(evidenceAt(facts, setting.index));
  }
  evidence.sort((a, b) => a.line - b.line);
  return {
    id: 'dc-out-of-site',
    title: `Setup used a domain controller outside this server's AD site${dc ? ` (${dc}${dcSite ? ` in ${dcSite}` : ''})` : ''}`,
    evidence,
    fix: [
      `Make a domain controller in this server's AD site${site ? ` (${site})` : ''} available, or correct the subnet-to-site mapping in Active Directory Sites and Services so the server's subnet belongs to the site its domain controllers are in.`,
      dc
        ? `Or name an in-site domain controller for Setup: add /DomainController:<name of a DC in the site> to the command (not ${psQuote(dc)}).`
        : 'Or name an in-site domain controller for Setup with /DomainController:<name>.',
      rerunAfterChecksStep(facts),
    ],
  };
};

/** `LocalDomainIsPrepped` False with `DomainPrepRequired` True: /PrepareDomain has not reached this domain. */
export const domainNotPrepared: SetupLogRule = facts => {
  const prepped = lastEvaluation(facts, 'Setting', 'LocalDomainIsPrepped');
  const required = lastEvaluation(facts, 'Rule', 'DomainPrepRequired');
  if (prepped?.value !== 'False' || required?.value !== 'True') return null;
  return {
    id: 'domain-not-prepared',
    title: "This server's domain is not prepared for Exchange (or has duplicate Microsoft Exchange System Objects containers)",
    evidence: [...new Set([prepped.index, required.index, facts.failedRules.get('DomainPrepRequired')])]
      .filter((i): i is number => i !== undefined)
      .sort((a, b) => a - b)
      .map(i => evidenceAt(facts, i)),
    fix: [
      'As a member of Enterprise Admins (or Domain Admins of this domain), run from the Setup media: .\\Setup.exe /PrepareDomain /IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF (or /PrepareAllDomains), and wait for replication.',
      "If the domain was prepared already, look for duplicate 'Microsoft Exchange System Objects' containers (a CNF: copy) at the root of the domain: Get-ADObject -LDAPFilter '(cn=Microsoft Exchange System Objects*)' -SearchScope OneLevel; remove the duplicate only after checking which one Exchange uses.",
      rerunAfterChecksStep(facts),
    ],
  };
};

/** `InstallWatermark` True: an earlier Setup stopped half-way; Setup wants the same mode again. */
export const installWatermark: SetupLogRule = facts => {
  const fired = (facts.evaluations.get('Rule:InstallWatermark') ?? []).filter(e => e.value === 'True');
  if (fired.length === 0) return null;
  return {
    id: 'install-watermark',
    title: 'An earlier Setup run stopped half-way and left its watermark',
    evidence: fired.map(e => evidenceAt(facts, e.index)),
    fix: [
      "Run the same Setup that failed before, in the same mode, from the same build's media: Setup finishes the step it stopped at (the watermark names it under HKLM:\\SOFTWARE\\Microsoft\\ExchangeServer\\v15\\<role>Role).",
      rerunStep(facts),
    ],
  };
};

const STATUS = (name: string) => new RegExp(`${name} Update Required Status : '(\\w+)'\\.`);

/**
 * Group membership the run lacked for what it had to do: Schema Admins and Enterprise Admins for
 * a schema update, Enterprise Admins for /PrepareAD and /PrepareDomain, Organization Management
 * for the first mailbox server of a delegated install.
 */
export function membershipCauses(facts: RunFacts): SetupLogCause[] {
  const user = readContext(facts).user;
  const who = user ? `The account ${user}` : 'The account that ran Setup';
  const relogon = 'Add the account to the group (or log on with one that is a member), then log off and on again: Windows reads group membership at logon, an open session keeps the old list.';
  const schema = lastInRun(facts, STATUS('Schema'), 'Schema Update Required Status');
  const org = lastInRun(facts, STATUS('Organization Configuration'), 'Organization Configuration Update Required Status');
  const domain = lastInRun(facts, STATUS('Domain Configuration'), 'Domain Configuration Update Required Status');
  const schemaAdmin = lastEvaluation(facts, 'Setting', 'SchemaAdmin');
  const enterpriseAdmin = lastEvaluation(facts, 'Setting', 'EnterpriseAdmin');
  const orgAdmin = lastEvaluation(facts, 'Setting', 'ExOrgAdmin');
  const causes: SetupLogCause[] = [];
  const lines = (...indexes: (number | undefined)[]) => [...new Set(indexes.filter((i): i is number => i !== undefined))].sort((a, b) => a - b).map(i => evidenceAt(facts, i));

  if (schema?.match[1] === 'True' && schemaAdmin?.value === 'False') {
    causes.push({
      id: 'not-schema-admin',
      title: 'The schema must be updated and the account is not a member of Schema Admins',
      evidence: lines(schema.index, schemaAdmin.index),
      fix: [`${who} must be a member of Schema Admins to run /PrepareSchema.`, relogon, rerunAfterChecksStep(facts)],
    });
  }
  const needsEnterprise = [schema, org, domain].filter(s => s?.match[1] === 'True');
  if (needsEnterprise.length > 0 && enterpriseAdmin?.value === 'False') {
    causes.push({
      id: 'not-enterprise-admin',
      title: 'Active Directory must be prepared and the account is not a member of Enterprise Admins',
      evidence: lines(...needsEnterprise.map(s => s?.index), enterpriseAdmin.index),
      fix: [`${who} must be a member of Enterprise Admins to prepare Active Directory (/PrepareSchema, /PrepareAD, /PrepareDomain).`, relogon, rerunAfterChecksStep(facts)],
    });
  }
  const sid = lastEvaluation(facts, 'Setting', 'SidExOrgAdmins');
  const firstInstall = lastEvaluation(facts, 'Rule', 'DelegatedMailboxFirstInstall');
  if (orgAdmin?.value === 'False' && sid && firstInstall?.value === 'True') {
    causes.push({
      id: 'not-organization-management',
      title: 'The account is not a member of the Organization Management role group',
      evidence: lines(orgAdmin.index, sid.index, firstInstall.index),
      fix: [`${who} must be a member of Organization Management (the group with SID ${sid.value}) to install or upgrade this server.`, relogon, rerunAfterChecksStep(facts)],
    });
  }
  if (orgAdmin?.value === 'False' && !sid) {
    causes.push({
      id: 'organization-not-prepared',
      title: 'The account is not in Organization Management, and Setup found no Exchange organization groups: /PrepareAD has probably not been run',
      evidence: lines(orgAdmin.index),
      fix: [
        'As a member of Schema Admins and Enterprise Admins, run from the Setup media: .\\Setup.exe /PrepareSchema /IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF, then .\\Setup.exe /PrepareAD /IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF, and wait for replication.',
        `Then make sure ${who.replace(/^The account/, 'the account')} is a member of Organization Management. ${relogon}`,
        rerunAfterChecksStep(facts),
      ],
    });
  }
  return causes;
}

const SCHEMA_MASTER_WHERE = /on a computer in the domain (\w+) and site (.+), and wait for replication to complete/;

/**
 * Setup asked for /PrepareSchema in the schema master's domain and site: where it ran is not
 * that domain or that site (unless the readiness rules already said so).
 */
export function schemaMasterPlacementCauses(facts: RunFacts): SetupLogCause[] {
  const where = lastInRun(facts, SCHEMA_MASTER_WHERE, 'and wait for replication to complete');
  const masterLine = lastInRun(facts, /Setup will attempt to use the Schema Master domain controller/, 'Schema Master domain controller');
  const schemaUpdate = lastInRun(facts, STATUS('Schema'), 'Schema Update Required Status');
  // Setup names the schema master only when it must update the schema.
  if (!where && !(masterLine && schemaUpdate?.match[1] === 'True')) return [];
  const context = readContext(facts);
  const masterDomain = dnsDomainOf(context.schemaMaster);
  const masterSite = where ? (where.match[2] as string).trim() : null;
  const evidence = [masterLine?.index, where?.index].filter((i): i is number => i !== undefined).map(i => evidenceAt(facts, i));
  const causes: SetupLogCause[] = [];
  const differentDomain = masterDomain !== null && context.domain !== null && masterDomain.toLowerCase() !== context.domain.toLowerCase();
  const differentSite = masterSite !== null && context.site !== null && masterSite.toLowerCase() !== context.site.toLowerCase();
  if (differentDomain) {
    causes.push({
      id: 'not-in-schema-master-domain',
      title: `Setup must update the schema, but this computer is in ${context.domain}, not in the schema master's domain ${masterDomain}`,
      evidence,
      fix: schemaMasterFix(facts),
    });
  }
  if (differentSite) {
    causes.push({
      id: 'not-in-schema-master-site',
      title: `Setup must update the schema, but this computer is in AD site ${context.site}, not in the schema master's site ${masterSite}`,
      evidence,
      fix: schemaMasterFix(facts),
    });
  }
  return causes;
}

/** Every readiness-check cause the run shows, each id once (its evidence merged). */
export function prerequisiteCauses(facts: RunFacts): SetupLogCause[] {
  const found: SetupLogCause[] = [];
  for (const rule of [adValidation, domainControllerOutOfSite, domainNotPrepared, installWatermark]) {
    const cause = rule(facts);
    if (cause) found.push(cause);
  }
  found.push(...readinessRuleCauses(facts), ...membershipCauses(facts), ...schemaMasterPlacementCauses(facts));
  const byId = new Map<string, SetupLogCause>();
  for (const cause of found) {
    const seen = byId.get(cause.id);
    if (!seen) {
      byId.set(cause.id, cause);
      continue;
    }
    const lines = new Map([...seen.evidence, ...cause.evidence].map(e => [e.line, e]));
    byId.set(cause.id, { ...seen, evidence: [...lines.values()].sort((a, b) => a.line - b.line) });
  }
  // The membership that is missing says more than "an update is required" about the same problem.
  if (byId.has('not-schema-admin') || byId.has('not-enterprise-admin')) byId.delete('schema-update-required');
  if (byId.has('not-enterprise-admin')) byId.delete('organization-update-required');
  const rank = (id: string) => (CAUSE_ORDER.indexOf(id) + CAUSE_ORDER.length + 1) % (CAUSE_ORDER.length + 1);
  return [...byId.values()].sort((a, b) => rank(a.id) - rank(b.id));
}

/** Readiness causes in the order SetupLogReviewer checks them: the first is the headline. */
const CAUSE_ORDER: readonly string[] = [
  'ad-validation-failed',
  'pending-restart',
  'powershell-sessions-open',
  'dc-out-of-site',
  'remote-registry-unreachable',
  'msdtc-stopped',
  'url-rewrite-missing',
  'domain-not-prepared',
  'install-watermark',
  'not-schema-admin',
  'not-enterprise-admin',
  'not-organization-management',
  'organization-not-prepared',
  'not-in-schema-master-domain',
  'not-in-schema-master-site',
  'schema-update-required',
  'organization-update-required',
];
