import * as grpc from '@grpc/grpc-js';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { appLogsClientConstructor } from './grpc-client';

/** The openssl version line, or undefined when openssl cannot be run here. */
export function opensslVersion(): string | undefined {
  try {
    return execFileSync('openssl', ['version'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

export interface IssuedCert {
  cert: string;
  key: string;
}

/** A throw-away PKI in a temp dir, made with openssl: CAs and leaf certificates for 127.0.0.1. */
export class TestPki {
  readonly dir = mkdtempSync(path.join(os.tmpdir(), 'applogs-pki-'));
  private count = 0;

  private openssl(args: string[]): void {
    execFileSync('openssl', args, { cwd: this.dir, stdio: ['ignore', 'ignore', 'pipe'] });
  }

  /** A self-signed CA; returns the paths of its certificate and key. */
  createCa(name: string): IssuedCert {
    const cert = path.join(this.dir, `${name}.crt`);
    const key = path.join(this.dir, `${name}.key`);
    this.openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', `/CN=${name}`]);
    return { cert, key };
  }

  /**
   * A leaf certificate signed by `ca`, valid for server and client auth, with subjectAltName IP:127.0.0.1;
   * written to fresh files (move them into place with `replaceFiles`).
   */
  issue(name: string, ca: IssuedCert): IssuedCert {
    const id = `${name}-${++this.count}`;
    const key = path.join(this.dir, `${id}.key`);
    const csr = path.join(this.dir, `${id}.csr`);
    const cert = path.join(this.dir, `${id}.crt`);
    const ext = path.join(this.dir, `${id}.ext`);
    writeFileSync(ext, 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\nbasicConstraints=CA:FALSE\n');
    this.openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', csr, '-subj', `/CN=${name}`]);
    const serial = `0x${Date.now().toString(16)}${this.count.toString(16).padStart(4, '0')}`;
    this.openssl(['x509', '-req', '-in', csr, '-CA', ca.cert, '-CAkey', ca.key, '-set_serial', serial, '-days', '2', '-out', cert, '-extfile', ext]);
    return { cert, key };
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

/** A plain grpc-js client of AppLogsService with the given credentials (and metadata-adding interceptors). */
export function appLogsClientWithCredentials(address: string, credentials: grpc.ChannelCredentials, options: grpc.ClientOptions = {}) {
  const Client = appLogsClientConstructor();
  return new Client(address, credentials, options) as unknown as ReturnType<typeof import('./grpc-client').appLogsClient>;
}
