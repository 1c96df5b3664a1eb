import path from 'node:path';
import { AppError } from '../../../src-shared/domain/errors';
import type { DiscoveredServer } from '../../../src-shared/domain/discovery';
import { isServer } from '../../../src-shared/domain/server-identity';
import { isThisExchangeServer } from '../../../src-shared/domain/this-computer';
import type { EngineContext } from '../context';
import type { EngineHandlers } from '../dispatch';
import { resolveTargets } from '../organisation/organisation-scan';
import { analyseSetupLogFile } from '../setup-log/read-setup-log';
import { readServerSetupLog, setupLogTarget, type SetupLogTarget } from '../setup-log/server-setup-log';

type SetupLogHandlers = Pick<EngineHandlers, 'analyseSetupLogFile' | 'readServerSetupLog'>;

const OUTCOME_WORDS = { succeeded: 'Setup succeeded', failed: 'Setup failed', incomplete: 'Setup did not finish' } as const;

/**
 * ExchangeSetup.log: a file the admin chose (confined like every path from the page), or a
 * scanned server's log read where its facts come from (the server, its lab folder or capture).
 */
export function createSetupLogHandlers(ctx: EngineContext): SetupLogHandlers {
  /** Where the server's log is read: the same source its scan used. */
  async function targetOf(serverName: string): Promise<SetupLogTarget> {
    const session = await ctx.sessions.load();
    const scanned = session.scan?.servers.find(s => isServer(serverName, s));
    if (!scanned) throw new AppError('not-found', `${serverName} is not part of the last scan.`, { fix: 'Pick a server from the scan results.' });
    const discovered: DiscoveredServer = session.discovered.find(d => isServer(scanned.name, d)) ?? {
      name: scanned.name,
      fqdn: scanned.fqdn,
      versionHint: null,
      roles: scanned.roles,
      site: null,
      source: scanned.source,
      notes: [],
    };
    const source = session.scan?.source ?? '';
    const labDirectory = source.startsWith('lab:') ? source.slice(4) : undefined;
    const { targets, unresolved } = await resolveTargets(
      { servers: [discovered], organisationHasEsu: false, ...(labDirectory ? { labDirectory } : {}) },
      { runner: ctx.scripts(), dataDirectory: ctx.options.dataDirectory, concurrency: 1, timeoutMs: 120_000, demoFolders: await ctx.demoNight.folders(session) },
    );
    const target = targets[0];
    if (!target) throw new AppError('not-found', unresolved[0]?.error?.message ?? `${serverName} cannot be reached from here.`);
    const local = !target.lab && isThisExchangeServer(await ctx.thisComputer(), discovered);
    return setupLogTarget(discovered, target.lab, { local, credential: ctx.credentials.get(discovered.fqdn) ?? ctx.credentials.get(discovered.name) });
  }

  return {
    async analyseSetupLogFile({ path: given }) {
      const file = ctx.paths.confine(given, 'read');
      const analysis = await analyseSetupLogFile(file);
      await ctx.sessions.appendAudit(
        'setup-log',
        `${OUTCOME_WORDS[analysis.outcome]}${analysis.causes[0] ? `: ${analysis.causes[0].title}` : ''} (read from ${path.basename(file)}).`,
        analysis.outcome === 'failed' ? 'info' : 'ok',
      );
      return { path: file, analysis };
    },
    async readServerSetupLog({ serverName, mode }) {
      const target = await targetOf(serverName);
      const read = await readServerSetupLog(ctx.scripts(), target, mode);
      if (read.analysis) {
        const a = read.analysis;
        await ctx.sessions.appendAudit(
          'setup-log',
          `${target.name}: ${OUTCOME_WORDS[a.outcome]}${a.causes[0] ? `: ${a.causes[0].title}` : ''} (read from the server's ExchangeSetup.log).`,
          a.outcome === 'failed' ? 'info' : 'ok',
        );
      }
      return read;
    },
  };
}
