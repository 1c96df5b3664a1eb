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
  /** Where the download picked up again after each dropped connection in this run. */
  resumedAtBytes: z.array(z.number()).optional(),
  /** A verified copy was already there (re-hashed, matching its manifest): nothing was downloaded. */
  alreadyPresent: z.boolean().optional(),
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
  /**
   * How the copy was checked against the manifest: hashed on the server itself
   * (Get-FileHash over PowerShell remoting), or read back over the share or
   * from a plain folder. Missing in results saved before it was recorded.
   */
  checkedBy: z.enum(['server', 'read-back']).optional(),
});
export type StageResult = z.infer<typeof StageResult>;

/** "1.4 GB", "512 KB": file sizes in messages and reports, in decimal units. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(value >= 100 ? 0 : 1)} ${units[unit]}`;
}

/**
 * The one claim every step makes about a file's SHA-256 (Download, Stage, the Upgrade hash
 * check): it matched Microsoft's published hash, or Microsoft publishes none and the claim is
 * only that the file is the one that was downloaded.
 */
export function hashClaim(publishedSha256: string | null): string {
  return publishedSha256 ? "SHA-256 matches Microsoft's published hash" : 'no published hash; same file as downloaded';
}

/** How much of a file's identity was actually proven, for the UI, the CLI and reports. */
export type VerificationLevel = 'hash-and-signature' | 'hash' | 'signature' | 'none';

/**
 * What a manifest proves, in plain words. "Verified" is only said for what
 * was compared: a published SHA-256 that matched, a Microsoft signature that
 * Windows checked. A file with neither is said to be unverified, even though
 * it was hashed and its manifest written.
 */
export function verificationSummary(manifest: FileManifest): { level: VerificationLevel; text: string } {
  const hash = manifest.expectedSha256 !== null && manifest.expectedSha256 === manifest.sha256;
  const signature = manifest.signature.checked && manifest.signature.status === 'Valid';
  if (hash && signature) return { level: 'hash-and-signature', text: 'Verified: the SHA-256 matches the published one and the Microsoft signature is valid.' };
  if (hash) return { level: 'hash', text: 'Verified by its published SHA-256 (the signature was not checked on this computer).' };
  if (signature) return { level: 'signature', text: 'Verified by its Microsoft signature (no published SHA-256 to compare with).' };
  return {
    level: 'none',
    text: "NOT verified: there was no published SHA-256 to compare with and the signature could not be checked on this computer. Check the SHA-256 below against the update's KB page before installing.",
  };
}

/** Free space kept on a drive besides the staged file: Setup unpacks and logs beside it. */
export const STAGING_HEADROOM_BYTES = 2 * 1024 ** 3;

/**
 * The drive of a server to stage an update on (the folder is <drive>:\ExchangeUpdates), from
 * the disks its scan read: the system drive C: when it holds the file with room to spare
 * (where admins look for it), else the fixed drive with the most free space that does; C:
 * when the scan read no disks or none has room (the copy's own free-space check says so then).
 */
export function chooseStagingDrive(disks: readonly { drive: string; freeBytes: number; isSystem: boolean }[] | null | undefined, neededBytes: number): string {
  const letter = (drive: string) => /^([A-Za-z]):?\\?$/.exec(drive.trim())?.[1]?.toUpperCase() ?? null;
  const fits = (disk: { freeBytes: number }) => disk.freeBytes >= neededBytes + STAGING_HEADROOM_BYTES;
  const usable = (disks ?? []).filter(d => letter(d.drive) !== null);
  const system = usable.find(d => d.isSystem || letter(d.drive) === 'C');
  if (!system || fits(system)) return system ? (letter(system.drive) as string) : 'C';
  const best = usable.filter(fits).sort((a, b) => b.freeBytes - a.freeBytes)[0];
  return best ? (letter(best.drive) as string) : (letter(system.drive) as string);
}
