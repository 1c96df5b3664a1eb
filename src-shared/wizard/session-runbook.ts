import type { ScanReport } from '../assessment/scan-report';
import type { DownloadResult, StageResult } from '../domain/transfer';
import type { Catalog } from '../knowledge/catalog-schema';
import type { ChecklistItem, ChecklistSection } from './checklist-item';
import { organisationChecklistForScan } from './organisation-checklist';
import { stagedCopyOf } from './staged-copy';

/**
 * The runbook of a session, as the Upgrade step shows it and the engine checks it: the
 * organisation checklist of the scan, with the paths where the Stage step put each server's files
 * and the hashes the Download step recorded. One function, so the item the engine runs a check
 * for is the item the admin sees.
 */
export function sessionRunbook(report: ScanReport, downloads: readonly DownloadResult[], staging: readonly StageResult[], catalog?: Catalog): ChecklistSection[] {
  const downloadByPackage = new Map(downloads.filter(d => d.manifest.updateId).map(d => [d.manifest.updateId as string, d]));
  const fileHashes = Object.fromEntries(downloads.filter(d => d.manifest.updateId).map(d => [d.manifest.updateId as string, d.manifest.sha256]));
  const stagedPaths: Record<string, Record<string, string>> = {};
  for (const server of report.servers) {
    const paths: Record<string, string> = {};
    for (const [updateId, download] of downloadByPackage) {
      const staged = stagedCopyOf(staging, server, download);
      if (staged) paths[updateId] = localPathOnServer(staged.destinationPath);
    }
    stagedPaths[server.name] = paths;
  }
  return organisationChecklistForScan(report, { stagedPaths, fileHashes, ...(catalog ? { catalog } : {}) });
}

/** Ticks of a section are saved under its server's name (the report reads them there), else under the section's id. */
export function checklistKey(section: ChecklistSection): string {
  return section.server ?? section.id;
}

/** The item saved under `key` with id `item`, and its section; null when the runbook has no such item. */
export function findRunbookItem(sections: readonly ChecklistSection[], key: string, item: string): { section: ChecklistSection; item: ChecklistItem } | null {
  for (const section of sections) {
    if (checklistKey(section) !== key) continue;
    const found = section.items.find(i => i.id === item);
    if (found) return { section, item: found };
  }
  return null;
}

/**
 * \\server\C$\dir\file (or the demo's stand-in <data>/demo-servers/<server>/C$/dir/file)
 * → C:\dir\file: the path as the admin sees it on the server.
 */
export function localPathOnServer(path: string): string {
  const match = /[\\/]([A-Za-z])\$[\\/](.*)$/.exec(path);
  return match ? `${match[1]!.toUpperCase()}:\\${match[2]!.replace(/\//g, '\\')}` : path;
}
