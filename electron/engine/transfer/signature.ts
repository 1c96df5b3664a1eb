import { randomBytes } from 'node:crypto';
import { link, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../src-shared/domain/errors';
import type { SignatureCheck } from '../../../src-shared/domain/transfer';
import { powershellScriptsDirectory } from '../paths';
import type { ScriptRunner } from '../powershell/host';
import { carriesAuthenticode } from './file-names';

/** What the signature step concluded about one file. */
export interface SignatureOutcome {
  check: SignatureCheck;
  /** True only when a check ran and the file failed it. */
  failed: boolean;
  /** Why it failed, in one sentence (when failed). */
  reason?: string;
}

/** Checks the Authenticode signature of a finished file before it is accepted. */
export interface SignatureVerifier {
  /**
   * `file` holds the bytes; `fileName` is the name the file will have (the
   * bytes may still sit in NAME.partial).
   */
  verify(file: string, fileName: string, signal?: AbortSignal): Promise<SignatureOutcome>;
}

/** Raw result of resources/powershell/transfer/Get-FileSignature.ps1. */
export const SignatureScriptResult = z.object({
  available: z.boolean(),
  status: z.string(),
  statusMessage: z.string().nullable().optional(),
  signer: z.string().nullable(),
  signerThumbprint: z.string().nullable(),
  /** Subject of the CA certificate that issued the signer's, from the built chain. */
  signerIssuer: z.string().nullable().optional(),
  chainBuilt: z.boolean(),
  chainStatus: z.array(z.string()).nullable().optional(),
  chainRoot: z.string().nullable(),
  chainRootThumbprint: z.string().nullable(),
  microsoftRoot: z.boolean(),
});
export type SignatureScriptResult = z.infer<typeof SignatureScriptResult>;

export function signatureScriptPath(): string {
  return path.join(powershellScriptsDirectory(), 'transfer', 'Get-FileSignature.ps1');
}

function notChecked(status: string): SignatureOutcome {
  return { check: { checked: false, status, signer: null, chainRoot: null }, failed: false };
}

/** The outcome for a file type that carries no Authenticode signature (ISO, demo .bin). */
export function notApplicable(fileName: string): SignatureOutcome {
  const ext = path.extname(fileName) || 'this kind of';
  return notChecked(`Not applicable: ${ext} files carry no Authenticode signature (the SHA-256 is what identifies them).`);
}

/**
 * Decides pass or fail from the script's answer: Status Valid, a chain that
 * built, and a Microsoft root. Exported for tests.
 */
export function judgeSignature(result: SignatureScriptResult): SignatureOutcome {
  if (!result.available) {
    return notChecked(`Not checked: ${result.statusMessage || 'Authenticode checks need Windows.'}`);
  }
  const check: SignatureCheck = { checked: true, status: result.status, signer: result.signer, chainRoot: result.chainRoot };
  if (result.status !== 'Valid') {
    const reason =
      result.status === 'NotSigned'
        ? 'The file is not signed, but Microsoft signs every Exchange update file.'
        : `Windows reports the file's signature as "${result.status}"${result.statusMessage ? `: ${result.statusMessage}` : '.'}`;
    return { check, failed: true, reason };
  }
  if (!result.chainBuilt && !result.microsoftRoot) {
    return { check, failed: true, reason: `The signer certificate's chain could not be built (${(result.chainStatus ?? []).join(', ') || 'no detail'}).` };
  }
  if (!result.microsoftRoot) {
    return { check, failed: true, reason: `The signature does not chain to a Microsoft root certificate (root: ${result.chainRoot ?? 'unknown'}).` };
  }
  const pinned = signerPinProblem(result.signer, result.signerIssuer ?? null);
  if (pinned) return { check, failed: true, reason: pinned };
  return { check, failed: false };
}

/** Microsoft's code-signing CAs that issue the certificates Exchange update files are signed with. */
const MICROSOFT_CODE_SIGNING_CA = /^Microsoft (?:Windows )?Code Signing PCA(?: 20\d\d)?$/;

/** One attribute (CN, O…) of an X.500 name as Windows writes it ("CN=x, O=y"). */
function nameAttribute(name: string | null, attribute: string): string | null {
  if (!name) return null;
  const match = new RegExp(`(?:^|,\\s*)${attribute}=("(?:[^"]|"")*"|[^,]*)`).exec(name);
  if (!match) return null;
  const value = (match[1] ?? '').trim();
  return value.startsWith('"') ? value.slice(1, -1).replace(/""/g, '"') : value;
}

/**
 * Pins the signer, not just the root: any certificate chaining to a Microsoft
 * root is not enough (Microsoft roots also anchor third-party and
 * cross-signed CAs). Exchange updates are signed by Microsoft Corporation
 * with a certificate from a Microsoft code-signing CA.
 */
function signerPinProblem(signer: string | null, issuer: string | null): string | null {
  if (nameAttribute(signer, 'CN') !== 'Microsoft Corporation' || nameAttribute(signer, 'O') !== 'Microsoft Corporation') {
    return `The file is signed by "${signer ?? 'unknown'}", not by Microsoft Corporation.`;
  }
  const issuerName = nameAttribute(issuer, 'CN');
  if (issuerName === null || !MICROSOFT_CODE_SIGNING_CA.test(issuerName) || nameAttribute(issuer, 'O') !== 'Microsoft Corporation') {
    return `The signing certificate was issued by "${issuer ?? 'unknown'}", not by a Microsoft code-signing CA.`;
  }
  return null;
}

/** Verifier for machines where Authenticode cannot be checked (Linux, macOS). */
export function unavailableSignatureVerifier(platform: string = process.platform): SignatureVerifier {
  return {
    async verify(_file, fileName) {
      if (!carriesAuthenticode(fileName)) return notApplicable(fileName);
      return notChecked(`Not checked: Authenticode signatures can only be checked on Windows (this computer runs ${platform}).`);
    },
  };
}

/**
 * Verifier that runs Get-FileSignature.ps1 through the PowerShell host.
 *
 * The script gets a hard link named like the final file, because Windows picks
 * the signature format partly by extension (a ".partial" name would not be
 * recognised as an .exe or .msp); where links are impossible (FAT, some
 * shares) it checks the partial file itself.
 */
export function powershellSignatureVerifier(runner: () => ScriptRunner, scriptPath: string = signatureScriptPath()): SignatureVerifier {
  return {
    async verify(file, fileName, signal) {
      if (!carriesAuthenticode(fileName)) return notApplicable(fileName);
      const alias = path.join(path.dirname(file), `.exwiz-verify-${randomBytes(4).toString('hex')}-${fileName}`);
      const linked = await link(file, alias).then(
        () => true,
        () => false,
      );
      try {
        const { value } = await runner().run(
          scriptPath,
          { Path: linked ? alias : file },
          {
            schema: SignatureScriptResult,
            timeoutMs: 180_000,
            ...(signal ? { signal } : {}),
          },
        );
        return judgeSignature(value);
      } catch (err) {
        if (err instanceof AppError && err.code !== 'cancelled') {
          throw new AppError(err.code, `The Authenticode signature could not be checked: ${err.message}`, {
            fix: err.fix ?? 'Run it again; the downloaded bytes are kept and only the check is repeated.',
            ...(err.detail === undefined ? {} : { detail: err.detail }),
          });
        }
        throw err;
      } finally {
        if (linked) await rm(alias, { force: true });
      }
    },
  };
}

/** The platform's verifier: PowerShell on Windows, "not checked" elsewhere. */
export function defaultSignatureVerifier(runner: () => ScriptRunner, platform: NodeJS.Platform = process.platform): SignatureVerifier {
  return platform === 'win32' ? powershellSignatureVerifier(runner) : unavailableSignatureVerifier(platform);
}
