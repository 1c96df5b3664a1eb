import path from 'node:path';
import { AppError } from '../../../src-shared/domain/errors';
import { screenServerNames } from '../../../src-shared/domain/host-names';
import type { ScanReport } from '../../../src-shared/assessment/scan-report';
import type { DiscoveredServer } from '../../../src-shared/domain/discovery';
import type { WizardSession } from '../../../src-shared/wizard/session';
import { isServer, sameServer } from '../../../src-shared/domain/server-identity';
import { certificateLogSymptoms } from '../../../src-shared/knowledge';
import type { EngineContext } from '../context';
import { auditEntry, setTick } from '../session-store';
import { evaluateAutoCheck } from '../../../src-shared/wizard/auto-checks';
import { findRunbookItem, sessionRunbook } from '../../../src-shared/wizard/session-runbook';
import type { EngineHandlers } from '../dispatch';
import { discoverServers } from '../discovery/discover';
import type { FingerprintResult } from '../discovery/https-fingerprint';
import { capturesDirectory, exportCollector, extractCapture, type CollectorManifest } from '../collector/collector';
import { rescanIntoReport, scanOrganisation, type ScanDeps } from '../organisation/organisation-scan';
import { DEFAULT_SCAN_PARALLELISM, DEFAULT_SCAN_TIMEOUT_MS, type ScanJob } from '../scan/scan-service';

type ScanHandlers = Pick<EngineHandlers, 'discoverServers' | 'scanServers' | 'rescanServer' | 'runAutoCheck' | 'exportCollector' | 'importCollectorCapture'>;

export interface ScanHandlerOptions {
  /** Per-server probe limit (default 180 s). */
  timeoutMs?: number;
  /** HTTPS cross-check during discovery; null turns it off. */
  fingerprint?: ((host: string) => Promise<FingerprintResult>) | null;
}

/**
 * Discovery, scanning, re-scanning and the offline collector. Long work runs
 * as a job (progress per server, cancellable); results are kept in the
 * session so the wizard survives a restart.
 */
export function createScanHandlers(ctx: EngineContext, options: ScanHandlerOptions = {}): ScanHandlers {
  const dataDirectory = ctx.options.dataDirectory;
  const deps = async (job: ScanJob, labDirectory?: string): Promise<ScanDeps> => ({
    // A lab says itself which of its servers is this computer (organisation-scan reads it).
    ...(labDirectory === undefined ? { thisComputer: await ctx.thisComputer() } : {}),
    credentialFor: server => ctx.credentials.get(server.fqdn) ?? ctx.credentials.get(server.name),
    demoFolders: await ctx.demoNight.folders(await ctx.sessions.load()),
    runner: ctx.scripts(),
    dataDirectory,
    concurrency: ctx.options.concurrency ?? DEFAULT_SCAN_PARALLELISM,
    timeoutMs: options.timeoutMs ?? DEFAULT_SCAN_TIMEOUT_MS,
    job,
    catalog: (await ctx.catalogs.active()).catalog,
  });

  /** Scans one server of the session's scan again and saves the re-assessed report. */
  async function rescan(serverName: string, job: ScanJob) {
    const { server, report } = await probeAgain(serverName, job);
    await saveReport(report, 'rescan', `${server.name} scanned again${server.error ? `: ${server.error.message}` : '.'}`);
    return { server, report };
  }

  /** Scans one server of the session's scan again: the re-assessed report, not saved. */
  async function probeAgain(serverName: string, job: ScanJob) {
    const session = await ctx.sessions.load();
    const previous = session.scan;
    if (!previous) throw new AppError('not-found', 'There is no scan to update yet.', { fix: 'Scan the servers first.' });
    const old = previous.servers.find(s => isServer(serverName, s));
    if (!old) throw new AppError('not-found', `${serverName} is not part of the last scan.`, { fix: 'Pick a server from the scan results, or scan again with it included.' });
    const discovered: DiscoveredServer = session.discovered.find(d => isServer(old.name, d)) ?? {
      name: old.name,
      fqdn: old.fqdn,
      versionHint: null,
      roles: old.roles,
      site: null,
      source: old.source,
      notes: [],
    };
    return rescanIntoReport(previous, discovered, await deps(job, previous.source.startsWith('lab:') ? previous.source.slice(4) : undefined));
  }

  async function saveReport(report: ScanReport, action: string, detail: string): Promise<void> {
    await ctx.sessions.update(session => {
      session.scan = report;
      session.audit.push(auditEntry(action, detail, report.summary.unreachableCount > 0 ? 'info' : 'ok'));
    });
  }

  return {
    async discoverServers(request) {
      const labDirectory = request.labDirectory === undefined ? undefined : ctx.paths.confine(request.labDirectory, 'read');
      return ctx.jobs.run(request.jobId, 'discovery', async job => {
        job.progress({ phase: 'progress', message: `Looking for Exchange servers (${request.method})…`, completed: 0, total: null, unit: 'items' });
        const found = await discoverServers(
          { method: request.method, ...(request.names ? { names: request.names } : {}), ...(labDirectory ? { labDirectory } : {}) },
          { runner: ctx.scripts(), dataDirectory, signal: job.signal, ...(options.fingerprint !== undefined ? { fingerprint: options.fingerprint } : {}) },
        );
        // Names from AD, EMS and lab folders come from systems the wizard does not control.
        const screened = screenServerNames(found.servers, `Discovery (${request.method})`);
        const result = { servers: screened.accepted, errors: [...found.errors, ...screened.refused] };
        await ctx.sessions.update(session => {
          session.discovered = result.servers;
          session.adLevels = found.adLevels ?? null;
          session.discoveryErrors = result.errors;
          session.audit.push(
            auditEntry(
              'discover',
              `${request.method}: ${result.servers.length} server(s) found${result.errors.length ? `, ${result.errors.length} problem(s)` : ''}.`,
              result.errors.length && result.servers.length === 0 ? 'failed' : 'ok',
            ),
          );
        });
        return result;
      });
    },

    async scanServers(request) {
      const labDirectory = request.labDirectory === undefined ? undefined : ctx.paths.confine(request.labDirectory, 'read');
      return ctx.jobs.run(request.jobId, 'scan', async job => {
        const { adLevels, extendedProtectionChoices } = await ctx.sessions.load();
        const report = await scanOrganisation(
          {
            servers: request.servers,
            organisationHasEsu: request.organisationHasEsu,
            adLevels: adLevels ?? null,
            extendedProtectionChoices: extendedProtectionChoices ?? null,
            ...(labDirectory ? { labDirectory } : {}),
          },
          await deps(job, labDirectory),
        );
        await saveReport(report, 'scan', `${report.summary.serverCount} server(s) scanned, ${report.summary.unreachableCount} could not be reached.`);
        return { report };
      });
    },

    async rescanServer(request) {
      return ctx.jobs.run(request.jobId, 'scan', job => rescan(request.serverName, job));
    },

    async runAutoCheck(request) {
      return ctx.jobs.run(request.jobId, 'scan', async job => {
        const session = await ctx.sessions.load();
        if (!session.scan) throw new AppError('not-found', 'There is no scan to check against yet.', { fix: 'Scan the servers first.' });
        const { catalog } = await ctx.catalogs.active();
        const found = findRunbookItem(sessionRunbook(session.scan, session.downloads, session.staging, catalog), request.checklistKey, request.item);
        const check = found?.item.autoCheck;
        if (!found || !check) {
          throw new AppError('invalid-input', `The runbook has no check the wizard can run for "${request.item}" of ${request.checklistKey}.`, {
            fix: 'Tick the item by hand once its "done when" holds.',
          });
        }
        await ctx.demoNight.played(session, found.item, found.section.server);
        // The runbook of the night is the one planned before it: a check reads the server without
        // planning again (the new build would re-plan it and its items would change under the
        // admin), unless the admin asked for the scan to be updated (the final re-scan).
        const { server } = request.updateScan ? await rescan(check.server, job) : await probeAgain(check.server, job);
        const outcome = evaluateAutoCheck(check, server);
        const checkedAt = new Date().toISOString();
        const saved = await ctx.sessions.update(s => {
          if (outcome.status === 'passed') setTick(s, request.checklistKey, request.item, { done: true, at: checkedAt, proof: { checkedAt, evidence: outcome.evidence } });
          s.audit.push(
            auditEntry(
              'auto-check',
              `${found.item.title} (${check.server}): ${outcome.status}. ${outcome.evidence}`,
              outcome.status === 'passed' ? 'ok' : outcome.status === 'failed' ? 'failed' : 'info',
            ),
          );
        });
        return { outcome, checkedAt, server, session: saved };
      });
    },

    async exportCollector(request) {
      const directory = request.directory === undefined ? path.join(dataDirectory, 'exports') : ctx.paths.confine(request.directory, 'write');
      const { catalog } = await ctx.catalogs.active();
      const file = await exportCollector(directory, certificateLogSymptoms(catalog.certificateRules));
      await ctx.sessions.appendAudit('collector', `Offline collector saved to ${file}.`, 'ok');
      return { path: file };
    },

    async importCollectorCapture(request) {
      const zipPath = ctx.paths.confine(request.path, 'read');
      return ctx.jobs.run(request.jobId, 'import', async job => {
        job.progress({ phase: 'progress', message: 'Unpacking the collector capture…', completed: 0, total: 1, unit: 'items' });
        const session = await ctx.sessions.load();
        let known: { name: string; fqdn: string | null } | undefined;
        const capture = await extractCapture(zipPath, capturesDirectory(dataDirectory), manifest => {
          known = knownServer(session, manifest.serverName);
          refuseOtherHost(known, manifest);
        });
        const server: DiscoveredServer = {
          name: capture.manifest.serverName,
          // A known server is staged where discovery found it, whatever the capture says.
          fqdn: known ? known.fqdn : capture.manifest.fqdn,
          versionHint: null,
          roles: capture.manifest.roles,
          site: null,
          source: 'offline-collector',
          notes: capture.manifest.problems.map(p => `The collector could not read ${p.slot}: ${p.message}`),
        };
        const { server: result, report } = session.scan
          ? await rescanIntoReport(session.scan, server, await deps(job))
          : await scanOrganisation({ servers: [server], organisationHasEsu: session.organisation.hasEsu, extendedProtectionChoices: session.extendedProtectionChoices ?? null }, await deps(job)).then(
              single => ({ server: single.servers[0], report: single }),
            );
        if (!result) throw new AppError('internal', 'Scanning the imported capture returned no result.');
        await saveReport(report, 'import-capture', `Collector capture of ${result.name} imported from ${request.path}.`);
        // From now on this server's facts come from its capture (rescans included).
        await ctx.sessions.update(s => {
          s.discovered = [...s.discovered.filter(d => !sameServer(d.name, server.name)), server];
        });
        return { server: result, report };
      });
    },
  };
}

/** The server the session already knows under this name (discovered, else scanned), with the FQDN it was found under. */
function knownServer(session: WizardSession, name: string): { name: string; fqdn: string | null } | undefined {
  return session.discovered.find(d => sameServer(d.name, name)) ?? session.scan?.servers.find(s => sameServer(s.name, name));
}

/**
 * Refuses a capture that names a known server under another DNS name: the FQDN is where files are
 * staged and WinRM logs on, so a ZIP must never move a known server to another host.
 */
function refuseOtherHost(known: { name: string; fqdn: string | null } | undefined, manifest: CollectorManifest): void {
  if (!known?.fqdn || manifest.fqdn === null || sameServer(known.fqdn, manifest.fqdn)) return;
  throw new AppError(
    'invalid-input',
    `The capture says ${known.name} is ${manifest.fqdn}, but the wizard found ${known.name} as ${known.fqdn}; it was not imported, so no file meant for ${known.name} goes to another host.`,
    {
      fix: `Run the collector on ${known.name} itself and import that ZIP. If the server's DNS name really changed, find the servers again (Discover) first.`,
    },
  );
}
