import { inflateSync } from 'node:zlib';

/**
 * Just enough of a PDF reader to check what Chromium (Skia) prints: the
 * outline (bookmark) titles and the text of each page, decoded through each
 * font's ToUnicode map. Skia writes plain objects (no object streams), flate
 * streams with direct lengths and Identity-H fonts, which is all this handles.
 * Test-only: it throws on anything it does not understand rather than guess.
 */

interface PdfObject {
  dict: string;
  stream: Buffer | null;
}

function parseObjects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString('latin1');
  const objects = new Map<number, PdfObject>();
  const header = /(\d+) 0 obj\s*/g;
  let match: RegExpExecArray | null;
  while ((match = header.exec(text)) !== null) {
    const start = match.index + match[0].length;
    const end = text.indexOf('endobj', start);
    if (end < 0) throw new Error(`object ${match[1]} has no endobj`);
    const body = text.slice(start, end);
    const streamAt = body.search(/stream\r?\n/);
    let dict = body;
    let stream: Buffer | null = null;
    if (streamAt >= 0 && body.lastIndexOf('>>', streamAt) >= 0) {
      dict = body.slice(0, streamAt);
      const length = /\/Length (\d+)(?! \d+ R)/.exec(dict);
      if (!length) throw new Error(`object ${match[1]}: stream length is not a direct number`);
      const dataStart = start + streamAt + (/stream\r\n/.test(body.slice(streamAt, streamAt + 8)) ? 8 : 7);
      const raw = pdf.subarray(dataStart, dataStart + Number(length[1]));
      stream = /\/FlateDecode/.test(dict) ? inflateSync(raw) : raw;
      header.lastIndex = dataStart + Number(length[1]);
    } else {
      header.lastIndex = end;
    }
    objects.set(Number(match[1]), { dict, stream });
  }
  return objects;
}

/** Decodes a PDF literal string body (without the parentheses). */
function literalString(body: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c !== '\\') {
      bytes.push(c.charCodeAt(0));
      continue;
    }
    const next = body[++i] as string;
    const octal = /^[0-7]{1,3}/.exec(body.slice(i, i + 3));
    if (octal) {
      bytes.push(parseInt(octal[0], 8));
      i += octal[0].length - 1;
    } else {
      bytes.push(({ n: 10, r: 13, t: 9, b: 8, f: 12 } as Record<string, number>)[next] ?? next.charCodeAt(0));
    }
  }
  return decodeTextBytes(Buffer.from(bytes));
}

function decodeTextBytes(bytes: Buffer): string {
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return bytes.subarray(2).swap16().toString('utf16le');
  return bytes.toString('latin1');
}

/** The /Title of an outline item, literal or hex. */
function titleOf(dict: string): string | null {
  const literal = /\/Title \(((?:\\.|[^\\)])*)\)/s.exec(dict);
  if (literal) return literalString(literal[1] as string);
  const hex = /\/Title <([0-9A-Fa-f\s]*)>/.exec(dict);
  return hex ? decodeTextBytes(Buffer.from((hex[1] as string).replace(/\s/g, ''), 'hex')) : null;
}

function parseToUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  const unicode = (hex: string) => Buffer.from(hex, 'hex').swap16().toString('utf16le');
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of (block[1] as string).matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) map.set(parseInt(m[1] as string, 16), unicode(m[2] as string));
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of (block[1] as string).matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
      const from = parseInt(m[1] as string, 16);
      const to = parseInt(m[2] as string, 16);
      const base = parseInt(m[3] as string, 16);
      for (let code = from; code <= to; code++) map.set(code, String.fromCodePoint(base + code - from));
    }
  }
  return map;
}

export interface PdfContent {
  /** Outline (bookmark) titles in file order. */
  outline: string[];
  /** Text of each page, one string per page. */
  pages: string[];
}

/** Reads the outline and the page text of a Chromium-printed PDF. */
export function readPdf(pdf: Buffer): PdfContent {
  if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw new Error('not a PDF');
  const objects = parseObjects(pdf);
  const outline: string[] = [];
  for (const obj of objects.values()) {
    if (/\/Parent \d+ 0 R/.test(obj.dict) && /\/Title/.test(obj.dict) && !/\/Type \/Page/.test(obj.dict)) {
      const title = titleOf(obj.dict);
      if (title !== null) outline.push(title);
    }
  }
  const cmaps = new Map<number, Map<number, string>>();
  const cmapOfFont = (fontRef: number): Map<number, string> => {
    const cached = cmaps.get(fontRef);
    if (cached) return cached;
    const font = objects.get(fontRef);
    const ref = font ? /\/ToUnicode (\d+) 0 R/.exec(font.dict) : null;
    const stream = ref ? objects.get(Number(ref[1]))?.stream : null;
    if (!stream) throw new Error(`font ${fontRef} has no ToUnicode map`);
    const map = parseToUnicode(stream.toString('latin1'));
    cmaps.set(fontRef, map);
    return map;
  };
  const pages: string[] = [];
  for (const obj of objects.values()) {
    if (!/\/Type \/Page\b(?!s)/.test(obj.dict)) continue;
    const fonts = new Map<string, number>();
    const fontDict = /\/Font\s*<<([^>]*)>>/.exec(obj.dict);
    for (const m of (fontDict?.[1] ?? '').matchAll(/\/(\w+)\s+(\d+) 0 R/g)) fonts.set(m[1] as string, Number(m[2]));
    const contents = /\/Contents\s*(?:\[([^\]]*)\]|(\d+) 0 R)/.exec(obj.dict);
    const refs = contents ? (contents[2] ? [Number(contents[2])] : [...(contents[1] ?? '').matchAll(/(\d+) 0 R/g)].map(m => Number(m[1]))) : [];
    let text = '';
    for (const ref of refs) {
      const stream = objects.get(ref)?.stream?.toString('latin1') ?? '';
      let map: Map<number, string> | null = null;
      for (const token of stream.matchAll(/\/(\w+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f]*)>\s*Tj|\[((?:[^\]])*)\]\s*TJ|\bET\b/g)) {
        if (token[1]) {
          const fontRef = fonts.get(token[1]);
          map = fontRef === undefined ? null : cmapOfFont(fontRef);
        } else if (token[0] === 'ET') {
          text += '\n';
        } else {
          const hexes = token[2] !== undefined ? [token[2]] : [...(token[3] ?? '').matchAll(/<([0-9A-Fa-f]*)>/g)].map(m => m[1] as string);
          for (const hex of hexes) {
            for (let i = 0; i + 4 <= hex.length; i += 4) text += map?.get(parseInt(hex.slice(i, i + 4), 16)) ?? '\uFFFD';
          }
        }
      }
    }
    // NFKC turns the ligatures Chromium's fonts use (ﬁ, ﬀ) back into letters.
    pages.push(text.normalize('NFKC'));
  }
  return { outline, pages };
}
