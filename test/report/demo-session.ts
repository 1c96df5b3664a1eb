import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createEngine, type Engine } from '../../electron/engine/engine';
import { printHtmlWithChromium } from '../../electron/engine/chromium-pdf';
import type { ScanReport } from '../../src-shared/assessment/scan-report';
import type { WizardSession } from '../../src-shared/wizard/session';
import type { DownloadResult } from '../../src-shared/domain/transfer';
import { requirePwsh } from '../helpers/pwsh';
import { seedDemoLab } from '../helpers/demo-scan';
import { filesForServer } from '../../src-shared/wizard/staging-plan';

/**
 * The demo organisation taken through the wizard the way an admin does it,
 * through the engine: discover, scan with the real probes, download every
 * planned update from the demo update server and stage each onto every
 * server whose plan installs it, addressed by FQDN as the Stage step does.
 * The session that comes out is what "the demo report" is made from.
 */
export interface DemoSession {
  engine: Engine;
  home: string;
  session: WizardSession;
  dispose(): Promise<void>;
}

async function call<T>(engine: Engine, method: Parameters<Engine['dispatch']>[0], payload: unknown): Promise<T> {
  const result = await engine.dispatch(method, payload);
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value as T;
}

/** Runs the demo organisation through discover, scan, download and stage. */
export async function demoSession(): Promise<DemoSession> {
  requirePwsh();
  const home = mkdtempSync(path.join(tmpdir(), 'exwiz-report-demo-'));
  // The run already generated today's demo lab: reuse it rather than generate it again.
  seedDemoLab(home);
  // Demo downloads unpaced (the handlers read it when they start the demo server): the default
  // pace is there for a person to watch the progress, and cost this set-up 10 s of waiting.
  process.env.EXWIZ_DEMO_DOWNLOAD_RATE ??= '0';
  const engine = createEngine({
    mode: 'cli',
    version: 'test',
    dataDirectory: home,
    ports: { openExternal: async () => undefined, printToPdf: printHtmlWithChromium },
    concurrency: 2,
  });
  await call(engine, 'updateSession', { organisation: { mode: 'demo', hasEsu: false, serverNames: [] } });
  const { servers } = await call<{ servers: unknown[] }>(engine, 'discoverServers', { jobId: 'demo-discover', method: 'demo' });
  const { report } = await call<{ report: ScanReport }>(engine, 'scanServers', { jobId: 'demo-scan', servers, organisationHasEsu: false });
  const targets = new Map<string, string[]>();
  for (const server of report.servers) {
    // What the Stage step offers: a server's own update files, never another server's media.
    const esuOnly = new Set((server.plan?.steps ?? []).filter(st => st.esuOnly && !report.organisationHasEsu).map(st => st.updateId));
    for (const updateId of filesForServer(report, server.name)) {
      if (esuOnly.has(updateId)) continue;
      targets.set(updateId, [...(targets.get(updateId) ?? []), server.fqdn ?? server.name]);
    }
  }
  let n = 0;
  for (const [updateId, hosts] of targets) {
    const { download } = await call<{ download: DownloadResult }>(engine, 'downloadUpdate', { jobId: `demo-download-${++n}`, updateId });
    for (const host of hosts) await call(engine, 'stageUpdate', { jobId: `demo-stage-${++n}`, file: download.path, server: host });
  }
  const session = await engine.context.sessions.load();
  return {
    engine,
    home,
    session,
    async dispose() {
      await engine.dispose();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
