import { randomUUID } from 'node:crypto';
import { readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../src-shared/domain/errors';
import { SESSION_SCHEMA_VERSION, WizardSession, type AuditEntry, type ChecklistItemState } from '../../src-shared/wizard/session';
import { reassessFromFacts } from '../../src-shared/assessment/reassess-from-facts';
import type { Catalog } from '../../src-shared/knowledge/catalog';
import { writeFileAtomic } from './atomic-file';
import { CatalogStore } from './catalog-store';
import { acquireSessionLock, type SessionLock } from './session-lock';

/** Whether this instance may write the session, and anything the admin must be told about it. */
export interface SessionState {
  readOnly: boolean;
  /** Why the session is read-only, or that a damaged one was set aside; null when all is well. */
  notice: string | null;
}

/**
 * The wizard session on disk (session.json in the data folder).
 *
 * - Every change runs through one queue (load, change, write), so parallel
 *   changes are applied one after another and none is lost.
 * - A change is acknowledged only after its write reached the disk; a failed
 *   write is an error and the session in memory stays what is on disk.
 * - Writes go to a temporary file renamed over the old one, so a crash or a
 *   power cut leaves the previous session intact.
 * - A lock file (session.lock) keeps a second instance on the same data
 *   folder from overwriting the first: it opens the session read-only.
 * - A file that cannot be read is kept as session.corrupt-<time>.json (never
 *   deleted) and the admin is told; a fresh session starts.
 */
export class SessionStore {
  private cached: WizardSession | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private lock: SessionLock | null = null;
  private notice: string | null = null;
  readonly file: string;
  private readonly activeCatalog: () => Promise<Catalog>;

  /** `catalog`: the active catalog the saved scan is assessed against (default: this data folder's). */
  constructor(
    readonly directory: string,
    options: { catalog?: () => Promise<Catalog> } = {},
  ) {
    this.file = path.join(directory, 'session.json');
    this.activeCatalog = options.catalog ?? (async () => (await new CatalogStore(directory).active()).catalog);
  }

  /** Read-only state and notices, for the app info the renderer shows. */
  async state(): Promise<SessionState> {
    // Loading first: a damaged file is set aside (and noticed) while loading.
    await this.load().catch(() => undefined);
    const lock = this.takeLock();
    return {
      readOnly: !lock.held,
      notice: lock.held
        ? this.notice
        : `Another instance of the wizard (${lock.holder}) is using this data folder, so this one shows the session read-only. Close the other one and start this again to make changes.`,
    };
  }

  async load(): Promise<WizardSession> {
    return this.cached ?? this.enqueue(() => this.loadNow());
  }

  /** Applies a change and saves it; resolves only once the change is on disk. */
  async update(change: (session: WizardSession) => void): Promise<WizardSession> {
    return this.enqueue(async () => {
      const session = structuredClone(await this.loadNow());
      change(session);
      return this.write(session);
    });
  }

  async reset(): Promise<WizardSession> {
    return this.enqueue(async () => {
      const fresh = newSession();
      fresh.audit.push(auditEntry('session', 'Started over with a new session.', 'info'));
      return this.write(fresh);
    });
  }

  async appendAudit(action: string, detail: string, outcome: AuditEntry['outcome']): Promise<WizardSession> {
    return this.update(s => {
      s.audit.push(auditEntry(action, detail, outcome));
    });
  }

  /** Releases the lock file (engine shutdown). */
  close(): void {
    this.lock?.release();
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private takeLock(): SessionLock {
    this.lock ??= acquireSessionLock(path.join(this.directory, 'session.lock'));
    return this.lock;
  }

  private async loadNow(): Promise<WizardSession> {
    if (this.cached) return this.cached;
    const writable = this.takeLock().held;
    const text = await readFile(this.file, 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return null;
      throw new AppError('io', `The saved session ${this.file} could not be read (${err.code ?? err.message}).`, { fix: 'Check that your account may read the data folder.' });
    });
    if (text === null) {
      if (!writable) return (this.cached = newSession());
      return this.write(newSession());
    }
    const session = await this.usable(text);
    if (session) return (this.cached = session);
    if (!writable) return (this.cached = newSession());
    const aside = path.join(this.directory, `session.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    await rename(this.file, aside);
    this.notice = `The saved session could not be read and was kept as ${aside}; a new session was started.`;
    const fresh = newSession();
    fresh.audit.push(auditEntry('session', `The saved session could not be read and was kept as ${path.basename(aside)}; a new one was started.`, 'failed'));
    return this.write(fresh);
  }

  /**
   * The saved session when it is valid, with its scan's conclusions drawn again from the facts
   * and the active catalog: the file is data anyone with access to the folder can edit, and its
   * plan becomes the commands of the Upgrade step (`reassessFromFacts`). Null when unusable.
   */
  private async usable(text: string): Promise<WizardSession | null> {
    const result = WizardSession.safeParse(safeJson(text));
    if (!result.success) return null;
    if (!result.data.scan) return result.data;
    try {
      return { ...result.data, scan: reassessFromFacts(result.data.scan, await this.activeCatalog(), result.data.extendedProtectionChoices) };
    } catch {
      return null;
    }
  }

  private async write(session: WizardSession): Promise<WizardSession> {
    const lock = this.takeLock();
    if (!lock.held) {
      throw new AppError('access-denied', 'This wizard shows the session read-only: another instance is using the same data folder, so the change was not saved.', {
        fix: `Close the other instance (${lock.holder}) and start this one again.`,
      });
    }
    session.updatedAt = new Date().toISOString();
    try {
      await writeFileAtomic(this.file, `${JSON.stringify(session, null, 2)}\n`);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new AppError(code === 'ENOSPC' ? 'disk-full' : 'io', `The change could not be saved to ${this.file}${code ? ` (${code})` : ''}: it was not kept.`, {
        fix: 'Free some disk space or check that your account may write the data folder, then do it again.',
        detail: err instanceof Error ? err.message : String(err),
      });
    }
    this.cached = session;
    return session;
  }
}

export function newSession(): WizardSession {
  const now = new Date().toISOString();
  return {
    schemaVersion: SESSION_SCHEMA_VERSION,
    id: randomUUID(),
    createdAt: now,
    updatedAt: now,
    currentStep: 'welcome',
    organisation: { mode: 'demo', hasEsu: false, serverNames: [] },
    discovered: [],
    discoveryErrors: [],
    scan: null,
    downloads: [],
    staging: [],
    checklist: {},
    audit: [],
  };
}

/**
 * Saves one runbook item's tick. Own properties only: a key must never reach Object.prototype
 * (the schema refuses such keys too).
 */
export function setTick(session: WizardSession, key: string, item: string, state: ChecklistItemState): void {
  const items = Object.hasOwn(session.checklist, key) ? (session.checklist[key] as Record<string, ChecklistItemState>) : (session.checklist[key] = {});
  items[item] = state;
}

/** An audit-trail entry stamped now. */
export function auditEntry(action: string, detail: string, outcome: AuditEntry['outcome']): AuditEntry {
  return { at: new Date().toISOString(), action, detail, outcome };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
