import { psQuote } from '../../../domain/powershell-quote';
import { classifyBuild } from '../../../knowledge/classifier';
import { lastMatch } from '../last-run';
import { DISABLED_SERVICES_STEP, rerunStep } from '../recovery';
import { evidenceAt, lastEvaluation, lastInRun, type RunFacts } from '../run-facts';
import type { SetupLogRule } from './rule';

/** ldifde.exe failed to import a schema file (the ldif.err file names the entry). */
export const schemaImport: SetupLogRule = facts => {
  const hit = lastInRun(
    facts,
    /\[ERROR\] There was an error while running 'ldifde\.exe' to import the schema file '(.*)'\. The error code is: (\d+)\. More details can be found in the error file: '(.*)'/,
    'ldifde.exe',
  );
  if (!hit) return null;
  const [, schemaFile, code, errorFile] = hit.match as unknown as [string, string, string, string];
  return {
    id: 'schema-import-failed',
    title: `The schema update failed importing ${schemaFile} (ldifde error ${code})`,
    evidence: [evidenceAt(facts, hit.index)],
    fix: [
      `Read the error file ${errorFile} (ldif.err): it names the entry of ${schemaFile} that could not be imported and the LDAP error.`,
      'Correct what it names (usually a conflicting attribute or class from another product, or missing Schema Admins rights), and check schema replication: repadmin /showrepl.',
      `If the .ldf file is no longer in the temporary folder, it is in the Setup media's Setup\\Data folder.`,
      'Run /PrepareSchema again as a member of Schema Admins and Enterprise Admins: .\\Setup.exe /PrepareSchema /IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF.',
    ],
  };
};

const MSI_PATTERNS: readonly RegExp[] = [
  /Couldn't remove product with code (.+)\. The installation source for this product is not available/,
  /Unable to remove product with code (.+)\. Fatal error during installation/,
  /\[ERROR\] Installing product .+ failed\. The installation source for this product is not available/,
  /\[ERROR\] Installing product .+\.msi failed\. Fatal error during installation\. Error code is 1603\./,
];
const INSTALLING_NEW_PRODUCT = /Installing a new product\. Package: .+\.msi\. Property values/;
const OBJECT_REFERENCE = /\[ERROR\] Object reference not set to an instance of an object\./;

/** The build installed before this run: the backup copy Setup names, else the locally installed version. */
export function installedBuild(facts: RunFacts): string | null {
  const backup = lastInRun(facts, /The backup copy of the previously installed version is '(.+)'\./, 'backup copy of the previously installed version');
  if (backup) return backup.match[1] as string;
  return lastInRun(facts, /The locally installed version is (.+)\./, 'locally installed version')?.match[1] ?? null;
}

function buildName(build: string): string {
  try {
    const c = classifyBuild(build);
    return `${c.product} ${c.cu}${c.update ? ` ${c.update}` : ''} (${build})`;
  } catch {
    return build;
  }
}

/**
 * Windows Installer could not find the cached .msi/.msp of the installed build (C:\Windows\Installer
 * was cleaned): Setup cannot remove the old product. Checked on the run's first error and the two
 * lines after it, where Setup writes the installer's message.
 */
export const installerCache: SetupLogRule = facts => {
  if (facts.firstError === null) return null;
  const from = facts.firstError;
  const to = Math.min(facts.run.end, from + 3);
  let hit = null as ReturnType<typeof lastMatch>;
  for (const pattern of MSI_PATTERNS) {
    hit = lastMatch(facts.run, pattern, undefined, from, to);
    if (hit) break;
  }
  if (!hit && lastMatch(facts.run, INSTALLING_NEW_PRODUCT, 'Installing a new product', from, to)) {
    hit = lastMatch(facts.run, OBJECT_REFERENCE, 'Object reference', from, to);
  }
  if (!hit) return null;
  const build = installedBuild(facts);
  const evidence = [...new Set([from, hit.index])].sort((a, b) => a - b).map(i => evidenceAt(facts, i));
  return {
    id: 'installer-cache-missing',
    title: build ? `Windows Installer (MSI) cache files of the installed build ${buildName(build)} are missing` : 'Windows Installer (MSI) cache files of the installed Exchange build are missing',
    evidence,
    fix: [
      build
        ? `Get the Setup media (ISO) of the installed build ${buildName(build)}, and of its installed Security Update's .msp, and restore the missing files with Microsoft's FixInstallerCache.ps1 -CurrentCuRootDirectory <that media's root>, or copy them from another server on exactly ${build}.`
        : "Find the installed build (ExSetup.exe's version), get that build's Setup media (and its SU's .msp) and restore the missing files with Microsoft's FixInstallerCache.ps1, or copy them from another server on the same build.",
      'Never clean C:\\Windows\\Installer by hand or with a cleanup tool on an Exchange server.',
      rerunStep(facts),
      DISABLED_SERVICES_STEP,
    ],
  };
};

/** "The certificate is expired", with the certificate and site Setup was installing. */
export const expiredCertificate: SetupLogRule = facts => {
  const hit = lastInRun(facts, /\[ERROR\] The certificate is expired\./, 'The certificate is expired');
  if (!hit) return null;
  const cert = lastInRun(facts, /Installing certificate signed by '(.*)' for site '(.*)'\.\s+Certificate is valid from (.+?) until (.+?)(?:\.|$)/, 'Installing certificate signed by');
  const evidence = [cert?.index, hit.index].filter((i): i is number => i !== undefined).map(i => evidenceAt(facts, i));
  const site = cert?.match[2];
  return {
    id: 'certificate-expired',
    title: site ? `A certificate bound to ${site} has expired${cert?.match[4] ? ` (on ${cert.match[4]})` : ''}` : 'A certificate Setup uses has expired',
    evidence,
    fix: [
      'Renew or replace the expired certificate (Get-ExchangeCertificate | Where-Object { $_.NotAfter -lt (Get-Date) }), assign the new one to its services (Enable-ExchangeCertificate) and to the IIS binding, and remove the expired one.',
      'Restart the server.',
      rerunStep(facts),
    ],
  };
};

/** An otherWellKnownObjects entry pointing to a deleted object or an invalid DN. */
export const invalidWellKnownObject: SetupLogRule = facts => {
  const hit = lastInRun(
    facts,
    /\[ERROR\] The well-known object entry (.+) on the otherWellKnownObjects attribute in the container object (.+) points to an invalid DN or a deleted object/,
    'otherWellKnownObjects',
  );
  if (!hit) return null;
  return {
    id: 'well-known-object-deleted',
    title: 'An Exchange well-known object (a group Setup relies on) was deleted or points to a deleted object',
    evidence: [evidenceAt(facts, hit.index)],
    fix: [
      "Restore the deleted group from the Active Directory Recycle Bin (Get-ADObject -Filter 'isDeleted -eq $true' -IncludeDeletedObjects … | Restore-ADObject) if it can be.",
      `Otherwise clear the broken entry from the otherWellKnownObjects attribute of ${hit.match[2]} (ADSI Edit; Microsoft's SetupAssist.ps1 lists the broken entries) and run .\\Setup.exe /PrepareAD /IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF so Setup re-creates the group.`,
      rerunStep(facts),
    ],
  };
};

/** DidOnPremisesSettingCreatedAnException: an organization relationship without TargetApplicationUri. */
export const hybridObjectOnPremises: SetupLogRule = facts => {
  const fired = lastEvaluation(facts, 'Rule', 'DidOnPremisesSettingCreatedAnException');
  if (fired?.value !== 'True') return null;
  const setting = lastEvaluation(facts, 'Setting', 'IsHybridObjectFoundOnPremises');
  const around = setting
    ? lastMatch(facts.run, /Searching for (.+) as the TargetApplicationUri/, 'TargetApplicationUri', Math.max(facts.run.start, setting.index - 20), Math.min(facts.run.end, setting.index + 21))
    : null;
  const uri = around?.match[1];
  return {
    id: 'organization-relationship-uri',
    title: 'An organization relationship has no TargetApplicationUri',
    evidence: [fired.index, around?.index]
      .filter((i): i is number => i !== undefined)
      .sort((a, b) => a - b)
      .map(i => evidenceAt(facts, i)),
    fix: [
      'Find it: Get-OrganizationRelationship | Format-Table Name,DomainNames,TargetApplicationUri.',
      uri
        ? `Set the missing value: Set-OrganizationRelationship -Identity <its name> -TargetApplicationUri ${psQuote(uri)}`
        : "Set its TargetApplicationUri (Set-OrganizationRelationship -TargetApplicationUri) to the partner's value.",
      rerunStep(facts),
    ],
  };
};

/** An otherWellKnownObjects entry pointing to a group of the wrong type. */
export const wrongGroupType: SetupLogRule = facts => {
  const hit = lastInRun(
    facts,
    /The well-known object entry with the GUID "(.+)", which is on the "(.+)" container object's otherWellKnownObjects attribute, refers to a group "(.+)" of the wrong group type\. Either delete the well-known object entry, or promote the target object to "(.+)"\./,
    'of the wrong group type',
  );
  if (!hit) return null;
  return {
    id: 'well-known-group-wrong-type',
    title: `The group ${hit.match[3]} has the wrong group type`,
    evidence: [evidenceAt(facts, hit.index)],
    fix: [
      `Change ${hit.match[3]} to a ${hit.match[4]} group (Active Directory Users and Computers, the group's General tab).`,
      'If the type is right, check that the group is not mail-enabled when it should not be.',
      rerunStep(facts),
    ],
  };
};

// Setup's own spelling ("coundn't"), as it writes it.
const TOPOLOGY_SERVICE_MISSING = "Topology Provider coundn't find the Microsoft Exchange Active Directory Topology service on end point 'TopologyClientTcpEndpoint (localhost)'.";

/** "Unable to set shared config DC" on the service-control task: the AD Topology service is not running. */
export const topologyService: SetupLogRule = facts => {
  const error = lastInRun(facts, /\[ERROR\] Unable to set shared config DC/, 'Unable to set shared config DC');
  const reference = lastInRun(facts, /\[ERROR-REFERENCE\] Id=AllADRolesCommonServiceControl___ee47ab1c06fb47919398e2e95ed99c6c/, 'AllADRolesCommonServiceControl');
  if (!error || !reference) return null;
  // Setup's spelling ("ocurred").
  const inner = lastInRun(facts, /\] An (?:error|exception) ocurred while setting shared config DC\. (?:Error|Exception): (.+)/, 'while setting shared config DC');
  const stopped = inner?.match[1] === TOPOLOGY_SERVICE_MISSING;
  const evidence = [...new Set([error.index, inner?.index, reference.index])]
    .filter((i): i is number => i !== undefined)
    .sort((a, b) => a - b)
    .map(i => evidenceAt(facts, i));
  const keepRunning = 'Keep the Microsoft Exchange Active Directory Topology service running during the whole of Setup (after it has copied its files): it often stops again after the first failure.';
  return {
    id: 'ad-topology-service',
    title:
      stopped || !inner
        ? 'The Microsoft Exchange Active Directory Topology service is not running'
        : 'The AD Topology service could not reach Active Directory (shared configuration domain controller)',
    evidence,
    fix:
      stopped || !inner
        ? [
            "Start it: Set-Service -Name 'MSExchangeADTopology' -StartupType Automatic; Start-Service -Name 'MSExchangeADTopology'.",
            keepRunning,
            'If it stops again, read the Application event log (source MSExchange ADAccess): it says which domain controller could not be used; fix that first.',
            rerunStep(facts),
          ]
        : [
            'Read the inner exception on the evidence line and the Application event log (source MSExchange ADAccess) to see why no domain controller could be used, and fix that.',
            keepRunning,
            rerunStep(facts),
          ],
  };
};
