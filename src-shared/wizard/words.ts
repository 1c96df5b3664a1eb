/** "1 server", "3 servers", "2 copies": a count with its noun. */
export function plural(count: number, one: string, many: string = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** " 45 %" of a transfer in progress, or "" while its total is unknown. */
export function percentSuffix(progress: { completed: number; total: number | null }): string {
  return progress.total ? ` ${Math.floor((100 * progress.completed) / progress.total)} %` : '';
}
