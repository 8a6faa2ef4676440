import { X509Certificate } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import * as tls from 'node:tls';
import { CertificateAuthority, type CertificateAndKey } from './certificates';

/**
 * Connects to a server that requires a client certificate of `ca` and greets accepted clients: 'accepted', or
 * why not (the client's error code, or 'refused' when the server just closed).
 */
async function handshake(ca: CertificateAuthority, server: CertificateAndKey, client: CertificateAndKey, servername: string): Promise<string> {
  const listener = tls.createServer({ ...server, ca: ca.cert, requestCert: true, rejectUnauthorized: true }, (socket) => socket.end('welcome'));
  listener.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  try {
    return await new Promise<string>((resolve) => {
      const socket = tls.connect({ host: '127.0.0.1', port: (listener.address() as AddressInfo).port, servername, ca: ca.cert, ...client });
      // Under TLS 1.3 the server refuses a client certificate after the client's side of the handshake is done,
      // so only the greeting tells that it was accepted.
      let received = '';
      let failure: string | undefined;
      socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
      socket.on('error', (error: NodeJS.ErrnoException) => (failure = error.code ?? error.message));
      socket.on('close', () => resolve(received === 'welcome' ? 'accepted' : (failure ?? 'refused')));
    });
  } finally {
    listener.close();
  }
}

describe('CertificateAuthority', () => {
  let ca: CertificateAuthority;
  beforeAll(async () => {
    ca = await CertificateAuthority.create('test CA');
  });

  it('is a CA certificate that signs leaf certificates for the names and IPs asked for', async () => {
    const caCert = new X509Certificate(ca.cert);
    expect([caCert.ca, caCert.subject]).toEqual([true, 'CN=test CA']);
    const leaf = new X509Certificate((await ca.issue('server', { hosts: ['127.0.0.1', 'svc.test'] })).cert);
    expect([leaf.ca, leaf.subject, leaf.subjectAltName]).toEqual([false, 'CN=server', 'IP Address:127.0.0.1, DNS:svc.test']);
    expect(leaf.checkIssued(caCert)).toBe(true);
    expect(leaf.verify(caCert.publicKey)).toBe(true);
  });

  it('gives every certificate a fresh serial number', async () => {
    const serials = await Promise.all([1, 2, 3].map(async () => new X509Certificate((await ca.issue('x')).cert).serialNumber));
    expect(new Set(serials).size).toBe(3);
  });

  it('issues certificates that work for mutual TLS, and only with their own CA', async () => {
    const server = await ca.issue('server', { hosts: ['svc.test'], usages: ['server'] });
    const client = await ca.issue('client', { usages: ['client'] });
    expect(await handshake(ca, server, client, 'svc.test')).toBe('accepted');
    expect(await handshake(ca, server, client, 'other.test')).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    const stranger = await (await CertificateAuthority.create('other CA')).issue('client', { usages: ['client'] });
    expect(await handshake(ca, server, stranger, 'svc.test')).not.toBe('accepted');
  });
});
