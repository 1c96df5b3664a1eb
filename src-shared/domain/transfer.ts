import { z } from 'zod';

/**
 * Download, import and staging results.
 *
 * A manifest is written beside every verified file (NAME.manifest.json). Its
 * presence means every check that could run did pass; `signature.checked`
 * says whether an Authenticode check was possible on this machine.
 */
export const MANIFEST_SCHEMA_VERSION = 1;

export const SignatureCheck = z.object({
  checked: z.boolean(),
  /** Get-AuthenticodeSignature Status ("Valid", ...) or why it was not checked. */
  status: z.string(),
  signer: z.string().nullable(),
  chainRoot: z.string().nullable(),
});
export type SignatureCheck = z.infer<typeof SignatureCheck>;

export const FileManifest = z.object({
  schemaVersion: z.literal(MANIFEST_SCHEMA_VERSION),
  fileName: z.string(),
  updateId: z.string().nullable(),
  sourceUrl: z.string().nullable(),
  /** For imports: the path the file was imported from. */
  importedFrom: z.string().nullable(),
  sizeBytes: z.number(),
  sha256: z.string(),
  expectedSha256: z.string().nullable(),
  expectedSizeBytes: z.number().nullable(),
  signature: SignatureCheck,
  verifiedAt: z.string(),
});
export type FileManifest = z.infer<typeof FileManifest>;

export const DownloadResult = z.object({
  path: z.string(),
  manifestPath: z.string(),
  manifest: FileManifest,
  resumedFromBytes: z.number(),
  attempts: z.number(),
});
export type DownloadResult = z.infer<typeof DownloadResult>;

export const StageResult = z.object({
  server: z.string().nullable(),
  destinationPath: z.string(),
  manifestPath: z.string(),
  /** An identical, verified file was already there: nothing was copied. */
  alreadyStaged: z.boolean(),
  bytesCopied: z.number(),
  sha256: z.string(),
  freeBytesBefore: z.number().nullable(),
});
export type StageResult = z.infer<typeof StageResult>;
