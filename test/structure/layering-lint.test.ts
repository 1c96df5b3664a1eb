import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The layering rule of eslint.config.mjs, run through ESLint's Node API on
 * source text placed (virtually) in a layer: an upward import is an error,
 * a downward one passes.
 */
const ROOT = path.resolve(__dirname, '../..');
const eslint = new ESLint({ cwd: ROOT });

async function layeringErrors(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\nexport const used = imported;\n`, { filePath: path.join(ROOT, file) });
  return (result?.messages ?? []).filter(m => m.ruleId === 'layering/allowed-imports').map(m => m.message);
}

describe('layering lint', () => {
  it('fails on an upward import inside src-shared (domain importing knowledge)', async () => {
    const errors = await layeringErrors('src-shared/domain/example.ts', "import { imported } from '../knowledge/types';");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/src-shared\/domain may not import src-shared\/knowledge/);
  });

  it('fails when the domain imports the assessment, even for a type only', async () => {
    expect(await layeringErrors('src-shared/domain/example.ts', "import type { ScanReport as imported } from '../assessment/scan-report';")).toHaveLength(1);
  });

  it('fails when the engine imports the CLI, and when the renderer imports the engine', async () => {
    expect(await layeringErrors('electron/engine/example.ts', "import { imported } from '../cli/commands/scan';")).toHaveLength(1);
    expect(await layeringErrors('renderer/src/steps/Example.tsx', "import { imported } from '../../../electron/engine/engine';")).toHaveLength(1);
    expect(await layeringErrors('renderer/src/store/example.ts', "import { imported } from '../steps/HealthStep';")).toHaveLength(1);
  });

  it('passes an import of a lower layer', async () => {
    expect(await layeringErrors('src-shared/assessment/example.ts', "import { imported } from '../knowledge/types';")).toEqual([]);
    expect(await layeringErrors('electron/cli/commands/example.ts', "import { imported } from '../../engine/engine';")).toEqual([]);
    expect(await layeringErrors('renderer/src/steps/Example.tsx', "import { imported } from '../../../src-shared/assessment/worst-first';")).toEqual([]);
  });
});
