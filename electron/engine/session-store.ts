import { randomUUID } from 'node:crypto';
import { readFile, rename } from 'node:fs/promises';
import { writeFileAtomic } from './atomic-file';
import path from 'node:path';
import { SESSION_SCHEMA_VERSION, WizardSession, type AuditEntry } from '../../src-shared/wizard/session';

/**
 * The wizard session on disk (session.json in the data folder).
 *
 * Writes go to a temporary file that is renamed over the old one, so a crash or
 * a power cut mid-write leaves the previous session intact. A file that cannot
 * be read is set aside (never deleted) and a fresh session starts.
 */
export class SessionStore {
  private cached: WizardSession | null = null;
  private writing: Promise<void> = Promise.resolve();
  readonly file: string;

  constructor(readonly directory: string) {
    this.file = path.join(directory, 'session.json');
  }

  async load(): Promise<WizardSession> {
    if (this.cached) return this.cached;
    const text = await readFile(this.file, 'utf8').catch(() => null);
    if (text !== null) {
      const parsed = safeJson(text);
      const result = WizardSession.safeParse(parsed);
      if (result.success) {
        this.cached = result.data;
        return result.data;
      }
      const aside = path.join(this.directory, `session.unreadable-${Date.now()}.json`);
      await rename(this.file, aside).catch(() => undefined);
      const fresh = newSession();
      fresh.audit.push(auditEntry('session', `The saved session could not be read and was kept as ${path.basename(aside)}; a new one was started.`, 'failed'));
      return this.save(fresh);
    }
    return this.save(newSession());
  }

  /** Applies a change and saves; changes are applied one after another. */
  async update(change: (session: WizardSession) => void): Promise<WizardSession> {
    const session = structuredClone(await this.load());
    change(session);
    return this.save(session);
  }

  async reset(): Promise<WizardSession> {
    const fresh = newSession();
    fresh.audit.push(auditEntry('session', 'Started over with a new session.', 'info'));
    return this.save(fresh);
  }

  async appendAudit(action: string, detail: string, outcome: AuditEntry['outcome']): Promise<WizardSession> {
    return this.update(s => {
      s.audit.push(auditEntry(action, detail, outcome));
    });
  }

  private async save(session: WizardSession): Promise<WizardSession> {
    session.updatedAt = new Date().toISOString();
    this.cached = session;
    // Serialised now: later changes to the object must not leak into this write.
    const text = `${JSON.stringify(session, null, 2)}\n`;
    const write = async () => {
      await writeFileAtomic(this.file, text);
    };
    this.writing = this.writing.then(write, write);
    await this.writing;
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
