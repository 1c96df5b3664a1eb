import { ev, finding, isEdge, type Check, type CheckContext } from '../check';
import { DOCS } from '../links';
import type { PlanStepKind } from '../../knowledge/types';

const GIB = 1024 ** 3;
/**
 * Free space the planned step needs on the Exchange install drive. Setup of a
 * cumulative update (or of SE over 2019) wants at least 30 GB (Learn, system
 * requirements; the planner's "disk-space" prerequisite uses the catalog's same
 * figure); a security update unpacks and backs up a few GB. The staged files
 * land on the system drive too (C$\ExchangeUpdates).
 */
const NEEDED_BY_KIND: Partial<Record<PlanStepKind, number>> = {
  'install-cu': 30 * GIB,
  'in-place-upgrade': 30 * GIB,
  'install-su': 5 * GIB,
};
const HEADROOM = 10 * GIB;

function neededBytes(ctx: CheckContext): { bytes: number; step: string } | null {
  let best: { bytes: number; step: string } | null = null;
  for (const step of ctx.plan?.steps ?? []) {
    const bytes = NEEDED_BY_KIND[step.kind];
    if (bytes !== undefined && (!best || bytes > best.bytes)) best = { bytes, step: step.title };
  }
  return best;
}

function gib(bytes: number): string {
  return `${(bytes / GIB).toFixed(1)} GB`;
}

/**
 * What Health Checker does not check but an update needs: UCMA and IIS URL
 * Rewrite (SetupAssist only), free disk for the planned step, and the plan's
 * own per-step prerequisites (OS support for the target, ...).
 */
export const prerequisiteChecks: Check[] = [
  function ucma(ctx) {
    const p = ctx.facts?.prerequisites;
    if (!p || isEdge(ctx)) return [];
    if (p.ucmaInstalled === null) return [finding('prereq.ucma', 'warning', 'Whether UCMA 4.0 is installed could not be read', { evidence: [ev('UCMA', null)], why: 'Exchange setup on Mailbox servers requires the Unified Communications Managed API 4.0 runtime.', action: 'Check HKLM\\SOFTWARE\\Microsoft\\UCMA on the server.', links: [DOCS.prerequisites] })];
    if (p.ucmaInstalled) return [finding('prereq.ucma', 'ok', 'UCMA 4.0 runtime is installed', { evidence: [ev('UCMA', p.ucmaVersion ?? 'installed')], why: 'Required by Exchange setup on Mailbox servers.', action: 'Nothing to do.', links: [DOCS.prerequisites] })];
    return [
      finding('prereq.ucma', 'critical', 'UCMA 4.0 runtime is missing', {
        evidence: [ev('UCMA', 'not installed')],
        why: 'Exchange setup stops on a Mailbox server without the Unified Communications Managed API 4.0 runtime.',
        action: 'Install it from the UCMARedist folder of the Exchange media (UcmaRuntimeSetup.exe; on Server Core: .\\UCMARunTimeSetup.exe -q).',
        links: [DOCS.prerequisites],
      }),
    ];
  },

  function urlRewrite(ctx) {
    const p = ctx.facts?.prerequisites;
    if (!p || isEdge(ctx)) return [];
    if (p.urlRewriteInstalled === null) return [finding('prereq.url-rewrite', 'warning', 'Whether IIS URL Rewrite is installed could not be read', { evidence: [ev('IIS URL Rewrite', null)], why: 'EEMS applies its mitigations as URL Rewrite rules, and current Exchange setup requires the module.', action: 'Check HKLM\\SOFTWARE\\Microsoft\\IIS Extensions\\URL Rewrite on the server.', links: [DOCS.prerequisites] })];
    if (p.urlRewriteInstalled) return [finding('prereq.url-rewrite', 'ok', 'IIS URL Rewrite module is installed', { evidence: [ev('IIS URL Rewrite', p.urlRewriteVersion ?? 'installed')], why: 'EEMS applies its mitigations as URL Rewrite rules.', action: 'Nothing to do.', links: [DOCS.prerequisites] })];
    return [
      finding('prereq.url-rewrite', 'critical', 'IIS URL Rewrite module is missing', {
        evidence: [ev('IIS URL Rewrite', 'not installed')],
        why: 'Without it EEMS cannot apply URL Rewrite mitigations, and Exchange setup (2016 CU22 / 2019 CU11 and later) stops.',
        action: 'Install IIS URL Rewrite 2.1 (rewrite_amd64_en-US.msi from Microsoft) before the update.',
        links: [DOCS.prerequisites],
      }),
    ];
  },

  function freeDisk(ctx) {
    const disks = ctx.facts?.disks;
    const need = neededBytes(ctx);
    if (!disks || !need) return [];
    const drive = disks.find(d => d.isExchangeInstall) ?? disks.find(d => d.isSystem);
    if (!drive) {
      return [finding('disk.free-space', 'warning', 'Free disk space could not be read', { evidence: [ev('Planned step', need.step), ev('Needs', gib(need.bytes))], why: 'Setup fails part-way when the disk fills up.', action: 'Check free space on the Exchange drive before the update.', links: [DOCS.systemRequirements] })];
    }
    const evidence = [ev('Drive', `${drive.drive} (${drive.isExchangeInstall ? 'Exchange install drive' : 'system drive'})`), ev('Free', gib(drive.freeBytes)), ev('Planned step', need.step), ev('Needs at least', gib(need.bytes))];
    if (drive.freeBytes < need.bytes) {
      return [finding('disk.free-space', 'critical', `Not enough free space on ${drive.drive} for the planned update`, { evidence, why: 'Exchange setup checks free space and stops, or fails part-way and leaves services disabled.', action: `Free at least ${gib(need.bytes - drive.freeBytes)} on ${drive.drive} (old logs under the Exchange Logging folder and IIS logs are the usual candidates).`, links: [DOCS.systemRequirements] })];
    }
    if (drive.freeBytes < need.bytes + HEADROOM) {
      return [finding('disk.free-space', 'warning', `Little free space on ${drive.drive} for the planned update`, { evidence, why: 'Setup, its logs and the staged files may fill the disk.', action: `Free some space on ${drive.drive} before the update (aim for ${gib(need.bytes + HEADROOM)}).`, links: [DOCS.systemRequirements] })];
    }
    return [finding('disk.free-space', 'ok', `Enough free space on ${drive.drive} for the planned update`, { evidence, why: 'Setup needs room for its files and logs.', action: 'Nothing to do.', links: [DOCS.systemRequirements] })];
  },

  function planPrerequisites(ctx) {
    const steps = ctx.plan?.steps ?? [];
    // Prerequisites with a finding of their own (from the server's facts) are not repeated.
    const covered = new Set(['ucma', 'url-rewrite', 'vcredist-2012', 'vcredist-2013', 'dotnet', 'disk-space']);
    const out = [];
    for (const step of steps) {
      for (const pre of step.prerequisites) {
        if (covered.has(pre.id) || pre.met === true) continue;
        out.push(
          // Unknown is "check this yourself" (rights, a new server), not a problem found.
          finding(`plan.prerequisite.${step.id}.${pre.id}`, pre.met === false ? 'critical' : 'info', pre.met === false ? `Not ready for "${step.title}": ${pre.title}` : `To confirm before "${step.title}": ${pre.title}`, {
            evidence: [ev('Planned step', step.title), ev('Requirement', pre.title), ev('Detail', pre.detail)],
            why: pre.met === false ? 'This step cannot be carried out until the requirement is met.' : 'The scan cannot check this; confirm it before the step.',
            action: pre.detail,
            links: [DOCS.prerequisites],
          }),
        );
      }
    }
    return out;
  },
];
