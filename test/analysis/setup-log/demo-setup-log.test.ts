import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { demoDefinitionDirectory } from '../../../electron/engine/demo/demo-lab';
import { readServerSetupLog } from '../../../electron/engine/setup-log/server-setup-log';
import { useRealPwshHost } from '../../helpers/pwsh';

/**
 * The demo night's ExchangeSetup.log: New-DemoLab.ps1 writes it for a server whose definition
 * says `setupLog` ('failed', or 'succeeded' after a failed run), and the Setup log channel reads it
 * through the lab as from a real server.
 */
describe("the demo night's Setup log (New-DemoLab.ps1, real PowerShell, the lab)", () => {
  const real = useRealPwshHost('exwiz-demo-setup-log-');

  async function demoServer(setupLog: string): Promise<string> {
    const definition = JSON.parse(readFileSync(path.join(demoDefinitionDirectory(), 'organisation.json'), 'utf8')) as { servers: { name: string }[] };
    const ex03 = definition.servers.find(s => s.name === 'EX03');
    const file = path.join(real.scratch, `organisation-${setupLog}.json`);
    writeFileSync(file, JSON.stringify({ ...definition, servers: [{ ...ex03, setupLog }] }));
    const out = path.join(real.scratch, setupLog);
    const { value } = await real.host.run(
      path.join(demoDefinitionDirectory(), 'New-DemoLab.ps1'),
      { OrganisationFile: file, OutputDirectory: out, Now: '2026-11-14T22:00:00Z' },
      { schema: z.object({ directory: z.string() }) },
    );
    return path.join(value.directory, 'EX03');
  }

  it('a failed Setup: the disabled service, the line that shows it and how to set it back', async () => {
    const folder = await demoServer('failed');
    const read = await readServerSetupLog(real.host, { name: 'EX03', computerName: 'ex03.contoso.local', lab: { directory: folder } }, 'analyse');
    const cause = read.analysis?.causes[0];
    expect(read.analysis?.outcome).toBe('failed');
    expect(cause?.id).toBe('disabled-service');
    expect(cause?.title).toContain('MSExchangeTransport');
    const lines = readFileSync(path.join(folder, 'ExchangeSetupLogs', 'ExchangeSetup.log'), 'utf8')
      .replace(/^\uFEFF/, '')
      .split('\r\n');
    for (const e of cause?.evidence ?? []) expect(lines[e.line - 1]).toBe(e.text);
    expect(cause?.fix[0]).toContain("Set-Service -Name 'MSExchangeTransport' -StartupType Automatic");
  });

  it('the same Setup run again: succeeded', async () => {
    const folder = await demoServer('succeeded');
    const read = await readServerSetupLog(real.host, { name: 'EX03', computerName: 'ex03.contoso.local', lab: { directory: folder } }, 'analyse');
    expect(read.analysis).toMatchObject({ outcome: 'succeeded', causes: [] });
  });
});
