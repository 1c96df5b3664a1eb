import { AppError } from '../domain/errors';
import { sameServer } from '../domain/server-identity';
import type { Catalog } from '../knowledge/catalog';
import { ExtendedProtectionChoice } from '../knowledge/extended-protection';
import { assessScan, probedPart } from './assess';
import type { ScanReport } from './scan-report';

/** The admin's Extended Protection choice per server name (absent: Setup turns it on, Microsoft's default). */
export type ExtendedProtectionChoices = Readonly<Record<string, ExtendedProtectionChoice>>;

/**
 * The choices that concern these servers, under the names the scan uses. "enable" is left out: it
 * is what Setup does without a choice, so the plan is the same as with none.
 */
export function applicableChoices(serverNames: readonly string[], choices: ExtendedProtectionChoices | null | undefined): Record<string, ExtendedProtectionChoice> {
  const applicable: Record<string, ExtendedProtectionChoice> = {};
  for (const [name, choice] of Object.entries(choices ?? {})) {
    const scanned = serverNames.find(n => sameServer(n, name));
    if (scanned !== undefined && choice !== 'enable') applicable[scanned] = choice;
  }
  return applicable;
}

/**
 * The one use-case behind "plan with the admin's Extended Protection choices", for the wizard's
 * engine (`setExtendedProtectionChoice`) and `exwiz checklist --keep-ep-off`: the scan planned
 * again from its facts with exactly these choices (its day, ESU answer and AD levels kept), so a
 * choice changes the Setup command (`/DoNotEnableEP`, `/DoNotEnableEP_FEEWS`, from the planner's
 * closed list of switches) and what holds it. A name that is not a scanned server, or a choice
 * outside the list, is refused with an `invalid-input` AppError that says what is allowed.
 */
export function planWithExtendedProtectionChoices(scan: ScanReport, choices: ExtendedProtectionChoices, catalog: Catalog): ScanReport {
  const names = scan.servers.map(s => s.name);
  for (const [name, choice] of Object.entries(choices)) {
    if (!names.some(n => sameServer(n, name))) {
      throw new AppError('invalid-input', `No server "${name.slice(0, 64)}" in this scan, so no Extended Protection choice was made for it.`, { fix: `Use one of: ${names.join(', ')}.` });
    }
    if (!ExtendedProtectionChoice.safeParse(choice).success) {
      throw new AppError('invalid-input', `"${String(choice).slice(0, 64)}" is not an Extended Protection choice for ${name}.`, { fix: `Use one of: ${ExtendedProtectionChoice.options.join(', ')}.` });
    }
  }
  return assessScan(scan.servers.map(probedPart), {
    source: scan.source,
    organisationHasEsu: scan.organisationHasEsu,
    catalog,
    now: new Date(scan.generatedAt),
    adLevels: scan.adLevels ?? null,
    extendedProtectionChoices: applicableChoices(names, choices),
  });
}
