import { ev, finding, isEdge, type Check, type CheckContext } from '../check';
import { DOCS } from '../links';
import type { PlanStepKind } from '../../knowledge/types';
import type { PrerequisiteFacts } from '../../domain/facts';

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

interface Presence {
  id: string;
  name: string;
  label: string;
  read: (p: PrerequisiteFacts) => [installed: boolean | null, version: string | null];
  why: string;
  /** Registry key an admin checks when the probe could not read it. */
  where: string;
  install: string;
}

/** A component Mailbox servers need (SetupAssist checks these; Health Checker does not). */
function presenceCheck(c: Presence): Check {
  return ctx => {
    const p = ctx.facts?.prerequisites;
    if (!p || isEdge(ctx)) return [];
    const [installed, version] = c.read(p);
    const links = [DOCS.prerequisites];
    if (installed === null) {
      return [finding(c.id, 'warning', `Whether the ${c.name} is installed could not be read`, { evidence: [ev(c.label, null)], why: c.why, action: `Check ${c.where} on the server.`, links })];
    }
    if (installed) return [finding(c.id, 'ok', `${c.name} is installed`, { evidence: [ev(c.label, version ?? 'installed')], why: c.why, action: 'Nothing to do.', links })];
    return [finding(c.id, 'critical', `${c.name} is missing`, { evidence: [ev(c.label, 'not installed')], why: c.why, action: c.install, links })];
  };
}

/**
 * What Health Checker does not check but an update needs: UCMA and IIS URL
 * Rewrite (SetupAssist only), free disk for the planned step, and the plan's
 * own per-step prerequisites (OS support for the target, ...).
 */
export const prerequisiteChecks: Check[] = [
  presenceCheck({
    id: 'prereq.ucma',
    name: 'UCMA 4.0 runtime',
    label: 'UCMA',
    read: p => [p.ucmaInstalled, p.ucmaVersion],
    why: 'Exchange setup stops on a Mailbox server without the Unified Communications Managed API 4.0 runtime.',
    where: 'HKLM\\SOFTWARE\\Microsoft\\UCMA',
    install: 'Install it from the UCMARedist folder of the Exchange media (UcmaRuntimeSetup.exe; on Server Core: .\\UCMARunTimeSetup.exe -q).',
  }),

  presenceCheck({
    id: 'prereq.url-rewrite',
    name: 'IIS URL Rewrite module',
    label: 'IIS URL Rewrite',
    read: p => [p.urlRewriteInstalled, p.urlRewriteVersion],
    why: 'EEMS applies its mitigations as URL Rewrite rules, and Exchange setup (2016 CU22 / 2019 CU11 and later) stops without the module.',
    where: 'HKLM\\SOFTWARE\\Microsoft\\IIS Extensions\\URL Rewrite',
    install: 'Install IIS URL Rewrite 2.1 (rewrite_amd64_en-US.msi from Microsoft) before the update.',
  }),

  function freeDisk(ctx) {
    const disks = ctx.facts?.disks;
    const need = neededBytes(ctx);
    if (!disks || !need) return [];
    const drive = disks.find(d => d.isExchangeInstall) ?? disks.find(d => d.isSystem);
    if (!drive) {
      return [
        finding('disk.free-space', 'warning', 'Free disk space could not be read', {
          evidence: [ev('Planned step', need.step), ev('Needs', gib(need.bytes))],
          why: 'Setup fails part-way when the disk fills up.',
          action: 'Check free space on the Exchange drive before the update.',
          links: [DOCS.systemRequirements],
        }),
      ];
    }
    const evidence = [
      ev('Drive', `${drive.drive} (${drive.isExchangeInstall ? 'Exchange install drive' : 'system drive'})`),
      ev('Free', gib(drive.freeBytes)),
      ev('Planned step', need.step),
      ev('Needs at least', gib(need.bytes)),
    ];
    if (drive.freeBytes < need.bytes) {
      return [
        finding('disk.free-space', 'critical', `Not enough free space on ${drive.drive} for the planned update`, {
          evidence,
          why: 'Exchange setup checks free space and stops, or fails part-way and leaves services disabled.',
          action: `Free at least ${gib(need.bytes - drive.freeBytes)} on ${drive.drive} (old logs under the Exchange Logging folder and IIS logs are the usual candidates).`,
          links: [DOCS.systemRequirements],
        }),
      ];
    }
    if (drive.freeBytes < need.bytes + HEADROOM) {
      return [
        finding('disk.free-space', 'warning', `Little free space on ${drive.drive} for the planned update`, {
          evidence,
          why: 'Setup, its logs and the staged files may fill the disk.',
          action: `Free some space on ${drive.drive} before the update (aim for ${gib(need.bytes + HEADROOM)}).`,
          links: [DOCS.systemRequirements],
        }),
      ];
    }
    return [
      finding('disk.free-space', 'ok', `Enough free space on ${drive.drive} for the planned update`, {
        evidence,
        why: 'Setup needs room for its files and logs.',
        action: 'Nothing to do.',
        links: [DOCS.systemRequirements],
      }),
    ];
  },

  function planPrerequisites(ctx) {
    const steps = ctx.plan?.steps ?? [];
    // Prerequisites with a finding of their own (from the server's facts) are not repeated; TLS has
    // tls.protocols and tls.dotnet.
    const covered = new Set(['ucma', 'url-rewrite', 'vcredist-2012', 'vcredist-2013', 'dotnet', 'disk-space', 'tls-consistent']);
    const out = [];
    for (const step of steps) {
      for (const pre of step.prerequisites) {
        if (covered.has(pre.id) || pre.met === true) continue;
        out.push(
          // Unknown is "check this yourself" (rights, a new server), not a problem found.
          finding(
            `plan.prerequisite.${step.id}.${pre.id}`,
            pre.met === false ? 'critical' : 'info',
            pre.met === false ? `Not ready for "${step.title}": ${pre.title}` : `To confirm before "${step.title}": ${pre.title}`,
            {
              evidence: [ev('Planned step', step.title), ev('Requirement', pre.title), ev('Detail', pre.detail)],
              why: pre.met === false ? 'This step cannot be carried out until the requirement is met.' : 'The scan cannot check this; confirm it before the step.',
              action: pre.detail,
              links: [DOCS.prerequisites],
            },
          ),
        );
      }
    }
    return out;
  },
];
