import { defineConfig } from 'vitest/config';

/**
 * Two layers, both run by `npm test`:
 * - unit: pure logic and quick engine checks (projects `unit` and `unit-mocks`, under a minute);
 * - integration: end-to-end checks through real PowerShell, the CLI, the engine and
 *   Chromium (projects `integration` and `integration-waits`). The demo organisation is scanned
 *   once per run, by test/helpers/demo-scan.global.ts, and the tests share that result.
 */
export const INTEGRATION = [
  'test/scan/demo.test.ts',
  'test/scan/warm-host.test.ts',
  'test/collector/collector.test.ts',
  'test/probes/e19.test.ts',
  'test/probes/certificate-symptoms.test.ts',
  'test/probes/pester.test.ts',
  'test/probes/failures.test.ts',
  'test/probes/this-computer.test.ts',
  'test/probes/connect-as.test.ts',
  'test/probes/lab-capture-cache.test.ts',
  'test/scan/probe-batch.test.ts',
  'test/analysis/e19-capture.test.ts',
  'test/report/cli.test.ts',
  'test/report/pdf.test.ts',
  'test/report/html.test.ts',
  'test/report/engine.test.ts',
  'test/transfer/cli.test.ts',
  'test/transfer/engine-transfer.test.ts',
  'test/transfer/import-and-stage.test.ts',
  'test/transfer/staging-folder.test.ts',
  'test/engine/pool.test.ts',
  'test/engine/powershell-host.test.ts',
  'test/probes/ps51-check.test.ts',
  'test/probes/windows-realities.test.ts',
  'test/probes/ad-levels.test.ts',
  'test/probes/preflight.test.ts',
  'test/report/demo-report.test.ts',
  'test/wizard/cost-summary.test.ts',
  'test/wizard/unsafe-servers.test.ts',
  'test/report/redact-property.test.ts',
  'test/electron/packaging.test.ts',
  'test/security/checklist-quoting.test.ts',
  'test/engine/demo-night.test.ts',
  'test/engine/extended-protection-rescan.test.ts',
  'test/security/runbook-from-file.test.ts',
  'test/analysis/setup-log/cli.test.ts',
  'test/analysis/setup-log/server-setup-log.test.ts',
  'test/analysis/setup-log/demo-setup-log.test.ts',
  'test/bridge/serve-startup.test.ts',
  'test/wizard/runbook-guards.test.ts',
];

/**
 * Integration files that spend most of their time waiting out a time limit (hung servers): their
 * own project, which `npm test` runs in the other lane, after the unit tests and beside the
 * integration project, so the waiting does not hold one of its two workers.
 */
export const WAITING = [
  'test/scan/scan-service.test.ts',
  // A process's peak memory: measured beside the hung-server waits, not in the integration
  // project's shared worker, where what other files leave running made it read 96-142 MiB.
  'test/transfer/memory.test.ts',
];

/**
 * Unit files that replace a module (vi.mock): they need a module registry of their own.
 * The other unit files share one per worker (isolate: false), which halves the layer's
 * CPU time: most of it was importing the same modules again for every file.
 */
export const MOCKS_MODULES = [
  'test/electron/net-source.test.ts',
  'test/renderer/store.test.ts',
  'test/assessment/assess.test.ts',
  'test/electron/main-process.test.ts',
  'test/electron/preload-and-print.test.ts',
  'test/transfer/stage-check.test.ts',
];

export default defineConfig({
  test: {
    environment: 'node',
    // Real PowerShell processes start in a second or two on this class of machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    // Files share a worker (see MOCKS_MODULES): what one stubs must not leak into the next.
    unstubEnvs: true,
    unstubGlobals: true,
    restoreMocks: true,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: [...INTEGRATION, ...WAITING, ...MOCKS_MODULES], isolate: false } },
      { extends: true, test: { name: 'unit-mocks', include: MOCKS_MODULES } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: INTEGRATION,
          globalSetup: ['test/helpers/demo-scan.global.ts'],
          // One module registry per worker, as in the unit project: importing the engine again
          // for every file was a fifth of this layer's CPU. No file here mocks a module.
          isolate: false,
          // Real PowerShell and Chromium on a shared 2-core machine: generous, never a measure of speed.
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
      { extends: true, test: { name: 'integration-waits', include: WAITING, testTimeout: 180_000, hookTimeout: 300_000 } },
    ],
  },
});
