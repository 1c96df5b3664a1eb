import { AppError } from '../domain/errors';
import { acceptedFqdn } from '../domain/host-names';
import type { Catalog } from '../knowledge/catalog';
import { assessScan, probedPart } from './assess';
import { applicableChoices, type ExtendedProtectionChoices } from './extended-protection-choices';
import type { ScanReport } from './scan-report';

/**
 * A scan report read from a file (`exwiz scan --json` output, a session.json), with every
 * conclusion drawn again from its probed facts and the active catalog.
 *
 * A file is data someone can edit: its plan, findings and verdicts are not trusted, because the
 * checklist and the report turn them into text the admin reads and commands the admin runs. Only
 * what was probed is kept (validated by the schema), together with what the scan was asked
 * (source, the ESU answer, the AD levels read) and when it ran, so the conclusions are those the
 * wizard would draw from the same facts on the same day. Every loader of a scan from disk calls
 * this, and nothing else. A session's Extended Protection choices (the admin's answers, kept on
 * the session, not on its scan) are given as `choices`; a scan's own record of them is not used.
 */
export function reassessFromFacts(scan: ScanReport, catalog: Catalog, choices?: ExtendedProtectionChoices | null): ScanReport {
  const now = new Date(scan.generatedAt);
  if (Number.isNaN(now.getTime())) {
    throw new AppError('invalid-input', `The scan's date "${scan.generatedAt.slice(0, 40)}" is not a date, so its conclusions could not be drawn again.`, {
      fix: 'Scan again with this version ("exwiz scan --json > scan.json").',
    });
  }
  // A file's FQDN decides where files are staged: kept only when it is one of the server's names.
  const probed = scan.servers.map(s => ({ ...probedPart(s), fqdn: acceptedFqdn(s.fqdn, s.name) }));
  return assessScan(probed, {
    source: scan.source,
    organisationHasEsu: scan.organisationHasEsu,
    catalog,
    now,
    adLevels: scan.adLevels ?? null,
    extendedProtectionChoices: applicableChoices(
      probed.map(p => p.name),
      choices,
    ),
  });
}
