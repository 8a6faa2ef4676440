import { CertificateAuthority } from '@applogs/kube-sim';
import * as grpc from '@grpc/grpc-js';
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { useStack, type StackFixture, type StackOptions } from './stack';

export interface IssuedCert {
  cert: string;
  key: string;
}

/** A CA of a TestPki: the path of its certificate (what a plane's `_CA` variable names) and the CA that signs. */
export interface TestCa {
  cert: string;
  authority: CertificateAuthority;
}

/** A throw-away PKI in a temp dir (made in memory by kube-sim's CertificateAuthority): CAs and leaf certificates for 127.0.0.1. */
export class TestPki {
  readonly dir = mkdtempSync(path.join(os.tmpdir(), 'applogs-pki-'));
  private count = 0;

  /** A self-signed CA; its certificate is written to `name.crt`. */
  async createCa(name: string): Promise<TestCa> {
    const authority = await CertificateAuthority.create(name);
    const cert = path.join(this.dir, `${name}.crt`);
    writeFileSync(cert, authority.cert);
    return { cert, authority };
  }

  /**
   * A leaf certificate signed by `ca`, valid for server and client auth, with subjectAltName IP:127.0.0.1;
   * written to fresh files (move them into place with `replaceFiles`).
   */
  async issue(name: string, ca: TestCa): Promise<IssuedCert> {
    const id = `${name}-${++this.count}`;
    const issued = await ca.authority.issue(name, { hosts: ['127.0.0.1'] });
    const files = { cert: path.join(this.dir, `${id}.crt`), key: path.join(this.dir, `${id}.key`) };
    writeFileSync(files.key, issued.key, { mode: 0o600 });
    writeFileSync(files.cert, issued.cert);
    return files;
  }

  /** A copy of `source` under stable names (`name.crt`, `name.key`), which `replaceFiles` can later overwrite. */
  install(name: string, source: IssuedCert): IssuedCert {
    const target = { cert: path.join(this.dir, `${name}.crt`), key: path.join(this.dir, `${name}.key`) };
    this.replaceFiles(target, source);
    return target;
  }

  /** Moves `source`'s files over `target`'s, each by an atomic rename (key first), as a rotation would. */
  replaceFiles(target: IssuedCert, source: IssuedCert): void {
    for (const kind of ['key', 'cert'] as const) {
      const staged = `${target[kind]}.new`;
      writeFileSync(staged, readFileSync(source[kind]));
      renameSync(staged, target[kind]);
    }
  }

  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The serial number of the certificate a TLS server at `address` presents (presenting `client`, if given). */
export function servedCertificateSerial(address: string, ca: string, client?: IssuedCert): Promise<string> {
  const port = Number(address.slice(address.lastIndexOf(':') + 1));
  return new Promise((resolve, reject) => {
    const socket = tls.connect(
      {
        host: '127.0.0.1',
        port,
        ca: readFileSync(ca),
        cert: client && readFileSync(client.cert),
        key: client && readFileSync(client.key),
        ALPNProtocols: ['h2'],
      },
      () => {
        const serial = socket.getPeerCertificate().serialNumber;
        socket.destroy();
        resolve(serial);
      },
    );
    socket.once('error', reject);
  });
}

/** TLS channel credentials trusting `ca`, presenting `client` when given. */
export function tlsCredentials(ca: string, client?: IssuedCert): grpc.ChannelCredentials {
  return grpc.credentials.createSsl(readFileSync(ca), client ? readFileSync(client.key) : null, client ? readFileSync(client.cert) : null);
}

/** The environment that gives a plane mutual TLS towards the other: its own certificate and key, and the CA. */
export function internalTlsEnv(own: IssuedCert, ca: TestCa): Record<string, string> {
  return { APPLOGS_INTERNAL_TLS_CERT: own.cert, APPLOGS_INTERNAL_TLS_KEY: own.key, APPLOGS_INTERNAL_TLS_CA: ca.cert };
}

export interface PkiStackFixture extends StackFixture {
  readonly pki: TestPki;
  /** The CA `planes` was given (`applogs-test-ca`). */
  readonly ca: TestCa;
}

/**
 * useStack with a throw-away PKI: before the stack starts, `planes(pki, ca)` issues what each plane needs and
 * returns the planes' environment; the PKI's files go with the stack.
 */
export function usePkiStack(
  options: Omit<StackOptions, 'dataPlaneEnv' | 'controlPlaneEnv'>,
  planes: (pki: TestPki, ca: TestCa) => Promise<Pick<StackOptions, 'dataPlaneEnv' | 'controlPlaneEnv'>>,
): PkiStackFixture {
  const pki = new TestPki();
  let ca: TestCa | undefined;
  const fixture = useStack(
    async () => {
      ca = await pki.createCa('applogs-test-ca');
      return { ...options, ...(await planes(pki, ca)) };
    },
    () => pki.close(),
  );
  return {
    pki,
    get ca() {
      if (!ca) throw new Error('the PKI is not made yet: use it inside a test');
      return ca;
    },
    get stack() {
      return fixture.stack;
    },
    get client() {
      return fixture.client;
    },
  };
}
