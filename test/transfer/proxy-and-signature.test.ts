import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadFile } from '../../electron/engine/transfer/downloader';
import { createProxyRoute, parseRegQueryOutput, windowsProxyToEnv } from '../../electron/engine/transfer/proxy';
import { judgeSignature, powershellSignatureVerifier, unavailableSignatureVerifier, type SignatureScriptResult } from '../../electron/engine/transfer/signature';
import { useRealPwshHost } from '../helpers/pwsh';
import { startConnectProxy, type ConnectProxy } from './helpers/connect-proxy';
import { bufferContent, randomishBytes, startFaultServer, type FaultServer } from './helpers/fault-server';
import { filesIn, useTempDirs } from './helpers/files';
import { makeTestCertificates } from './helpers/tls';

const tempDir = useTempDirs();
const BYTES = randomishBytes(1024 * 1024, 3);
const SHA = createHash('sha256').update(BYTES).digest('hex');
const MS_URL = 'https://download.microsoft.com/download/0/0/0/test/Exchange2019-KB5066367-x64-en.exe';

describe('Windows proxy settings', () => {
  const regOutput = [
    '',
    'HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings',
    '    CertificateRevocation    REG_DWORD    0x1',
    '    ProxyEnable    REG_DWORD    0x1',
    '    ProxyServer    REG_SZ    http=proxy.contoso.local:8080;https=secure.contoso.local:3128;ftp=x:21',
    '    ProxyOverride    REG_SZ    <local>;*.contoso.local;10.*;intranet',
    '',
  ].join('\r\n');

  it('reads reg query output', () => {
    expect(parseRegQueryOutput(regOutput)).toEqual({
      proxyEnable: true,
      proxyServer: 'http=proxy.contoso.local:8080;https=secure.contoso.local:3128;ftp=x:21',
      proxyOverride: '<local>;*.contoso.local;10.*;intranet',
      autoConfigUrl: null,
    });
  });

  it('turns WinINET settings into proxy URLs and a bypass list', () => {
    expect(windowsProxyToEnv(parseRegQueryOutput(regOutput))).toEqual({
      httpProxy: 'http://proxy.contoso.local:8080',
      httpsProxy: 'http://secure.contoso.local:3128',
      noProxy: '.contoso.local,intranet',
    });
    expect(windowsProxyToEnv({ proxyEnable: true, proxyServer: 'proxy:8080', proxyOverride: null, autoConfigUrl: null })).toEqual({
      httpProxy: 'http://proxy:8080',
      httpsProxy: 'http://proxy:8080',
      noProxy: '',
    });
    expect(windowsProxyToEnv({ proxyEnable: false, proxyServer: 'proxy:8080', proxyOverride: null, autoConfigUrl: null })).toBeNull();
  });

  it('says so when Windows uses a PAC script it does not evaluate', async () => {
    const route = await createProxyRoute(
      { mode: 'system' },
      {
        env: {},
        platform: 'win32',
        readWindowsSettings: async () => ({ proxyEnable: false, proxyServer: null, proxyOverride: null, autoConfigUrl: 'http://wpad/wpad.dat' }),
      },
    );
    expect(route.description).toMatch(/auto-configuration script/);
    await route.close();
  });
});

describe('downloads through a proxy (HTTP CONNECT) to download.microsoft.com', () => {
  const certs = makeTestCertificates({ dns: ['download.microsoft.com'] });
  let server: FaultServer;
  let proxy: ConnectProxy;
  beforeAll(async () => {
    server = await startFaultServer({ content: bufferContent(BYTES), tls: certs });
    proxy = await startConnectProxy(server.port);
  });
  afterAll(async () => {
    await proxy.close();
    await server.close();
  });

  const viaRoute = async (route: Awaited<ReturnType<typeof createProxyRoute>>) => {
    try {
      const dir = tempDir();
      const result = await downloadFile({ url: MS_URL, directory: dir, expectedSha256: SHA }, { verifier: unavailableSignatureVerifier('linux'), route });
      expect(readFileSync(result.path).equals(BYTES)).toBe(true);
    } finally {
      await route.close();
    }
  };

  it('uses an explicit proxy', async () => {
    proxy.tunnels.length = 0;
    await viaRoute(await createProxyRoute({ mode: 'explicit', url: proxy.url }, { ca: certs.ca }));
    expect(proxy.tunnels).toEqual(['download.microsoft.com:443']);
  });

  it('uses HTTPS_PROXY from the environment', async () => {
    proxy.tunnels.length = 0;
    const route = await createProxyRoute({ mode: 'system' }, { ca: certs.ca, env: { HTTPS_PROXY: proxy.url } });
    expect(route.description).toMatch(/environment/);
    await viaRoute(route);
    expect(proxy.tunnels).toEqual(['download.microsoft.com:443']);
  });

  it('uses the Windows Internet Options proxy', async () => {
    proxy.tunnels.length = 0;
    const route = await createProxyRoute(
      { mode: 'system' },
      {
        ca: certs.ca,
        env: {},
        platform: 'win32',
        readWindowsSettings: async () => ({ proxyEnable: true, proxyServer: proxy.url.replace('http://', ''), proxyOverride: '<local>', autoConfigUrl: null }),
      },
    );
    expect(route.description).toMatch(/Windows Internet Options/);
    await viaRoute(route);
    expect(proxy.tunnels).toEqual(['download.microsoft.com:443']);
  });
});

describe('Authenticode judgement', () => {
  const base: SignatureScriptResult = {
    available: true,
    status: 'Valid',
    statusMessage: 'Signature verified.',
    signer: 'CN=Microsoft Corporation, O=Microsoft Corporation, L=Redmond, S=Washington, C=US',
    signerThumbprint: 'AB',
    signerIssuer: 'CN=Microsoft Code Signing PCA 2011, O=Microsoft Corporation, L=Redmond, S=Washington, C=US',
    chainBuilt: true,
    chainStatus: [],
    chainRoot: 'CN=Microsoft Root Certificate Authority 2011, O=Microsoft Corporation, L=Redmond, S=Washington, C=US',
    chainRootThumbprint: '8F43288AD272F3103B6FB1428485EA3014C0BCFE',
    microsoftRoot: true,
  };

  it('passes only Valid signatures chaining to a Microsoft root', () => {
    expect(judgeSignature(base)).toEqual({ check: { checked: true, status: 'Valid', signer: base.signer, chainRoot: base.chainRoot }, failed: false });
    expect(judgeSignature({ ...base, status: 'NotSigned', signer: null }).failed).toBe(true);
    expect(judgeSignature({ ...base, status: 'HashMismatch' }).reason).toMatch(/HashMismatch/);
    expect(judgeSignature({ ...base, microsoftRoot: false, chainRoot: 'CN=Contoso Root' }).reason).toMatch(/Contoso Root/);
    expect(judgeSignature({ ...base, chainBuilt: false, microsoftRoot: false, chainStatus: ['PartialChain'] }).reason).toMatch(/PartialChain/);
  });

  it('pins the signer: Microsoft Corporation, issued by a Microsoft code-signing CA, not any certificate under a Microsoft root', () => {
    expect(judgeSignature({ ...base, signerIssuer: 'CN=Microsoft Code Signing PCA, O=Microsoft Corporation, C=US' }).failed).toBe(false);
    expect(judgeSignature({ ...base, signer: 'CN=Contoso Ltd, O=Contoso Ltd, C=US' }).reason).toMatch(/not by Microsoft Corporation/);
    expect(judgeSignature({ ...base, signer: 'CN=Microsoft Corporation, O=Contoso, C=US' }).reason).toMatch(/not by Microsoft Corporation/);
    expect(judgeSignature({ ...base, signerIssuer: 'CN=DigiCert Trusted G4 Code Signing RSA4096 SHA384 2021 CA1, O="DigiCert, Inc.", C=US' }).reason).toMatch(/not by a Microsoft code-signing CA/);
    expect(judgeSignature({ ...base, signerIssuer: 'CN=Microsoft Code Signing PCA 2011, O=Evil Corp, C=US' }).failed).toBe(true);
    expect(judgeSignature({ ...base, signerIssuer: null }).failed).toBe(true);
  });

  it('never calls an unchecked file verified', () => {
    const outcome = judgeSignature({ ...base, available: false, status: 'NotAvailable', statusMessage: 'no cmdlet', signer: null, microsoftRoot: false });
    expect(outcome.failed).toBe(false);
    expect(outcome.check.checked).toBe(false);
    expect(outcome.check.status).toMatch(/^Not checked/);
  });
});

describe('Get-FileSignature.ps1 (real PowerShell)', () => {
  const pwsh = useRealPwshHost('exwiz-signature-');

  it('runs through the host and returns a result the engine accepts', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'Exchange2019-KB5066367-x64-en.exe.partial');
    writeFileSync(file, BYTES);
    const outcome = await powershellSignatureVerifier(() => pwsh.host).verify(file, 'Exchange2019-KB5066367-x64-en.exe');
    if (process.platform === 'win32') {
      // Random bytes are not a signed program.
      expect(outcome.check.checked).toBe(true);
      expect(outcome.failed).toBe(true);
    } else {
      expect(outcome).toMatchObject({ failed: false, check: { checked: false, signer: null } });
      expect(outcome.check.status).toMatch(/^Not checked: Get-AuthenticodeSignature is not available/);
    }
    // The temporary link named like the final file is gone again.
    expect(filesIn(dir)).toEqual(['Exchange2019-KB5066367-x64-en.exe.partial']);
  });

  it('refuses to check a file that does not exist', async () => {
    const err = await powershellSignatureVerifier(() => pwsh.host)
      .verify(path.join(tempDir(), 'missing.exe'), 'missing.exe')
      .catch(e => e);
    expect(err.code).toBe('script-error');
    expect(err.message).toMatch(/could not be checked/);
  });

  it('does not run PowerShell for files without Authenticode', async () => {
    const outcome = await powershellSignatureVerifier(() => {
      throw new Error('must not start PowerShell');
    }).verify('/nowhere/x.iso', 'ExchangeServer2019-x64-CU15.ISO');
    expect(outcome.check.status).toMatch(/^Not applicable/);
  });
});
