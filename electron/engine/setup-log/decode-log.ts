/**
 * ExchangeSetup.log's bytes as text. Setup writes it as UTF-8 or UTF-16LE (with a byte-order
 * mark, usually), and admins hand over copies an editor saved in another form; the text must
 * come out the same whichever it is, or line numbers and evidence would not match the file.
 */
export function decodeLogBytes(bytes: Uint8Array): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (looksLikeUtf16le(bytes)) return new TextDecoder('utf-16le').decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Not UTF-8: the server's ANSI code page; windows-1252 keeps every line and its number.
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** UTF-16LE without a mark: ASCII text has a NUL in most odd bytes ("[" then 0). */
function looksLikeUtf16le(bytes: Uint8Array): boolean {
  const sample = Math.min(bytes.length, 512) & ~1;
  if (sample < 4) return false;
  let zeros = 0;
  for (let i = 1; i < sample; i += 2) if (bytes[i] === 0) zeros++;
  return zeros > sample / 4;
}
