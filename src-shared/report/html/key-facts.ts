import { dotNetVersionOf } from '../../domain/dotnet-release';
import type { ServerFacts } from '../../domain/facts';
import type { ReportServer } from '../schema';
import { esc, formatBytes, formatDate, formatDateTime } from './markup';

/*
 * The facts an Exchange expert checks a server's verdict against, in one
 * small table at the top of its page: the build and where it was read, OS,
 * .NET, the EEMS switches and service, what the EEMS itself last reported
 * (event 1008, its log) and the wizard's own OCS test from the server, reboot
 * and disk. What the probe could not read says so; nothing is inferred here.
 */

const NOT_READ = 'could not be read';

/** Longest free text (an error message) a cell prints; the JSON report keeps it whole. */
const MAX_TEXT = 90;

function clip(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}

function onOff(value: boolean | null): string {
  return value === null ? NOT_READ : value ? 'on' : 'off';
}

function build(s: ReportServer, f: ServerFacts): string {
  const source = f.exchange.exSetupVersion ? 'ExSetup.exe' : f.identity.adminDisplayVersion ? 'AdminDisplayVersion (CU only)' : null;
  if (!s.build) return NOT_READ;
  const released = s.classification?.releaseDate ? `, released ${formatDate(s.classification.releaseDate)}` : '';
  return `${s.build}${released}${source ? ` (${source})` : ''}`;
}

function os(f: ServerFacts): string {
  const name = f.os.productName ?? NOT_READ;
  const version = f.os.buildNumber !== null ? ` (${f.os.buildNumber}${f.os.ubr !== null ? `.${f.os.ubr}` : ''})` : '';
  return `${name}${version}`;
}

function dotNet(f: ServerFacts): string {
  const release = f.prerequisites.dotNetRelease;
  if (release === null) return NOT_READ;
  const version = dotNetVersionOf(release);
  return version ? `${version.name} (Release ${release})` : `Release ${release}`;
}

function eemsSwitches(f: ServerFacts): string {
  const e = f.eems;
  const service = e.service ? `${e.service.status}, ${e.service.startType}` : 'not installed or not read';
  const applied = e.mitigationsApplied.length ? `; applied: ${e.mitigationsApplied.join(', ')}` : '';
  return `organisation ${onOff(e.orgMitigationsEnabled)}, server ${onOff(e.serverMitigationsEnabled)}; service ${service}${applied}`;
}

/** The innermost exception's text of an event message: what went wrong, without the stack of wrappers. */
function innermost(message: string): string {
  const at = message.lastIndexOf('Exception: ');
  return at >= 0 ? message.slice(at + 'Exception: '.length) : message;
}

/** What the EEMS itself last said about its check with Microsoft: event 1008 and its certificate log lines. */
function lastCheck(f: ServerFacts): string {
  const events = f.eems.events1008;
  const lines = f.eems.certificateLogLines;
  const parts: string[] = [];
  if (events === null) parts.push(`event 1008 ${NOT_READ}`);
  else if (events.length === 0) parts.push('no event 1008 in the last 30 days');
  else parts.push(`event 1008 ${events.length}× in 30 days, last ${formatDateTime(events[0]?.timeCreated)}: ${clip(innermost(events[0]?.message ?? ''))}`);
  if (lines === null) parts.push(`EEMS log ${NOT_READ}`);
  else if (lines.length) parts.push(`EEMS log: ${lines.length} certificate line${lines.length === 1 ? '' : 's'}`);
  return parts.join('; ');
}

function ocs(f: ServerFacts): string {
  const t = f.eems.ocsTest;
  if (!t) return 'not run';
  const result = t.statusCode !== null && !t.error ? `HTTP ${t.statusCode}` : `failed: ${clip(t.error ?? (t.statusCode !== null ? `HTTP ${t.statusCode}` : 'no answer'))}`;
  return `${result}${t.proxy ? ` (through ${t.proxy})` : ''}, ${formatDateTime(t.testedAt)}`;
}

function reboot(f: ServerFacts): string {
  if (!f.reboot) return NOT_READ;
  return f.reboot.pending ? `pending (${f.reboot.sources.join(', ') || 'source not named'})` : 'none pending';
}

function disks(f: ServerFacts): string {
  if (f.disks.length === 0) return NOT_READ;
  return f.disks.map(d => `${d.drive} ${formatBytes(d.freeBytes)} free of ${formatBytes(d.sizeBytes)}`).join('; ');
}

/** The key-facts table of a server page; a line saying why there is none for a server that did not answer. */
export function keyFacts(s: ReportServer): string {
  const f = s.facts;
  if (!f) return `<p class="muted key-facts-none">No facts: the server did not answer, so its build, OS, .NET and EEMS state are unknown.</p>`;
  const rows: Array<[string, string, string, string]> = [
    ['Build', build(s, f), 'Read', `${formatDateTime(f.collectedAt)} (${f.collectionMethod})`],
    ['Windows', os(f), '.NET Framework', dotNet(f)],
    ['EEMS', eemsSwitches(f), 'OCS test', ocs(f)],
    ['Last EEMS check', lastCheck(f), 'Reboot', reboot(f)],
  ];
  const body = rows.map(([k1, v1, k2, v2]) => `<tr><th scope="row">${esc(k1)}</th><td>${esc(v1)}</td><th scope="row">${esc(k2)}</th><td>${esc(v2)}</td></tr>`).join('');
  const disk = `<tr><th scope="row">Disks</th><td colspan="3">${esc(disks(f))}</td></tr>`;
  return `<table class="key-facts" aria-label="Key facts of ${esc(s.name)}"><tbody>${body}${disk}</tbody></table>`;
}
