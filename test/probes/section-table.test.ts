import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FACTS_SCHEMA_VERSION, ServerFacts } from '../../src-shared/domain/facts';

/**
 * The list of what the probe collects is written once, in probes/sections.json,
 * and the probe, the offline collector and the lab all read it. These checks
 * fail when the table and ServerFacts disagree, when a function or capture the
 * table names does not exist, or when a script names a registry key the table
 * does not have.
 */
const ROOT = path.resolve(__dirname, '../..');
const POWERSHELL = path.join(ROOT, 'resources', 'powershell');
const read = (...parts: string[]) => readFileSync(path.join(POWERSHELL, ...parts), 'utf8');

const Capture = z.object({ slot: z.string(), read: z.string(), notOn: z.array(z.string()).optional() }).strict();
const Section = z
  .object({
    key: z.string(),
    exchange: z.string().optional(),
    server: z.string().optional(),
    error: z.string(),
    required: z.boolean().optional(),
    notOn: z.array(z.string()).optional(),
    empty: z.unknown(),
    captures: z.array(Capture).optional(),
  })
  .strict();
const RegistryKey = z
  .object({ path: z.string().startsWith('HKLM:\\'), names: z.array(z.string()), subkeys: z.boolean().optional(), like: z.string().optional(), under: z.string().optional() })
  .strict();
const Table = z.object({ $comment: z.array(z.string()), factsSchemaVersion: z.number(), registry: z.record(z.string(), RegistryKey), sections: z.array(Section) }).strict();

const table = Table.parse(JSON.parse(read('probes', 'sections.json')));
/** Keys of the facts document that are about the run, not a section of the server. */
const RUN_KEYS = ['schemaVersion', 'collectedAt', 'collectionMethod', 'sectionErrors'];

function definedFunctions(text: string): Set<string> {
  return new Set([...text.matchAll(/^function ([A-Za-z-]+)/gm)].map(m => m[1] ?? ''));
}

describe('the probe section table (probes/sections.json)', () => {
  it('names the facts schema version the probe writes, the one ServerFacts accepts', () => {
    expect(table.factsSchemaVersion).toBe(FACTS_SCHEMA_VERSION);
  });

  it('has exactly one entry per ServerFacts section, in ServerFacts order', () => {
    const factKeys = Object.keys(ServerFacts.shape).filter(k => !RUN_KEYS.includes(k));
    expect(table.sections.map(s => s.key)).toEqual(factKeys);
  });

  it('gives every section a function and an empty value ServerFacts accepts', () => {
    for (const section of table.sections) {
      expect(section.exchange ?? section.server, section.key).toBeDefined();
      // A required section (identity) that was not read is what discovery said, filled in by the probe.
      if (section.required) continue;
      const schema = ServerFacts.shape[section.key as keyof typeof ServerFacts.shape];
      expect(schema.safeParse(section.empty).success, `${section.key}: empty ${JSON.stringify(section.empty)}`).toBe(true);
    }
  });

  it('names only functions that exist where they run', () => {
    const exchange = definedFunctions(read('probes', 'exchange-functions.ps1'));
    const server = definedFunctions(read('probes', 'server-functions.ps1'));
    const collector = definedFunctions(read('collector', 'Collector.template.ps1'));
    for (const section of table.sections) {
      if (section.exchange) expect(exchange.has(section.exchange), section.exchange).toBe(true);
      if (section.server) expect(server.has(section.server), section.server).toBe(true);
      for (const capture of section.captures ?? []) expect(collector.has(capture.read), capture.read).toBe(true);
    }
  });

  it('has every capture the collector records answered by the lab', () => {
    const lab = readdirSync(path.join(POWERSHELL, 'lab', 'parts'))
      .map(f => read('lab', 'parts', f))
      .join('\n');
    for (const capture of table.sections.flatMap(s => s.captures ?? [])) {
      // A file slot is read by name; a folder slot (the EEMS logs) by its path parts.
      const named = capture.slot.includes('.')
        ? lab.includes(`'${capture.slot}'`)
        : lab.includes(
            capture.slot
              .split('/')
              .map(p => `'${p}'`)
              .join(', '),
          );
      expect(named, capture.slot).toBe(true);
    }
  });

  it('is the only place registry keys are named: the scripts refer to them by the table names', () => {
    const names = new Set(Object.keys(table.registry));
    let references = 0;
    const scripts = [
      ['probes', 'server-functions.ps1'],
      ['probes', 'exchange-functions.ps1'],
      ['collector', 'Collector.template.ps1'],
      ...readdirSync(path.join(POWERSHELL, 'lab', 'parts')).map(f => ['lab', 'parts', f]),
    ];
    for (const parts of scripts) {
      const text = read(...parts);
      for (const [, name] of text.matchAll(/(?:Get-ExwizRegistryValue \$\w+|Test-ExwizRegistryKey \$\w+|Get-LabRegistryPath) '([^']+)'/g)) {
        expect(names.has(name ?? ''), `${parts.join('/')}: ${name}`).toBe(true);
        references += 1;
      }
      for (const [, list] of text.matchAll(/-Keys @\(([^)]*)\)/g)) {
        for (const [, name] of (list ?? '').matchAll(/'([^']+)'/g)) expect(names.has(name ?? ''), `${parts.join('/')}: ${name}`).toBe(true);
      }
      // No key path written out again (the lab's conversions of Health Checker's own captures aside).
      expect(text.match(/'HKLM:\\\\(SOFTWARE|SYSTEM)\\\\[^']*'/g) ?? [], parts.join('/')).toEqual([]);
    }
    expect(references).toBeGreaterThan(20);
  });

  it('is read by the probe, inlined into the collector and read by the lab', () => {
    expect(read('probes', 'Invoke-ServerProbe.ps1')).toContain("Read-ExwizPart 'sections.json'");
    expect(read('collector', 'Collector.template.ps1')).toContain('#@@EXWIZ-SECTIONS@@');
    expect(read('lab', 'ExwizLab.psm1')).toContain("'probes', 'sections.json'");
  });
});
