/**
 * The first key that appears twice in one object of a JSON text, or null when none does.
 *
 * JSON.parse keeps the last of two equal keys without a word, and other readers keep the first:
 * a signed file with a duplicate key means two things at once, so it is refused. Keys are compared
 * after their escapes are read ("a" and "\u0061" are the same key). Call it on text JSON.parse
 * accepted.
 */
export function duplicateJsonKey(text: string): string | null {
  // One entry per open object (its keys so far) or array (null).
  const open: Array<Set<string> | null> = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      let end = i + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const keys = open.at(-1);
      if (keys && expectKey) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (keys.has(key)) return key;
        keys.add(key);
        expectKey = false;
      }
      i = end;
    } else if (ch === '{') {
      open.push(new Set());
      expectKey = true;
    } else if (ch === '[') {
      open.push(null);
      expectKey = false;
    } else if (ch === '}' || ch === ']') {
      open.pop();
      expectKey = false;
    } else if (ch === ',') {
      expectKey = open.at(-1) instanceof Set;
    }
  }
  return null;
}
