import { ev, finding, isEdge, type Check } from '../check';
import { knownIssuesOf } from '../known-build-issues';
import { DOCS } from '../links';
import { readSslOffloadingCommands, turnOffSslOffloadingCommands } from '../../knowledge/extended-protection';

/** LmCompatibilityLevel Windows uses when the value is not set. */
const LM_DEFAULT = 3;

/**
 * What Health Checker collects besides the build that matters for an update or for Extended
 * Protection: Exchange Trusted Subsystem in local Administrators, LmCompatibilityLevel, and
 * builds with a known issue.
 */
export const localSecurityChecks: Check[] = [
  function trustedSubsystemMembership(ctx) {
    const local = ctx.facts?.localSecurity;
    if (local === undefined || isEdge(ctx)) return [];
    const value = local?.exchangeTrustedSubsystemInAdministrators ?? null;
    const evidence = [ev('Exchange Trusted Subsystem in local Administrators (S-1-5-32-544)', value === null ? 'could not be read' : value ? 'yes' : 'no')];
    if (value === true)
      return [
        finding('security.trusted-subsystem', 'ok', 'Exchange Trusted Subsystem is a local administrator', {
          evidence,
          why: 'Exchange services and setup act on the server through this group.',
          action: 'Nothing to do.',
          links: [DOCS.prerequisites],
        }),
      ];
    if (value === null) {
      return [
        finding('security.trusted-subsystem', 'warning', 'Whether Exchange Trusted Subsystem is a local administrator could not be read', {
          evidence,
          why: 'Health Checker fails the server membership check when this group is missing; without it the update and Exchange itself break in odd ways.',
          action: 'On the server: Get-LocalGroupMember -SID S-1-5-32-544 and look for "Exchange Trusted Subsystem".',
          links: [DOCS.prerequisites],
        }),
      ];
    }
    return [
      finding('security.trusted-subsystem', 'critical', 'Exchange Trusted Subsystem is not in the local Administrators group', {
        evidence,
        why: 'Exchange needs this group in the server\'s local Administrators; without it services, management and Setup fail (Health Checker: "Exchange Server Membership" Failed).',
        action: 'Add the domain group "Exchange Trusted Subsystem" to the local Administrators group of this server (Computer Management → Local Users and Groups), then reboot.',
        links: [DOCS.prerequisites],
      }),
    ];
  },

  function lmCompatibilityLevel(ctx) {
    const local = ctx.facts?.localSecurity;
    if (!local || isEdge(ctx)) return [];
    const level = local.lmCompatibilityLevel ?? LM_DEFAULT;
    const evidence = [ev('LmCompatibilityLevel (HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa)', local.lmCompatibilityLevel === null ? `not set (Windows uses ${LM_DEFAULT})` : level)];
    if (level >= 3) {
      return [
        finding('security.lm-compatibility', 'ok', 'NTLMv2 only (LmCompatibilityLevel 3 or higher)', {
          evidence,
          why: 'Extended Protection works only with NTLMv2 (or Kerberos); NTLMv1 is not supported with it.',
          action: 'Nothing to do.',
          links: [DOCS.extendedProtection],
        }),
      ];
    }
    return [
      finding('security.lm-compatibility', 'warning', `The server still allows NTLMv1 (LmCompatibilityLevel ${level})`, {
        evidence,
        why: 'Extended Protection, which current Exchange setup enables, does not work with NTLMv1: clients that authenticate with it fail once it is on.',
        action: 'Set "Network security: LAN Manager authentication level" to "Send NTLMv2 response only" (LmCompatibilityLevel 3 or higher) by Group Policy before enabling Extended Protection.',
        links: [DOCS.extendedProtection],
      }),
    ];
  },

  function outlookAnywhereSslOffloading(ctx) {
    const oa = ctx.facts?.outlookAnywhere;
    // Absent: an older probe or collector; Edge has no Outlook Anywhere.
    if (oa === undefined || isEdge(ctx)) return [];
    const name = ctx.facts?.identity.name ?? 'the server';
    const value = oa?.sslOffloading ?? null;
    const evidence = [
      ev('Outlook Anywhere SSLOffloading (Get-OutlookAnywhere)', value === null ? 'could not be read' : value ? 'True' : 'False'),
      ...(oa && oa.internalClientsRequireSsl !== null
        ? [
            ev(
              'InternalClientsRequireSsl / ExternalClientsRequireSsl',
              `${oa.internalClientsRequireSsl ? 'True' : 'False'} / ${oa.externalClientsRequireSsl === null ? 'not read' : oa.externalClientsRequireSsl ? 'True' : 'False'}`,
            ),
          ]
        : []),
    ];
    const why =
      "Extended Protection isn't supported with SSL offloading (SSL bridging only with the same certificate on the load balancer and Exchange); Exchange 2019 CU14 and later Setup turns Extended Protection on and Outlook Anywhere's SSL offloading off.";
    if (value === false) return [finding('security.ssl-offloading', 'ok', 'Outlook Anywhere does not offload SSL', { evidence, why, action: 'Nothing to do.', links: [DOCS.extendedProtection] })];
    if (value === null) {
      return [
        finding('security.ssl-offloading', 'warning', 'Whether Outlook Anywhere offloads SSL could not be read', {
          evidence,
          why,
          action: `In the Exchange Management Shell: ${readSslOffloadingCommands(name)[0]}`,
          links: [DOCS.extendedProtection],
        }),
      ];
    }
    return [
      finding('security.ssl-offloading', 'warning', 'Outlook Anywhere offloads SSL (SSLOffloading True)', {
        evidence,
        why: `${why} Microsoft's ExchangeExtendedProtectionManagement.ps1 refuses a server in this state.`,
        action: `If a load balancer ends TLS in front of ${name}, make it pass SSL through or bridge it with the same certificate as Exchange first; then, in the Exchange Management Shell: ${turnOffSslOffloadingCommands(name)[0]}. Otherwise keep Extended Protection off for its Setup (/DoNotEnableEP).`,
        links: [DOCS.extendedProtection],
      }),
    ];
  },

  function knownBuildIssues(ctx) {
    const c = ctx.classification;
    if (!c || c.buildPrecision === 'cu') return [];
    return knownIssuesOf(c.build).map(issue =>
      finding('exchange.known-issue', 'warning', `This build has a known issue: ${issue.name}`, {
        evidence: [ev('Build', `${c.build} (${c.product} ${c.cu}${c.update ? ` ${c.update}` : ''})`)],
        why: 'Microsoft documented a problem with this exact build; Health Checker flags it as "Known Issue Detected".',
        action: 'Install the update the plan names (it is newer than the fixed build), or apply the workaround in the linked article.',
        links: [{ title: issue.name, url: issue.url }],
      }),
    );
  },
];
