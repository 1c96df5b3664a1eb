/** Types of ensure-chromium.mjs for the TypeScript tests that drive its decision order. */
export interface EnsureChromiumSystem {
  find: () => { path: string; source: string } | null;
  run: (command: string, args: string[]) => number;
  env: Record<string, string | undefined>;
  platform: string;
  isRoot: boolean;
  isDebian: boolean;
  say: (line: string) => void;
}

export function ensureChromium(system: EnsureChromiumSystem): { path: string; source: string } | { error: string };

export function ensureChromiumHere(): Promise<boolean>;
