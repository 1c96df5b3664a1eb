#!/usr/bin/env node
// Publishes the JSON Schema of the exported JSON report:
//   docs/schemas/report.schema.json   z.toJSONSchema of src-shared/report/schema.ts
//
//   node scripts/report-schema.mjs           regenerate it
//   node scripts/report-schema.mjs --check   exit 1 when the committed file is stale
//
// test/report/json-schema.test.ts fails when the file is stale, so a change to
// the report schema cannot land without regenerating it.
import { importTypeScript } from './lib/import-ts.mjs';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const target = path.join(root, 'docs', 'schemas', 'report.schema.json');

// The schema lives in TypeScript.
const { reportJsonSchemaText } = await importTypeScript(path.join(root, 'src-shared', 'report', 'json-schema.ts'));
const text = reportJsonSchemaText();

if (process.argv.includes('--check')) {
  const current = existsSync(target) ? readFileSync(target, 'utf8') : '';
  if (current !== text) {
    process.stderr.write(`${path.relative(root, target)} is stale: run "node scripts/report-schema.mjs".\n`);
    process.exit(1);
  }
  process.stdout.write(`${path.relative(root, target)} is up to date.\n`);
} else {
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, text);
  process.stdout.write(`wrote ${path.relative(root, target)} (${text.length} bytes)\n`);
}
