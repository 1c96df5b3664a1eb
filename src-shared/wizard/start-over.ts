import type { WizardSession } from '../wizard/session';
import { plural } from './words';

/**
 * What "Start over" takes away from view, one line each, for its confirmation dialog. Nothing is
 * deleted (the engine archives the session and downloaded files stay on disk), but the admin
 * should know what the new session will not show.
 */
export function startOverLosses(session: Pick<WizardSession, 'discovered' | 'scan' | 'downloads' | 'staging' | 'checklist' | 'organisation'>): string[] {
  const lines: string[] = [];
  if (session.discovered.length > 0) lines.push(`The list of ${plural(session.discovered.length, 'server')} found`);
  if (session.scan) lines.push(`The health scan of ${plural(session.scan.servers.length, 'server')} (${session.scan.generatedAt.slice(0, 16).replace('T', ' ')} UTC) and the plan made from it`);
  if (session.downloads.length > 0) lines.push(`The record of ${plural(session.downloads.length, 'verified download')} (the files stay in the data folder)`);
  if (session.staging.length > 0) lines.push(`The record of ${plural(session.staging.length, 'copy', 'copies')} to servers (the copies stay on the servers)`);
  const ticks = Object.values(session.checklist).reduce((n, items) => n + Object.values(items).filter(i => i.done).length, 0);
  if (ticks > 0) lines.push(`${plural(ticks, 'ticked checklist item')} on the Upgrade step`);
  if (session.organisation.mode !== 'demo' || session.organisation.hasEsu) lines.push('Your choices on the Welcome step');
  return lines;
}
