import path from 'node:path';
import { writeFileAtomic } from '../atomic-file';
import type { EngineContext } from '../context';
import type { EngineHandlers } from '../dispatch';

type SessionHandlers = Pick<EngineHandlers, 'loadSession' | 'updateSession' | 'resetSession'>;

export function createSessionHandlers(ctx: EngineContext): SessionHandlers {
  return {
    async loadSession() {
      return { session: await ctx.sessions.load() };
    },
    async updateSession(change) {
      const session = await ctx.sessions.update(s => {
        if (change.currentStep) s.currentStep = change.currentStep;
        if (change.organisation) s.organisation = change.organisation;
        if (change.discovered) s.discovered = change.discovered;
        if (change.checklist) {
          const { server, item, done } = change.checklist;
          // Own properties only: a key must never reach Object.prototype (the schema refuses such keys too).
          const items = Object.hasOwn(s.checklist, server) ? (s.checklist[server] as Record<string, { done: boolean; at: string | null }>) : (s.checklist[server] = {});
          items[item] = { done, at: done ? new Date().toISOString() : null };
        }
      });
      return { session };
    },
    async resetSession() {
      ctx.jobs.cancelAll();
      // Start over keeps the old session: it is archived before the new one replaces it.
      const old = await ctx.sessions.load();
      const archivedAs = path.join(ctx.sessions.directory, 'archive', `session-${old.updatedAt.replace(/[:.]/g, '-')}-${old.id.slice(0, 8)}.json`);
      await writeFileAtomic(archivedAs, `${JSON.stringify(old, null, 2)}\n`);
      await ctx.sessions.reset();
      return { session: await ctx.sessions.appendAudit('session', `The previous session was archived as ${path.basename(archivedAs)}.`, 'info'), archivedAs };
    },
  };
}
