#!/usr/bin/env node
// Builds the Exchange build catalog the app ships with:
//   src-shared/knowledge/data/catalog.json         the data (committed: the app never needs the reference)
//   src-shared/knowledge/data/catalog.schema.json  its JSON Schema (z.toJSONSchema of the zod schema)
//
// Sources: the project's reference folder, by default ../shared/reference next to the repository
// (the `shared/` folder every checkout of this project has beside it):
//   exchange-builds.csv            curated table (2013 CU23, 2016 CU19+, 2019 CU9+, SE; through Nov 2026)
//   exchange-all-builds-learn.csv  every build Microsoft Learn listed on 2026-08-20
// and the hand-entered facts of exchange-updates.md in ./facts.mjs (lifecycle, AD levels, rules,
// prerequisites). The curated table wins where both CSVs have a build.
//
//   node scripts/catalog/build-catalog.mjs                    regenerate both files
//   node scripts/catalog/build-catalog.mjs --reference DIR    read the CSVs from DIR
//   node scripts/catalog/build-catalog.mjs --check            exit 1 when the committed files are stale
//
// The generated data is validated with the app's own zod schema before it is written.
import { importTypeScript } from '../lib/import-ts.mjs';
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as facts from './facts.mjs';

const { sharedDirectory } = createRequire(import.meta.url)('../lib/shared-dir.cjs');
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEFAULT_REFERENCE_DIR = path.join(sharedDirectory(root), 'reference');
export const CATALOG_FILE = path.join(root, 'src-shared', 'knowledge', 'data', 'catalog.json');
export const SCHEMA_FILE = path.join(root, 'src-shared', 'knowledge', 'data', 'catalog.schema.json');

const PRODUCT_ORDER = facts.PRODUCTS.map(p => p.product);
const VERSION_TO_PRODUCTS = { '15.0': ['Exchange 2013'], 15.1: ['Exchange 2016'], 15.2: ['Exchange 2019', 'Exchange SE'] };

/** Minimal RFC 4180 CSV reader (quoted fields may hold commas). */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.some(f => f !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  const [header, ...body] = rows;
  return body.map(r => Object.fromEntries(header.map((h, i) => [h, (r[i] ?? '').trim()])));
}

function compareBuilds(a, b) {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 4; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
}

const version = build => build.split('.').slice(0, 2).join('.');

function releaseDate(text) {
  const m = /^(\d{4}-\d{2}(?:-\d{2})?)/.exec(text);
  if (!m) throw new Error(`unreadable release date "${text}"`);
  return m[1];
}

/** One row of the curated table as a catalog build. */
function curatedBuild(row, learnName) {
  const flags = row.flags.split(';');
  const kbMatch = /KB\d+/.exec(row.kb);
  return {
    build: row.build,
    product: row.product,
    cu: row.cu,
    update: row.update === '-' ? null : row.update,
    type: row.type,
    releaseDate: releaseDate(row.release_date),
    kb: kbMatch ? kbMatch[0] : null,
    kbVerified: kbMatch !== null && !/UNVERIFIED/i.test(row.kb),
    page: row.link_on_learn === '-' ? null : row.link_on_learn,
    esuOnly: flags.includes('ESU-ONLY'),
    lastPublicSu: flags.includes('LAST-PUBLIC-SU'),
    reRelease: flags.includes('RE-RELEASE'),
    nameByConvention: flags.includes('NAME-BY-CONVENTION'),
    fileVersionOf: null,
    learnName,
    sources: row.sources,
  };
}

/**
 * A Learn-only row: product, CU and update read from the name Learn gives it, e.g.
 * "Exchange Version 2013 SP1 (CU4) + KB3184736" or "Exchange Server 2019 CU14 Apr24HU".
 */
function learnBuild(row, warnings) {
  const m = /^Exchange (Server|Version) (2013|2016|2019|SE)\b\s*(.*)$/.exec(row.name_on_learn);
  if (!m) throw new Error(`cannot read the Learn name "${row.name_on_learn}" of ${row.build}`);
  const [, form, year, restRaw] = m;
  const candidates = VERSION_TO_PRODUCTS[version(row.build)];
  if (!candidates) throw new Error(`${row.build} is not an Exchange 2013/2016/2019/SE build`);
  let product = `Exchange ${year}`;
  let sources = 'L';
  if (!candidates.includes(product)) {
    warnings.push(`${row.build}: Learn calls it "${row.name_on_learn}"; ${version(row.build)} is ${candidates[0]}, used instead`);
    sources = `L (Learn names it "${row.name_on_learn}"; a ${version(row.build)} build is ${candidates[0]})`;
    product = candidates[0];
  }
  let rest = restRaw
    .replace(/\((?:CU\d+|\d{4}H\d)\)/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const cuMatch = /^(RTM|Preview|SP1|CU\d+)\b\s*/.exec(rest);
  const cu = cuMatch ? cuMatch[1] : 'RTM';
  rest = rest.slice(cuMatch ? cuMatch[0].length : 0).trim();
  let update = null;
  let type = cu === 'RTM' ? 'RTM' : cu === 'Preview' ? 'Preview' : 'CU';
  let kb = null;
  let kbVerified = false;
  const kbMatch = /^\+\s*(KB\d+)(v\d+)?$/.exec(rest);
  const named = /^([A-Z][a-z]{2}\d{2}(SU|HU)(v\d+)?)$/.exec(rest);
  if (kbMatch) {
    const corrected = facts.KB_CORRECTIONS[kbMatch[1]];
    kb = corrected ?? kbMatch[1];
    kbVerified = corrected === undefined;
    if (corrected) sources = `L (Learn writes ${kbMatch[1]}, corrected to ${corrected})`;
    update = kb + (kbMatch[2] ?? '');
    type = 'SU';
  } else if (named) {
    update = named[1];
    type = named[2];
  } else if (rest !== '') {
    throw new Error(`cannot read the update part "${rest}" of "${row.name_on_learn}"`);
  }
  return {
    build: row.build,
    product,
    cu,
    update,
    type,
    releaseDate: releaseDate(row.release_date),
    kb,
    kbVerified,
    page: null,
    esuOnly: false,
    lastPublicSu: false,
    reRelease: false,
    nameByConvention: false,
    // "Exchange Version 2019 CU9" (no update) is a file version of the CU, e.g. OwaVersion 15.2.858.2.
    fileVersionOf: form === 'Version' && update === null ? 'pending' : null,
    learnName: row.name_on_learn,
    sources,
  };
}

const slug = text =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
const compact = product => product.replace('Exchange ', '');

function packagesFor(builds, cus) {
  const packages = [];
  for (const cu of cus) {
    if (!cu.downloadPage) continue;
    const name = facts.ISO_FILE_NAMES[`${cu.product}|${cu.cu}`] ?? `ExchangeServer${compact(cu.product)}-x64-${cu.cu}.iso`;
    packages.push({
      id: `${slug(cu.product)}-${slug(cu.cu)}-iso`,
      product: cu.product,
      cu: cu.cu,
      update: null,
      build: cu.build,
      fileName: name,
      url: null,
      downloadPage: cu.downloadPage,
      sha256: null,
      sizeBytes: null,
      esuOnly: false,
      kind: 'iso',
      fileNameConfirmed: false,
      kb: cu.kb,
      title: `${cu.product} ${cu.cu} (full installation media)`,
    });
  }
  for (const b of builds) {
    if ((b.type !== 'SU' && b.type !== 'HU') || b.releaseDate < facts.EXE_PACKAGES_SINCE || b.fileVersionOf) continue;
    const year = compact(b.product);
    // Microsoft's pattern Exchange2019-KB<n>-x64-en.exe is verified for 2016/2019 SUs (KB5014261's
    // hash table); HUs, 2013 and SE ("ExchangeSubscriptionEdition-KB…" in third-party sources) are not.
    // Without a confirmed KB the name is ours, tagged with CU and update (SU names repeat across CUs).
    let fileName;
    let confirmed = false;
    if (b.kb && b.kbVerified && b.product === 'Exchange SE') fileName = `ExchangeSubscriptionEdition-${b.kb}-x64-en.exe`;
    else if (b.kb && b.kbVerified) {
      fileName = `Exchange${year}-${b.kb}-x64-en.exe`;
      confirmed = b.type === 'SU' && b.kbVerified && (b.product === 'Exchange 2016' || b.product === 'Exchange 2019');
    } else fileName = `Exchange${year.replace(' ', '')}-${b.cu}-${b.update}-x64-en.exe`;
    const sha256 = facts.PUBLISHED_SHA256[`${b.product}|${b.cu}|${b.update}|exe`] ?? null;
    packages.push({
      id: `${slug(b.product)}-${slug(b.cu)}-${slug(b.update)}-exe`,
      product: b.product,
      cu: b.cu,
      update: b.update,
      build: b.build,
      fileName,
      url: null,
      downloadPage: b.page ?? (b.esuOnly ? null : facts.LEARN_BUILDS_PAGE),
      sha256,
      sizeBytes: null,
      esuOnly: b.esuOnly,
      kind: 'exe',
      fileNameConfirmed: confirmed,
      kb: b.kbVerified ? b.kb : null,
      title: `${b.product} ${b.cu} ${b.update}${b.esuOnly ? ' (ESU only)' : ''}`,
    });
  }
  return packages;
}

/** Builds the catalog object from the reference CSVs. Returns { catalog, warnings }. */
export function buildCatalog(referenceDir = DEFAULT_REFERENCE_DIR) {
  const read = name => {
    const file = path.join(referenceDir, name);
    if (!existsSync(file)) throw new Error(`${file} is missing: pass --reference DIR (the project's shared/reference folder)`);
    return parseCsv(readFileSync(file, 'utf8'));
  };
  const curated = read('exchange-builds.csv');
  const learn = read('exchange-all-builds-learn.csv');
  const warnings = [];
  const learnByBuild = new Map(learn.map(r => [r.build, r]));
  const byBuild = new Map();

  for (const row of curated) {
    const learnRow = learnByBuild.get(row.build);
    const b = curatedBuild(row, learnRow ? learnRow.name_on_learn : null);
    if (byBuild.has(b.build)) throw new Error(`${b.build} appears twice in exchange-builds.csv`);
    if (learnRow) {
      const ld = releaseDate(learnRow.release_date);
      if (!b.releaseDate.startsWith(ld) && !ld.startsWith(b.releaseDate)) warnings.push(`${b.build}: curated date ${b.releaseDate}, Learn ${ld}`);
      const fromLearn = learnBuild(learnRow, []);
      if (fromLearn.product !== b.product || fromLearn.cu !== b.cu) throw new Error(`${b.build}: curated ${b.product} ${b.cu}, Learn ${fromLearn.product} ${fromLearn.cu}`);
    }
    byBuild.set(b.build, b);
  }
  for (const row of learn) {
    if (byBuild.has(row.build)) continue;
    byBuild.set(row.build, learnBuild(row, warnings));
  }

  // Exchange 2019 and SE share 15.2; Learn's SE rows say "SE", so a 15.2 build ≥ the SE RTM is SE.
  const builds = [...byBuild.values()].sort((a, b) => compareBuilds(a.build, b.build));
  for (const b of builds) {
    if (b.fileVersionOf !== 'pending') continue;
    const own = builds.find(o => o.product === b.product && o.cu === b.cu && o.update === null && o.fileVersionOf === null);
    if (!own) throw new Error(`${b.build} is a file version of ${b.product} ${b.cu}, whose own build is not listed`);
    b.fileVersionOf = own.build;
  }
  // Learn names some old updates by KB only, and two months can share a KB: tell them apart by month.
  const seen = new Map();
  for (const b of builds) {
    if (b.update === null) continue;
    const key = `${b.product}|${b.cu}|${b.update}`;
    if (seen.has(key)) {
      warnings.push(`${b.build}: ${b.product} ${b.cu} ${b.update} is listed for two builds; named "${b.update} (${b.releaseDate})"`);
      b.update = `${b.update} (${b.releaseDate})`;
    }
    seen.set(key, b);
  }

  const eemsFrom = new Map();
  for (const p of facts.PRODUCTS) {
    if (p.eemsFromCu === null) continue;
    const own = builds.find(b => b.product === p.product && b.cu === p.eemsFromCu && b.update === null && !b.fileVersionOf);
    eemsFrom.set(p.product, own.build);
  }
  const cus = builds
    .filter(b => b.update === null && b.fileVersionOf === null)
    .map(b => {
      const key = `${b.product}|${b.cu}`;
      const levels = facts.AD_LEVELS[key];
      const first = eemsFrom.get(b.product);
      return {
        product: b.product,
        cu: b.cu,
        build: b.build,
        releaseDate: b.releaseDate,
        kb: b.kb,
        downloadPage: facts.CU_DOWNLOAD_PAGES[key] ?? null,
        hasEems: first !== undefined && compareBuilds(b.build, first) >= 0 && b.type !== 'Preview',
        current: facts.CURRENT_CUS.includes(key),
        adLevels: levels ? { schema: levels[0], domain: levels[1], org: levels[2] } : null,
      };
    })
    .sort((a, b) => PRODUCT_ORDER.indexOf(a.product) - PRODUCT_ORDER.indexOf(b.product) || compareBuilds(a.build, b.build));

  const catalog = {
    $schema: './catalog.schema.json',
    schemaVersion: 1,
    asOf: facts.AS_OF,
    description:
      'Exchange 2013, 2016, 2019 and SE builds (every build Microsoft Learn listed on 2026-08-20 plus the builds through the November 2026 SE SU), lifecycle, AD levels, certificate rules, prerequisites and update packages. Generated by scripts/catalog/build-catalog.mjs from the project reference; do not edit by hand.',
    sources: facts.SOURCES,
    products: facts.PRODUCTS,
    cus,
    builds,
    certificateRules: facts.CERTIFICATE_RULES,
    osVersions: facts.OS_VERSIONS,
    targets: facts.TARGETS,
    prerequisiteDownloads: facts.PREREQUISITE_DOWNLOADS,
    packages: packagesFor(builds, cus),
  };
  return { catalog, warnings };
}

/** The app's zod schema, so the generator validates with exactly what the app uses. */
function loadSchemaModule() {
  return importTypeScript(path.join(root, 'src-shared', 'knowledge', 'catalog-json-schema.ts'));
}

const toText = value => `${JSON.stringify(value, null, 2)}\n`;

async function main(argv) {
  const refIndex = argv.indexOf('--reference');
  const referenceDir = refIndex >= 0 ? path.resolve(argv[refIndex + 1] ?? '') : DEFAULT_REFERENCE_DIR;
  const check = argv.includes('--check');
  const { catalog, warnings } = buildCatalog(referenceDir);
  for (const w of warnings) process.stderr.write(`note: ${w}\n`);
  const schemaModule = await loadSchemaModule();
  const parsed = schemaModule.CatalogFile.safeParse(catalog);
  if (!parsed.success) {
    process.stderr.write(`the generated catalog is invalid:\n${parsed.error.issues.map(i => `  ${i.path.join('.')}: ${i.message}`).join('\n')}\n`);
    return 1;
  }
  const outputs = [
    [CATALOG_FILE, toText(catalog)],
    [SCHEMA_FILE, toText(schemaModule.catalogJsonSchema())],
  ];
  if (check) {
    const stale = outputs.filter(([file, text]) => !existsSync(file) || readFileSync(file, 'utf8') !== text);
    for (const [file] of stale) process.stderr.write(`${path.relative(root, file)} is out of date: run node scripts/catalog/build-catalog.mjs\n`);
    return stale.length === 0 ? 0 : 1;
  }
  for (const [file, text] of outputs) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  process.stdout.write(
    `catalog as of ${catalog.asOf}: ${catalog.builds.length} builds, ${catalog.cus.length} CUs, ${catalog.packages.length} packages, ${catalog.certificateRules.length} certificate rules\n`,
  );
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    code => process.exit(code),
    err => {
      process.stderr.write(`build-catalog: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
