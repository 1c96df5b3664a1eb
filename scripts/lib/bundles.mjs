// The Node-side bundles (Electron main, sandboxed preload, CLI, the unzip worker): one list for
// `node scripts/build.mjs` (built once) and `npm run dev` (rebuilt on every change).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** esbuild options of each bundle under out/. */
export function bundleOptions() {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  // Runtime dependencies stay in node_modules (electron-builder packs them); everything else is bundled.
  const external = ['electron', ...Object.keys(pkg.dependencies ?? {})];
  const common = {
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'linked',
    logLevel: 'warning',
    outExtension: { '.js': '.cjs' },
  };
  return [
    { ...common, entryPoints: { index: 'electron/main/index.ts' }, outdir: 'out/main', external },
    // A sandboxed preload must be one CommonJS file with no require() but electron's.
    { ...common, entryPoints: { index: 'electron/preload/index.ts' }, outdir: 'out/preload', external: ['electron'] },
    { ...common, entryPoints: { exwiz: 'electron/cli/main.ts' }, outdir: 'out/cli', external },
    // Worker threads load a file of their own, found beside the bundle that starts them (fflate bundled in).
    ...['out/main', 'out/cli'].map(outdir => ({ ...common, entryPoints: { 'unzip-worker': 'electron/engine/collector/unzip-worker.cjs' }, outdir })),
  ];
}
