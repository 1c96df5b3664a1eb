import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface TestCertificates {
  /** The test CA (PEM) a client must trust. */
  ca: string;
  key: string;
  cert: string;
}

/**
 * A throw-away CA and a server certificate for the given names, made with the
 * openssl command line (Node cannot create certificates itself).
 */
export function makeTestCertificates(names: { ips?: string[]; dns?: string[] }): TestCertificates {
  const dir = mkdtempSync(path.join(tmpdir(), 'exwiz-tls-'));
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  try {
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
    run(['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=exwiz test CA']);
    run(['req', ...ec, '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=exwiz test server']);
    const san = [...(names.ips ?? []).map(ip => `IP:${ip}`), ...(names.dns ?? []).map(d => `DNS:${d}`)].join(',');
    writeFileSync(path.join(dir, 'ext.cnf'), `subjectAltName=${san}\nbasicConstraints=CA:FALSE\n`);
    run(['x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'leaf.crt', '-days', '2', '-extfile', 'ext.cnf']);
    const read = (name: string) => readFileSync(path.join(dir, name), 'utf8');
    return { ca: read('ca.crt'), key: read('leaf.key'), cert: read('leaf.crt') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
