/** "EX01", "EX01 and EX02", "EX01, EX02 and EX03": names as a sentence lists them. */
export function andList(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
