import { dotNetVersionOf } from '../domain/dotnet-release';
import type { PlanInput, PlanStep } from './types';
import type { Catalog, OsVersion, TargetPrerequisites } from './catalog-schema';

export type StepPrerequisite = PlanStep['prerequisites'][number];

/** The OS of a server from its build number, else from its product name; null when unknown. */
export function serverOs(catalog: Catalog, input: Pick<PlanInput, 'osBuildNumber' | 'osProductName'>): OsVersion | null {
  if (input.osBuildNumber !== null) {
    const byBuild = catalog.osVersions.find(o => o.buildNumber === input.osBuildNumber);
    if (byBuild) return byBuild;
  }
  if (input.osProductName) {
    const name = input.osProductName.toLowerCase();
    // Longest name first so "Windows Server 2012 R2" wins over "Windows Server 2012".
    const byName = [...catalog.osVersions].sort((a, b) => b.name.length - a.name.length).find(o => name.includes(o.name.toLowerCase()));
    if (byName) return byName;
  }
  return null;
}

/**
 * Checks a server against what a target (CU or SE release) needs: supported OS, .NET release,
 * Visual C++ 2012/2013, UCMA 4.0, IIS URL Rewrite and free space on the install drive. Edge
 * Transport servers need only the OS, .NET, Visual C++ 2012 and the disk space. `met` is null
 * where the server's value is unknown.
 */
export function checkPrerequisites(catalog: Catalog, target: TargetPrerequisites, input: PlanInput): StepPrerequisite[] {
  const label = `${target.product} ${target.cu}`;
  const os = serverOs(catalog, input);
  const osNames = target.supportedOs.map(id => catalog.osVersions.find(o => o.id === id)?.name ?? id);
  const osLine = osNames.join(', ');
  const result: StepPrerequisite[] = [];
  const osSupported = os === null ? null : target.supportedOs.includes(os.id);
  result.push({
    id: 'os',
    title: `Windows Server version supported by ${label}`,
    met: osSupported,
    detail:
      os === null
        ? `${label} runs on ${osLine}; this server's Windows version is not known.`
        : osSupported
          ? `${os.name} is supported (${label} runs on ${osLine}).`
          : `${os.name} is not supported by ${label} (it runs on ${osLine}). Windows cannot be upgraded in place under Exchange: a new server is needed.${target.osNotes.length > 0 ? ` ${target.osNotes.join(' ')}` : ''}`,
  });

  const forOs = os === null ? [] : target.dotNet.filter(d => d.os === os.id);
  // Unknown or unsupported OS: judge against the lowest requirement the target has anywhere.
  const dotNetRows = forOs.length > 0 ? forOs : target.dotNet;
  const minimum = Math.min(...dotNetRows.map(d => d.minimumRelease));
  const recommended = Math.max(...dotNetRows.map(d => d.recommendedRelease));
  if (Number.isFinite(minimum)) {
    const release = input.dotNetRelease;
    const need = `${dotNetName(minimum)} (Release ${minimum})${recommended > minimum ? `, ${dotNetName(recommended)} (Release ${recommended}) recommended` : ''}`;
    result.push({
      id: 'dotnet',
      title: `${dotNetName(minimum)} or newer`,
      met: release === null ? null : release >= minimum,
      detail:
        release === null
          ? `${label} needs ${need}; the installed .NET release is not known.`
          : `Installed Release ${release} (${dotNetName(release)}); ${label} needs ${need}. Install only a .NET version both the current and the target build support.`,
    });
  }

  result.push(versionCheck('vcredist-2012', 'Visual C++ 2012 x64', target.vcRedist2012, input.vcRedist2012));
  const edge = input.isEdge === true;
  if (!edge) {
    result.push(versionCheck('vcredist-2013', 'Visual C++ 2013 x64', target.vcRedist2013, input.vcRedist2013));
    if (target.ucma) result.push(presence('ucma', 'Unified Communications Managed API (UCMA) 4.0', input.ucmaInstalled, 'Setup needs it on Mailbox servers (\\UCMARedist on the Exchange media).'));
    if (target.urlRewrite) result.push(presence('url-rewrite', 'IIS URL Rewrite Module', input.urlRewriteInstalled, 'EEMS applies its mitigations as URL Rewrite rules.'));
  }
  const free = input.installDriveFreeBytes;
  const needGb = Math.round(target.installDriveFreeBytes / 1024 ** 3);
  result.push({
    id: 'disk-space',
    title: `At least ${needGb} GB free on the Exchange install drive`,
    met: free === null ? null : free >= target.installDriveFreeBytes,
    detail: free === null ? `Setup needs ${needGb} GB free; the free space is not known.` : `${(free / 1024 ** 3).toFixed(1)} GB free; Setup needs ${needGb} GB.`,
  });
  return result;
}

/** ".NET Framework 4.8" for any Release value of 4.8 (each OS writes its own), by Microsoft's ranges. */
function dotNetName(release: number): string {
  const version = dotNetVersionOf(release);
  return version ? `.NET Framework ${version.name}` : `.NET Framework release ${release}`;
}

function versionCheck(id: string, name: string, required: string, installed: string | null): StepPrerequisite {
  const met = installed === null ? null : compareDotted(installed, required) >= 0;
  return {
    id,
    title: `${name} ${required} or newer`,
    met,
    detail: installed === null ? `Not found or not read on this server; ${required} is needed.` : `Installed ${installed}; ${required} is needed.`,
  };
}

function presence(id: string, title: string, installed: boolean | null, why: string): StepPrerequisite {
  return {
    id,
    title,
    met: installed,
    detail: `${installed === null ? 'Not known whether it is installed.' : installed ? 'Installed.' : 'Not installed.'} ${why}`,
  };
}

/** Compares dotted version texts numerically ("11.0.61030" vs "11.0.61030.0"); unreadable parts count as 0. */
export function compareDotted(a: string, b: string): number {
  const pa = a.split('.').map(n => Number.parseInt(n, 10) || 0);
  const pb = b.split('.').map(n => Number.parseInt(n, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
