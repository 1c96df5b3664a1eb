import { AppError } from '../domain/errors';
import type { BuildClassification, SupportState } from './types';
import type { BuildRecord, Catalog } from './catalog-schema';
import { builtInCatalog } from './catalog';
import { buildLine, compareBuilds, parseBuildDetailed, type ParsedBuild } from './build-number';
import { cuKey, describeBuild, indexCatalog, latestEsuBuild, latestPublicBuild, type CatalogIndex } from './catalog-index';
import { evaluateCertificateRules } from './certificate-rules';

export interface ClassifyOptions {
  /** Default: the built-in catalog. */
  catalog?: Catalog;
  /** YYYY-MM-DD for the support state and whether a rule is in force; default: the catalog's asOf. */
  today?: string;
}

/**
 * Classifies an Exchange build given in any accepted form (see build-number.ts).
 *
 * Throws `AppError('invalid-input')` only when the input is not a build number of a product
 * version the catalog knows (15.0, 15.1, 15.2); anything else returns a classification:
 * - a build in the catalog is `known`;
 * - a build not in it resolves to the nearest lower known build of its CU line and says so in
 *   `resolvedTo` (a private fix, or a build newer than the catalog); a revision below the CU's
 *   listed build (CU file versions carry lower revisions, e.g. setup.exe 15.02.1748.008 for CU15
 *   15.2.1748.10) resolves to the CU itself, not to the previous CU;
 * - a CU-level input (3-part build, AdminDisplayVersion) is judged as the CU's own build, the worst
 *   case, with `buildPrecision: "cu"`.
 *
 * `eemsAvailable` is a property of the build: the classifier cannot know the server's role, and
 * Edge Transport servers never run EEMS. The analyzer, which has the role, handles Edge.
 */
export function classifyBuild(input: string, options: ClassifyOptions = {}): BuildClassification {
  const catalog = options.catalog ?? builtInCatalog();
  const index = indexCatalog(catalog);
  const today = options.today ?? catalog.asOf;
  const parsed = parseBuildDetailed(input);
  const notes: string[] = [];
  const { record, resolvedTo } = resolve(index, parsed);
  const effective = record.fileVersionOf === null ? record : (index.byBuild.get(record.fileVersionOf) ?? record);
  if (record.fileVersionOf !== null) {
    notes.push(`Microsoft Learn lists ${record.build} as a file version of ${describeBuild(effective)}.`);
  }
  if (parsed.form === 'admin-display-version') {
    notes.push("AdminDisplayVersion shows the CU only, never an installed SU: read ExSetup.exe's version on the server to see the SU level. Judged as the CU's own build.");
  }
  if (record.kb !== null && !record.kbVerified) {
    notes.push(`The KB number ${record.kb} for this build is reported by a single third-party source only, so it is left out.`);
  }
  if (record.nameByConvention) notes.push(`The name ${record.update ?? ''} follows Microsoft's naming convention; no Microsoft page names this update yet.`);

  const cu = index.cus.get(cuKey(effective.product, effective.cu));
  const product = index.products.get(effective.product);
  const hasEems = cu?.hasEems ?? false;
  const latestPublic = latestPublicBuild(index, effective.product, effective.cu);
  const latestEsu = latestEsuBuild(index, effective.product, effective.cu);
  const cuOnly = parsed.precision === 'cu';
  if (cuOnly && latestPublic && latestPublic.build !== effective.build) {
    notes.push('Whether the latest SU is installed cannot be told from a CU-level build.');
  }
  const productSupportEnds = product?.extendedEnd ?? null;
  const supportState: SupportState = productSupportEnds !== null && today > productSupportEnds ? 'end-of-support' : cu?.current === false ? 'cu-out-of-support' : 'supported';

  return {
    input,
    build: parsed.text,
    product: effective.product,
    cu: effective.cu,
    update: effective.update,
    updateType: effective.type,
    releaseDate: effective.releaseDate,
    kb: effective.kbVerified ? effective.kb : null,
    known: resolvedTo === null,
    resolvedTo,
    supportState,
    cuCurrent: cu?.current ?? false,
    onLatestPublicUpdate: !cuOnly && latestPublic !== null && compareBuilds(effective.build, latestPublic.build) >= 0,
    latestPublicBuild: latestPublic?.build ?? null,
    latestEsuBuild: latestEsu?.build ?? null,
    eemsAvailable: hasEems,
    certificateRules: evaluateCertificateRules(index, { product: effective.product, cu: effective.cu, build: effective.build, hasEems, today }),
    releaseDatePrecision: effective.releaseDate.length === 7 ? 'month' : 'day',
    buildPrecision: parsed.precision === 'cu' ? 'cu' : 'exact',
    esuOnly: effective.esuOnly,
    productSupportEnds,
    esuEnds: product?.esuEnd ?? null,
    notes,
  };
}

interface Resolution {
  record: BuildRecord;
  resolvedTo: { build: string; reason: string } | null;
}

function resolve(index: CatalogIndex, parsed: ParsedBuild): Resolution {
  const [major, minor, buildNo] = parsed.parts;
  const versionBuilds = index.byVersion.get(`${major}.${minor}`);
  if (!versionBuilds || versionBuilds.length === 0) {
    const known = [...index.byVersion.keys()].join(', ');
    throw new AppError('invalid-input', `${parsed.text} is not a build of an Exchange version the catalog knows (${known}).`, {
      fix: 'Exchange 2013 builds start with 15.0, 2016 with 15.1, 2019 and SE with 15.2; no other version number exists yet, so check the number on the server (the FileVersion of ExSetup.exe). A newer catalog may know a newer version.',
    });
  }
  const cuLevel = parsed.form === 'cu-build' || (parsed.form === 'owa-path' && parsed.precision === 'cu');
  const exact = index.byBuild.get(parsed.text);
  if (exact && !cuLevel) return { record: exact, resolvedTo: null };

  const line = index.byLine.get(buildLine(parsed.text)) ?? [];
  const asOf = index.catalog.asOf;
  if (line.length > 0) {
    const own = line.find(b => b.update === null && b.fileVersionOf === null) ?? line[0];
    if (cuLevel && own) {
      return resolved(
        own,
        `Only the CU is known (a 3-part build, as in /owa/auth/<build>/ paths): the SU level is not visible, so the server is judged as ${describeBuild(own)}, the worst case for that CU. Read ExSetup.exe's version for the exact build.`,
      );
    }
    const lower = lastAtOrBelow(line, parsed.text);
    const newest = line[line.length - 1];
    if (lower && newest && lower === newest) {
      return resolved(
        lower,
        `Newer than every ${lower.product} ${lower.cu} build the catalog (as of ${asOf}) knows; treated as ${describeBuild(lower)}. Import a newer catalog to classify it exactly.`,
      );
    }
    if (lower) {
      return resolved(lower, `Not in the catalog (a private fix or an interim build); treated as the nearest lower known build, ${describeBuild(lower)}.`);
    }
    if (own) {
      return resolved(
        own,
        `A lower revision than the build Microsoft lists for ${own.product} ${own.cu}: file versions of a CU can carry a lower revision, so it is treated as ${describeBuild(own)}.`,
      );
    }
  }
  const lower = lastAtOrBelow(versionBuilds, parsed.text);
  const newest = versionBuilds[versionBuilds.length - 1];
  if (lower && lower === newest) {
    return resolved(lower, `Newer than every build the catalog (as of ${asOf}) knows; treated as the newest, ${describeBuild(lower)}. Import a newer catalog to classify it exactly.`);
  }
  if (lower) {
    return resolved(lower, `No CU with build number ${buildNo} is in the catalog; treated as the nearest lower known build, ${describeBuild(lower)}.`);
  }
  const oldest = versionBuilds[0] as BuildRecord;
  return resolved(oldest, `Older than every ${major}.${minor} build the catalog knows (a pre-release build?); treated as the oldest, ${describeBuild(oldest)}.`);
}

function resolved(record: BuildRecord, reason: string): Resolution {
  return { record, resolvedTo: { build: record.build, reason } };
}

function lastAtOrBelow(sorted: readonly BuildRecord[], build: string): BuildRecord | null {
  // Binary search: the benchmark classifies every catalog build, scans classify whole organisations.
  let lo = 0;
  let hi = sorted.length - 1;
  let found: BuildRecord | null = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const candidate = sorted[mid] as BuildRecord;
    if (compareBuilds(candidate.build, build) <= 0) {
      found = candidate;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
