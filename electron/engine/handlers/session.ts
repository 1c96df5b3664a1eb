import path from 'node:path';
import { sessionRunbook, findRunbookItem } from '../../../src-shared/wizard/session-runbook';
import { AppError } from '../../../src-shared/domain/errors';
import { sameServer } from '../../../src-shared/domain/server-identity';
import { applicableChoices, planWithExtendedProtectionChoices } from '../../../src-shared/assessment/extended-protection-choices';
import { extendedProtectionChoiceLabel } from '../../../src-shared/wizard/extended-protection-choice';
import { writeFileAtomic } from '../atomic-file';
import type { EngineContext } from '../context';
import type { EngineHandlers } from '../dispatch';
import { auditEntry, setTick } from '../session-store';

type SessionHandlers = Pick<EngineHandlers, 'loadSession' | 'updateSession' | 'resetSession' | 'setExtendedProtectionChoice'>;

export function createSessionHandlers(ctx: EngineContext): SessionHandlers {
  return {
    async loadSession() {
      return { session: await ctx.sessions.load() };
    },
    async updateSession(change) {
      if (change.checklist?.done) await playDemoNight(ctx, change.checklist.server, change.checklist.item);
      const session = await ctx.sessions.update(s => {
        if (change.currentStep) s.currentStep = change.currentStep;
        if (change.organisation) s.organisation = change.organisation;
        if (change.discovered) s.discovered = change.discovered;
        if (change.checklist) {
          const { server, item, done } = change.checklist;
          // A tick by hand is the admin's word: it carries no proof, even where a check proved it before.
          setTick(s, server, item, { done, at: done ? new Date().toISOString() : null, proof: null });
          s.audit.push(auditEntry('tick', `${item} of ${server} ${done ? 'ticked' : 'unticked'} by hand.`, 'info'));
        }
      });
      return { session };
    },
    async setExtendedProtectionChoice({ sessionId, serverName, choice }) {
      const { catalog } = await ctx.catalogs.active();
      const session = await ctx.sessions.update(s => {
        if (s.id !== sessionId) {
          throw new AppError('invalid-input', 'The session changed since this page showed it (Start over in another window?), so the Extended Protection choice was not saved.', {
            fix: 'Reload the page and choose again.',
          });
        }
        if (!s.scan) throw new AppError('not-found', 'There is no scan to plan yet, so there is no Setup to choose for.', { fix: 'Scan the servers first.' });
        const names = s.scan.servers.map(x => x.name);
        // Choices for servers no longer scanned are dropped; another spelling of this server is replaced.
        const choices = Object.fromEntries(Object.entries(applicableChoices(names, s.extendedProtectionChoices)).filter(([name]) => !sameServer(name, serverName)));
        // The use-case refuses a server the scan does not have (invalid-input), before anything is saved.
        s.scan = planWithExtendedProtectionChoices(s.scan, { ...choices, [serverName]: choice }, catalog);
        s.extendedProtectionChoices = applicableChoices(names, { ...choices, [serverName]: choice });
        const name = names.find(n => sameServer(n, serverName)) ?? serverName;
        s.audit.push(auditEntry('extended-protection', `${name}: Extended Protection after Setup set to "${extendedProtectionChoiceLabel(choice)}"; the plan was made again.`, 'info'));
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

/** In the demo, the server an item acts on moves to the state running that item leaves it in. */
async function playDemoNight(ctx: EngineContext, key: string, itemId: string): Promise<void> {
  const session = await ctx.sessions.load();
  if (!session.scan) return;
  const found = findRunbookItem(sessionRunbook(session.scan, session.downloads, session.staging, (await ctx.catalogs.active()).catalog), key, itemId);
  if (found) await ctx.demoNight.played(session, found.item, found.section.server);
}
