import { describe, expect, it } from 'vitest';
import { analyseServer, whyUpdatingFixes } from '../../src-shared/analysis';
import { builtInCatalog } from '../../src-shared/knowledge/catalog';
import { classifyBuild } from '../../src-shared/knowledge';
import { THIRD_CERTIFICATE_RULE } from '../helpers/third-certificate-rule';
import { healthyFacts } from './fixtures';

/** A demo-like SE server (Aug26SU-era build) below the hypothetical third rule's minimum. */
function analyseWithThirdRule(message?: string) {
  const catalog = structuredClone(builtInCatalog());
  catalog.certificateRules.push(structuredClone(THIRD_CERTIFICATE_RULE));
  const classification = classifyBuild('15.2.2562.53', { catalog, today: '2027-02-01' });
  const facts = healthyFacts({ exchange: { exSetupVersion: '15.2.2562.53' }, eems: message ? { events1008: [{ timeCreated: '2027-01-30T09:00:00Z', eventId: 1008, message }] } : {} });
  return { classification, result: analyseServer({ facts, classification, plan: null, error: null, today: '2027-02-01', organisationHasEsu: false }) };
}

describe('a third certificate rule is worded from its data alone', () => {
  it('gives a blocked verdict worded from the rule (name, explanation, symptom, links, why updating fixes)', () => {
    const { result, classification } = analyseWithThirdRule();
    const v = result.eems;
    expect(v.verdict).toBe('blocked-by-certificate');
    expect(v.cutoff).toBe('2027-01');
    expect(v.explanation).toContain('the Zebra 2027 certificate change');
    expect(v.explanation).toContain('Mitigations signed with the zebra key cannot be read by this build.');
    // The symptom is quoted as the server's only when its logs show it (issue 25).
    expect(v.explanation).not.toContain('zebra signature rejected');
    expect(analyseWithThirdRule('Mitigation fetch failed: zebra signature rejected by the client').result.eems.explanation).toContain('The server logs it as "zebra signature rejected"');
    expect(v.explanation).not.toMatch(/March 2023|June 2026|untrusted endpoint|unknown issuer/);
    expect(v.links.map(l => l.url)).toContain('https://learn.microsoft.com/en-us/exchange/zebra-2027');
    expect(whyUpdatingFixes(v, classification.certificateRules)).toBe('The Zebra 2027 update teaches EEMS the zebra key.');
  });

  it('gives findings worded from the rule, and recognises its logged symptom', () => {
    const { result } = analyseWithThirdRule('Mitigation fetch failed: zebra signature rejected by the client');
    const rule = result.findings.find(f => f.id === 'eems.certificate-2027-01');
    expect(rule?.severity).toBe('critical');
    expect(rule?.title).toBe('Build is too old for the Zebra 2027 certificate change');
    expect(rule?.why).toContain('Mitigations signed with the zebra key');
    expect(rule?.links.map(l => l.title)).toEqual(['Zebra 2027 announcement']);
    const logged = result.findings.find(f => f.id === 'eems.event-1008');
    expect(logged?.severity).toBe('critical');
    expect(logged?.title).toContain('zebra signature rejected');
    expect(logged?.links.map(l => l.title)).toEqual(['Zebra 2027 announcement']);
  });
});
