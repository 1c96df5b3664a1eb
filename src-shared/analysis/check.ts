import type { ServerFacts } from '../domain/facts';
import type { BuildClassification, ServerPlan } from '../knowledge/types';
import type { DocLink, Evidence, Finding, Severity } from './types';
import { isEdgeTransport } from '../domain/exchange-server';

/** Everything a check may look at for one server. */
export interface CheckContext {
  facts: ServerFacts | null;
  classification: BuildClassification | null;
  plan: ServerPlan | null;
  /** The day the analysis is for (YYYY-MM-DD): support and expiry are relative to it. */
  today: string;
  organisationHasEsu: boolean;
}

/** A check returns the findings it can support with evidence; none when it has no data. */
export type Check = (ctx: CheckContext) => Finding[];

export interface FindingText {
  evidence: Evidence[];
  why: string;
  action: string;
  links?: DocLink[];
}

export function finding(id: string, severity: Severity, title: string, text: FindingText): Finding {
  return { id, severity, title, evidence: text.evidence, why: text.why, action: text.action, links: text.links ?? [] };
}

export function ev(label: string, value: string | number | boolean | null | undefined): Evidence {
  return { label, value: value === null || value === undefined ? 'unknown' : String(value) };
}

/** An Edge Transport server, by the one definition in domain/exchange-server.ts. */
export function isEdge(ctx: CheckContext): boolean {
  return isEdgeTransport({ facts: ctx.facts, roles: [] });
}
