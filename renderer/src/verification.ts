import type { Evidence } from '../../src-shared/analysis/types';
import { formatBytes, hashClaim, verificationSummary, type DownloadResult, type StageResult } from '../../src-shared/domain/transfer';

function size(bytes: number): string {
  return bytes >= 1000 ? `${formatBytes(bytes)} (${bytes} bytes)` : `${bytes} bytes`;
}

/**
 * What was verified about a file, check by check. A check that could not run
 * says so: a file is never described as more verified than it is.
 */
export function verificationEvidence(d: DownloadResult): Evidence[] {
  const m = d.manifest;
  return [
    { label: 'Verification', value: verificationSummary(m).text },
    { label: 'File', value: d.path },
    { label: 'Size', value: size(m.sizeBytes) + (m.expectedSizeBytes === null ? ' (no expected size published)' : ' (matches the expected size)') },
    { label: 'SHA-256', value: m.sha256 },
    { label: 'Published hash', value: m.expectedSha256 === null ? `${hashClaim(null)} (compare the SHA-256 with Microsoft's KB page if it lists one)` : hashClaim(m.expectedSha256) },
    { label: 'Microsoft signature', value: m.signature.checked ? `${m.signature.status}${m.signature.signer ? ` (${m.signature.signer})` : ''}` : `not checked: ${m.signature.status}` },
    { label: 'Source', value: m.sourceUrl ?? (m.importedFrom ? `imported from ${m.importedFrom}` : 'unknown') },
    ...(d.resumedFromBytes > 0 || (d.resumedAtBytes?.length ?? 0) > 0
      ? [
          {
            label: 'Interrupted and resumed',
            value: [
              d.resumedFromBytes > 0 ? `continued an earlier download at ${formatBytes(d.resumedFromBytes)}` : '',
              ...(d.resumedAtBytes ?? []).map(b => `resumed at ${formatBytes(b)} after the connection dropped`),
            ]
              .filter(Boolean)
              .join('; '),
          },
        ]
      : []),
    { label: 'Verified at', value: m.verifiedAt },
  ];
}

export function stagingEvidence(s: StageResult): Evidence[] {
  return [
    { label: 'Copied to', value: s.destinationPath },
    { label: 'Re-checked at the destination', value: `SHA-256 ${s.sha256} matches` },
    { label: 'Copy', value: s.alreadyStaged ? 'already there and identical: nothing copied' : `${size(s.bytesCopied)} copied` },
    { label: 'Free space before', value: s.freeBytesBefore === null ? 'unknown' : size(s.freeBytesBefore) },
  ];
}
