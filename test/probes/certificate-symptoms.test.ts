import { describe, expect, it } from 'vitest';
import { builtInCatalog, certificateLogSymptoms } from '../../src-shared/knowledge';
import { THIRD_CERTIFICATE_RULE } from '../helpers/third-certificate-rule';
import { useRealPwshHost } from '../helpers/pwsh';
import { probeLab } from './helpers';

/** EEMS log lines as the service writes them; the zebra one names the hypothetical third rule's symptom. */
const LOG = [
  'FetchMitigation,S:LogLevel=Warning;S:Message=Connection attempted against untrusted endpoint',
  'FetchMitigation,S:LogLevel=Warning;S:Message=Zebra Signature Rejected by the service',
  'FetchMitigation,S:LogLevel=Information;S:Message=Next check in 01:00:00',
];

describe('the probe keeps the EEMS log lines naming a symptom of the catalog it is given', () => {
  const pwsh = useRealPwshHost('exwiz-symptoms-');

  it('evidences a rule of an imported catalog from the log (matched as text, case-insensitive)', async () => {
    const catalog = structuredClone(builtInCatalog());
    catalog.certificateRules.push(structuredClone(THIRD_CERTIFICATE_RULE));
    const facts = await probeLab(pwsh.host, { config: { eemsLog: LOG }, symptoms: certificateLogSymptoms(catalog.certificateRules) });
    expect(facts.eems.certificateLogLines?.map(l => l.line)).toEqual([LOG[1], LOG[0]]);
  });

  it('keeps no line of a rule the catalog does not have', async () => {
    const facts = await probeLab(pwsh.host, { config: { eemsLog: LOG } });
    expect(facts.eems.certificateLogLines?.map(l => l.line)).toEqual([LOG[0]]);
  });
});
