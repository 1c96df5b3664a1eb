import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { getRawHeader, listPackage } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import type { Configuration } from 'electron-builder';
import * as ResEdit from 'resedit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeLinuxStandIn, writeWindowsStandIn } from './stand-in-electron';

/**
 * Packages the app with electron-builder and the repository's own
 * configuration (build/electron-builder.yml, as `npm run dist` does) over
 * stand-in Electron distributions, then reads the result back: the fuses in
 * the executable, the contents of app.asar, the scripts beside it, and on
 * Windows the ASAR integrity hash embedded in the executable.
 *
 * One electron-builder run makes the release `dir` builds for Linux and
 * Windows. The Playwright test configuration is not built again: electron-builder's
 * own config loader resolves it, and it must equal the release configuration
 * but for the inspect fuse and the output folder (the release builds prove
 * that the fuse settings reach the executables).
 */

const root = path.resolve(__dirname, '..', '..');
const execFileAsync = promisify(execFile);
const electronVersion = (JSON.parse(readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;
const PRODUCT = 'Exchange Remediation Wizard';
/** app.asar is about 7 MB (mostly zod and undici); a jump over this means something unwanted got in. */
const ASAR_BUDGET_BYTES = 9 * 1024 * 1024;

/** What the release build must set, fuse by fuse (every fuse of wire version 1). */
const RELEASE_FUSES: Record<keyof typeof FuseV1Options, boolean> = {
  RunAsNode: false,
  EnableCookieEncryption: true,
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  EnableEmbeddedAsarIntegrityValidation: true,
  OnlyLoadAppFromAsar: true,
  LoadBrowserProcessSpecificV8Snapshot: false,
  GrantFileProtocolExtraPrivileges: false,
};

interface Build {
  /** The unpacked app folder (linux-unpacked, win-unpacked). */
  appDirectory: string;
  executable: string;
}

let scratch: string;
const builds: Partial<Record<'linux' | 'windows', Build>> = {};

/** `electron-builder --linux dir --win dir` with the release configuration, over one stand-in distribution for both. */
async function releaseBuilds(electronDist: string, output: string): Promise<Record<'linux' | 'windows', Build>> {
  const config = 'build/electron-builder.yml';
  const args = [
    path.join(root, 'node_modules', 'electron-builder', 'cli.js'),
    '--config',
    config,
    '--linux',
    'dir',
    '--win',
    'dir',
    '--publish',
    'never',
    `-c.electronDist=${electronDist}`,
    `-c.electronVersion=${electronVersion}`,
    `-c.directories.output=${output}`,
  ];
  try {
    await execFileAsync(process.execPath, args, { cwd: root, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`electron-builder --config ${config} --linux dir --win dir failed:\n${stdout}\n${stderr}`, { cause: error });
  }
  return {
    linux: { appDirectory: path.join(output, 'linux-unpacked'), executable: path.join(output, 'linux-unpacked', 'exchange-remediation-wizard') },
    windows: { appDirectory: path.join(output, 'win-unpacked'), executable: path.join(output, 'win-unpacked', `${PRODUCT}.exe`) },
  };
}

/** A configuration file as electron-builder resolves it (`extends` merged), through its own loader. */
async function resolvedConfig(file: string): Promise<Configuration> {
  // electron-builder's loader is not re-exported by the electron-builder package itself.
  const { getConfig } = await import('app-builder-lib/out/util/config/config');
  return getConfig(root, path.join(root, file), null);
}

function need<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('the build did not run');
  return value;
}

/** The fuses as written in the executable, by name. */
async function readFuses(executable: string): Promise<Record<string, boolean | string>> {
  const wire = await getCurrentFuseWire(executable);
  const fuses: Record<string, boolean | string> = {};
  for (const [index, state] of Object.entries(wire)) {
    if (index === 'version') continue;
    const name = FuseV1Options[Number(index)] ?? `fuse ${index}`;
    fuses[name] = state === 49 ? true : state === 48 ? false : `state ${String(state)}`;
  }
  return fuses;
}

function filesUnder(directory: string): string[] {
  return readdirSync(directory, { recursive: true, encoding: 'utf8' })
    .filter(entry => statSync(path.join(directory, entry)).isFile())
    .map(entry => entry.split(path.sep).join('/'))
    .sort();
}

/** The top-level packages npm installs for production (package-lock: not dev-only). */
function productionPackages(): string[] {
  const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
  return Object.entries(lock.packages)
    .filter(([key, info]) => /^node_modules\/(@[^/]+\/)?[^/]+$/.test(key) && !info.dev)
    .map(([key]) => key.slice('node_modules/'.length))
    .sort();
}

beforeAll(async () => {
  await execFileAsync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--if-stale'], { cwd: root });
  scratch = mkdtempSync(path.join(tmpdir(), 'exwiz-packaging-'));
  // The two stand-ins share only the version and licence files, so one folder serves both platforms.
  const electronDist = path.join(scratch, 'electron');
  writeLinuxStandIn(electronDist, electronVersion);
  writeWindowsStandIn(electronDist, electronVersion);
  Object.assign(builds, await releaseBuilds(electronDist, path.join(scratch, 'release')));
}, 300_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('release fuses', () => {
  it('are set in the packaged Windows executable as the release settings say', async () => {
    expect(await readFuses(need(builds.windows).executable)).toEqual(RELEASE_FUSES);
  });

  it('are set in the packaged Linux executable too', async () => {
    expect(await readFuses(need(builds.linux).executable)).toEqual(RELEASE_FUSES);
  });

  it('differ in the Playwright test build only by the inspect arguments', async () => {
    const release = await resolvedConfig('build/electron-builder.yml');
    const e2e = await resolvedConfig('build/electron-builder.e2e.yml');
    const { extends: parent, ...resolved } = e2e;
    expect(parent).toBe('build/electron-builder.yml');
    expect(resolved).toEqual({
      ...release,
      directories: { ...release.directories, output: 'release-e2e' },
      electronFuses: { ...release.electronFuses, enableNodeCliInspectArguments: true },
    });
    expect(release.electronFuses?.enableNodeCliInspectArguments).toBe(false);
  });

  it('have a matching ASAR integrity hash embedded in the Windows executable, for the validation fuse to check', () => {
    const { executable, appDirectory } = need(builds.windows);
    const resources = ResEdit.NtExecutableResource.from(ResEdit.NtExecutable.from(readFileSync(executable)));
    const entry = resources.entries.find(e => e.type === 'INTEGRITY' && e.id === 'ELECTRONASAR');
    if (!entry) throw new Error('no ELECTRONASAR integrity resource');
    const integrity = JSON.parse(Buffer.from(entry.bin).toString('utf8')) as { file: string; alg: string; value: string }[];
    const { headerString } = getRawHeader(path.join(appDirectory, 'resources', 'app.asar'));
    expect(integrity).toEqual([{ file: 'resources\\app.asar', alg: 'SHA256', value: createHash('sha256').update(headerString).digest('hex') }]);
  });
});

describe('app.asar', () => {
  let entries: string[] = [];
  let files: string[] = [];
  beforeAll(() => {
    const archive = path.join(need(builds.windows).appDirectory, 'resources', 'app.asar');
    entries = listPackage(archive, { isPack: false }).map(entry => entry.split(path.sep).join('/'));
    const header = getRawHeader(archive).header as { files?: Record<string, unknown> };
    files = [];
    const walk = (node: { files?: Record<string, unknown> }, prefix: string) => {
      for (const [name, child] of Object.entries(node.files ?? {})) {
        const typed = child as { files?: Record<string, unknown> };
        if (typed.files) walk(typed, `${prefix}/${name}`);
        else files.push(`${prefix}/${name}`);
      }
    };
    walk(header, '');
  });

  it('holds the built app: package.json, the CLI launcher and the four bundles', () => {
    const topLevel = new Set(entries.filter(e => e.split('/').length === 2));
    expect([...topLevel].sort()).toEqual(['/bin', '/node_modules', '/out', '/package.json']);
    expect(entries.filter(e => /^\/out\/[^/]+$/.test(e)).sort()).toEqual(['/out/cli', '/out/main', '/out/preload', '/out/renderer']);
    for (const required of ['/package.json', '/bin/exwiz.cjs', '/out/main/index.cjs', '/out/main/unzip-worker.cjs', '/out/preload/index.cjs', '/out/cli/exwiz.cjs', '/out/renderer/index.html']) {
      expect(files).toContain(required);
    }
  });

  it('holds exactly the runtime dependencies, nothing from devDependencies', () => {
    const packaged = entries.filter(e => /^\/node_modules\/(@[^/]+\/)?[^/@]+$/.test(e) && !/^\/node_modules\/@[^/]+$/.test(e)).map(e => e.slice('/node_modules/'.length));
    expect(packaged.sort()).toEqual(productionPackages());
    expect(packaged).not.toContain('electron');
    expect(packaged).not.toContain('react');
  });

  it('holds no sources, tests, source maps or native modules', () => {
    const unwanted = files.filter(
      f => /\.(map|ts|tsx|mts|cts|node)$/.test(f) || /^\/(electron|renderer|src-shared|test|e2e|scripts|lab|resources|bench|docs)\//.test(f) || /\/(test|tests|__tests__)\//.test(f),
    );
    expect(unwanted).toEqual([]);
  });

  it('stays within its size budget', () => {
    const size = statSync(path.join(need(builds.windows).appDirectory, 'resources', 'app.asar')).size;
    expect(size).toBeLessThan(ASAR_BUDGET_BYTES);
  });
});

describe('scripts beside app.asar', () => {
  it('ships every PowerShell script and the demo organisation as extra resources', () => {
    for (const build of [need(builds.windows), need(builds.linux)]) {
      const resources = path.join(build.appDirectory, 'resources');
      expect(filesUnder(path.join(resources, 'powershell'))).toEqual(filesUnder(path.join(root, 'resources', 'powershell')));
      expect(filesUnder(path.join(resources, 'lab', 'demo'))).toEqual(filesUnder(path.join(root, 'lab', 'demo')));
      expect(filesUnder(path.join(resources, 'lab', 'demo'))).toEqual(expect.arrayContaining(['organisation.json', 'New-DemoLab.ps1']));
    }
  });
});
