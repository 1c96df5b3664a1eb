import type { CertificateRule } from '../../src-shared/knowledge';

/**
 * A hypothetical third certificate cut-off, worded entirely by its data. Tests add it to a copy
 * of the catalog to prove that everything the wizard says about a cut-off comes from the rule.
 */
export const THIRD_CERTIFICATE_RULE: CertificateRule = {
  id: 'ocs-certificate-2027-01',
  cutoff: '2027-01',
  title: 'Hypothetical January 2027 signing change',
  effectiveDate: '2027-01-15',
  summary: 'A hypothetical change used by tests.',
  consequence: 'EEMS cannot use mitigations signed with the January 2027 key.',
  fix: 'Install the hypothetical January 2027 update.',
  wording: {
    name: 'Zebra 2027',
    hits: 'builds older than the Zebra 2027 update',
    buildsReleasedBefore: '2027-01-12',
    chartLabel: 'Zebra 2027 cut-off',
    explanation: 'Mitigations signed with the zebra key cannot be read by this build.',
    symptom: 'zebra signature rejected',
    whyUpdatingFixes: 'The Zebra 2027 update teaches EEMS the zebra key.',
    plainTestNote: null,
    links: [{ title: 'Zebra 2027 announcement', url: 'https://learn.microsoft.com/en-us/exchange/zebra-2027' }],
  },
  minimumBuilds: [{ product: 'Exchange SE', cu: 'RTM', build: '15.2.2562.57', note: null }],
  borderlineBuilds: [{ build: '15.2.2562.56', reason: 'test borderline' }],
  symptoms: [],
  sources: [{ title: 'test', url: null }],
};
