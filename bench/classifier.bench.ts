import { performance } from 'node:perf_hooks';
import { builtInCatalog, classifyBuild, parseCatalog, planServer } from '../src-shared/knowledge/index';
import catalogJson from '../src-shared/knowledge/data/catalog.json';

/**
 * Classifying every catalog build (the target: well under 50 ms for all of them), plus
 * the cost of loading the catalog and of planning, so a slow-down in any of them shows.
 */
function time(rounds: number, work: () => void): { totalMs: number; perRoundMs: number } {
  const started = performance.now();
  for (let i = 0; i < rounds; i++) work();
  const totalMs = performance.now() - started;
  return { totalMs, perRoundMs: totalMs / rounds };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

const parseStarted = performance.now();
parseCatalog(catalogJson);
const parseMs = performance.now() - parseStarted;

const catalog = builtInCatalog();
const builds = catalog.builds.map(b => b.build);
const padded = builds.map(b => {
  const [a, m, n, r] = b.split('.');
  return `${a}.${m?.padStart(2, '0')}.${n?.padStart(4, '0')}.${r?.padStart(3, '0')}`;
});

// The first pass includes building the lookup index (once per catalog).
const cold = time(1, () => builds.forEach(b => classifyBuild(b, { catalog })));
const warmRuns: number[] = [];
for (let i = 0; i < 50; i++) warmRuns.push(time(1, () => builds.forEach(b => classifyBuild(b, { catalog }))).totalMs);
const paddedRuns: number[] = [];
for (let i = 0; i < 20; i++) paddedRuns.push(time(1, () => padded.forEach(b => classifyBuild(b, { catalog }))).totalMs);
const unknown = time(20, () => {
  for (let rev = 0; rev < 300; rev++) classifyBuild(`15.2.1748.${rev}`, { catalog });
});
const plans = time(5, () =>
  builds.forEach(b =>
    planServer(
      {
        serverName: 'x',
        build: b,
        isEdge: false,
        roles: [],
        osProductName: null,
        osBuildNumber: 17763,
        dotNetRelease: null,
        vcRedist2012: null,
        vcRedist2013: null,
        ucmaInstalled: null,
        urlRewriteInstalled: null,
        dagName: null,
        installDriveFreeBytes: null,
      },
      { hasEsu: false, catalog },
    ),
  ),
);

const fmt = (ms: number) => `${ms.toFixed(2)} ms`;
process.stdout.write(
  [
    `catalog: ${builds.length} builds, as of ${catalog.asOf}`,
    `load + validate catalog.json (zod + cross-checks): ${fmt(parseMs)}`,
    `classify all ${builds.length} builds, first run (builds the index): ${fmt(cold.totalMs)}`,
    `classify all ${builds.length} builds, warm, median of 50: ${fmt(median(warmRuns))} (${((median(warmRuns) / builds.length) * 1000).toFixed(1)} µs per build; target < 50 ms)`,
    `classify all ${builds.length} builds in zero-padded form, median of 20: ${fmt(median(paddedRuns))}`,
    `classify 300 unknown builds (nearest-lower resolution): ${fmt(unknown.perRoundMs)}`,
    `plan every catalog build (no ESU): ${fmt(plans.perRoundMs)} (${((plans.perRoundMs / builds.length) * 1000).toFixed(0)} µs per server)`,
  ].join('\n') + '\n',
);
