import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A throwaway self-signed certificate naming the fixture hosts, so the CRM
 * fixtures are served over https at their production host names and the
 * extension's real match patterns are what the tests exercise.
 */
export function makeCertificate(hosts: string[]): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'seamline-cert-'));
  const names = [...new Set(hosts)].map((h, i) => `DNS.${i + 1} = ${h}`).join('\n');
  writeFileSync(
    join(dir, 'openssl.cnf'),
    `[req]\ndistinguished_name=dn\nx509_extensions=ext\nprompt=no\n[dn]\nCN=seamline-fixtures\n[ext]\nsubjectAltName=@alt\n[alt]\n${names}\n`,
  );
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
      '-config',
      join(dir, 'openssl.cnf'),
    ],
    { stdio: 'ignore' },
  );
  return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
}
