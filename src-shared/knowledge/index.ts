/**
 * The knowledge layer: the Exchange build catalog, the build classifier and the update planner.
 * Pure TypeScript; the engine's catalog store (electron/engine/catalog-store.ts) decides which
 * catalog is active (the built-in one or a newer imported one) and passes it in.
 */
export * from './types';
export { builtInCatalog, catalogAsOf, parseCatalog } from './catalog';
export type { Catalog } from './catalog';
export { CATALOG_SCHEMA_VERSION, CatalogFile } from './catalog-schema';
export type { AdLevels, BuildRecord, CertificateRule, CuRecord, OsVersion, ProductRecord, TargetPrerequisites } from './catalog-schema';
export { parseBuild, parseBuildDetailed, compareBuilds } from './build-number';
export type { ParsedBuild } from './build-number';
export { classifyBuild } from './classifier';
export type { ClassifyOptions } from './classifier';
export { planServer } from './planner';
export { SETUP_LICENSE_SWITCH, INSTALL_STEP_KINDS, SETUP_STEP_KINDS, isInstallStep, isSetupStep, isAdStep } from './step-kinds';
export { esuInForce } from './esu';
export type { PlanOptions } from './planner';
export { planOrganisation, HOW_TO_READ_AD_LEVELS } from './organisation-planner';
export type { OrganisationPlanOptions } from './organisation-planner';
export { planInputFromFacts } from './plan-input';
export { findUpdatePackage, packagesForSteps } from './packages';
export { serverOs } from './prerequisites';
export { certificateLogSymptoms } from './certificate-rules';
export { cutoffHeadline, cutoffName, monthYear, ruleWording } from './certificate-rule-text';
