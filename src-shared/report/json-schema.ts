import { z } from 'zod';
import { REPORT_SCHEMA_VERSION, ReportDocument } from './schema';

/**
 * The JSON Schema of the saved report, generated from the zod schema so the
 * two cannot drift. Published as docs/schemas/report.schema.json by
 * scripts/report-schema.mjs; a test fails when the published file is stale.
 */
export function reportJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(ReportDocument, { target: 'draft-2020-12', io: 'output' }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    $id: `urn:exchange-remediation-wizard:report:${REPORT_SCHEMA_VERSION}`,
    title: `Exchange Remediation Wizard report, version ${REPORT_SCHEMA_VERSION}`,
    description:
      'A report exported by the Exchange Remediation Wizard (exwiz report --format json): per-server facts, findings, the EEMS verdict, the update plan as action items, downloads, staging and the audit trail.',
    ...rest,
  };
}

/** The published file's text: stable key order, two-space indent, final newline. */
export function reportJsonSchemaText(): string {
  return `${JSON.stringify(reportJsonSchema(), null, 2)}\n`;
}
