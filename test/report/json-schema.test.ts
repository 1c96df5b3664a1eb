import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/domain/errors';
import { reportFromScan, reportFromSession } from '../../src-shared/report/build';
import { parseJsonText, parseReport, renderJson } from '../../src-shared/report/json';
import { reportJsonSchemaText } from '../../src-shared/report/json-schema';
import { REPORT_OPTIONS, sampleScan, sampleSession } from './fixtures';

const published = path.resolve(__dirname, '..', '..', 'docs', 'schemas', 'report.schema.json');

function validator() {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  // zod writes format "uri" for documentation links; ajv has no formats built in.
  ajv.addFormat('uri', /^[a-z][a-z0-9+.-]*:[^\s]*$/i);
  return ajv.compile(JSON.parse(readFileSync(published, 'utf8')));
}

describe('JSON report and its published schema', () => {
  it('the published schema is what the zod schema generates (run "node scripts/report-schema.mjs" when not)', () => {
    expect(readFileSync(published, 'utf8')).toBe(reportJsonSchemaText());
  });

  it('exported JSON validates against the published schema: session, scan and redacted reports', () => {
    const validate = validator();
    for (const report of [reportFromSession(sampleSession(), REPORT_OPTIONS), reportFromScan(sampleScan(), REPORT_OPTIONS), reportFromSession(sampleSession(), { ...REPORT_OPTIONS, redact: true })]) {
      const value = JSON.parse(renderJson(report));
      expect(validate(value), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    }
  });

  it('the schema rejects what it should', () => {
    const validate = validator();
    const value = JSON.parse(renderJson(reportFromSession(sampleSession(), REPORT_OPTIONS)));
    expect(validate({ ...value, schemaVersion: 1 })).toBe(false);
    expect(validate({ ...value, servers: [{ ...value.servers[0], severity: 'catastrophic' }] })).toBe(false);
    const { summary: _summary, ...withoutSummary } = value;
    expect(validate(withoutSummary)).toBe(false);
  });

  it('a saved report reads back identical', () => {
    const report = reportFromSession(sampleSession(), REPORT_OPTIONS);
    expect(parseReport(parseJsonText(renderJson(report)))).toEqual(report);
  });

  it('refuses files that are not reports, reports of another version, and damaged reports, saying why', () => {
    const value = JSON.parse(renderJson(reportFromScan(sampleScan(), REPORT_OPTIONS)));
    const failure = (input: unknown) => {
      try {
        parseReport(input, 'report.json');
      } catch (err) {
        return err as AppError;
      }
      throw new Error('accepted');
    };
    expect(failure(sampleScan())).toMatchObject({ code: 'invalid-input', message: 'report.json is not a report saved by the Exchange Remediation Wizard.' });
    expect(failure({ ...value, schemaVersion: 7 })).toMatchObject({ code: 'unsupported', fix: 'Open it with a newer version of the wizard.' });
    expect(failure({ ...value, servers: 'none' }).message).toMatch(/damaged or was edited: servers:/);
    expect(() => parseJsonText('{"kind": ', 'x.json')).toThrow('x.json is not valid JSON.');
  });
});
