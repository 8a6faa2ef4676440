// @peculiar/x509 resolves its ASN.1 types through tsyringe, which needs the Reflect metadata polyfill loaded first.
import 'reflect-metadata';
import {
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  ExtendedKeyUsage,
  ExtendedKeyUsageExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  SubjectAlternativeNameExtension,
  SubjectKeyIdentifierExtension,
  X509CertificateGenerator,
  type X509Certificate,
} from '@peculiar/x509';
import { webcrypto as crypto } from 'node:crypto';
import { isIP } from 'node:net';

/** A certificate and its private key, both PEM. */
export interface CertificateAndKey {
  cert: string;
  key: string;
}

export interface IssueOptions {
  /** DNS names and IP addresses the certificate is valid for (subjectAltName). */
  hosts?: string[];
  /** What the certificate may authenticate: a TLS server, a TLS client, or both (the default). */
  usages?: Array<'server' | 'client'>;
}

// ECDSA P-256: what kubeadm and cert-manager default to, and quick to generate (no RSA prime search).
const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
// Long enough for a demo left running, short enough that a leaked throw-away key soon means nothing.
const VALID_DAYS = 30;
// Certificates are used the moment they are made, possibly by another process whose clock reads a bit earlier.
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * A throw-away certificate authority made in memory with WebCrypto (no openssl needed): a self-signed CA
 * certificate that issues TLS server and client certificates. The simulated Kubernetes API makes one per start,
 * as a cluster has its own CA; tests use it for the planes' TLS.
 */
export class CertificateAuthority {
  private constructor(
    private readonly certificate: X509Certificate,
    private readonly signingKey: crypto.CryptoKey,
  ) {}

  static async create(commonName: string): Promise<CertificateAuthority> {
    const keys = await generateKeys();
    const certificate = await X509CertificateGenerator.createSelfSigned(
      {
        name: `CN=${commonName}`,
        keys,
        signingAlgorithm: ALGORITHM,
        ...validity(),
        extensions: [
          new BasicConstraintsExtension(true, 0, true),
          new KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, true),
          await SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
        ],
      },
      crypto,
    );
    return new CertificateAuthority(certificate, keys.privateKey);
  }

  /** The CA certificate (PEM), for clients to trust. */
  get cert(): string {
    return this.certificate.toString('pem');
  }

  /** A new key and a certificate for it, signed by this CA, with a fresh random serial number. */
  async issue(commonName: string, options: IssueOptions = {}): Promise<CertificateAndKey> {
    const keys = await generateKeys();
    const usages = options.usages ?? ['server', 'client'];
    const hosts = options.hosts ?? [];
    const certificate = await X509CertificateGenerator.create(
      {
        subject: `CN=${commonName}`,
        issuer: this.certificate.subject,
        publicKey: keys.publicKey,
        signingKey: this.signingKey,
        signingAlgorithm: ALGORITHM,
        ...validity(),
        extensions: [
          new BasicConstraintsExtension(false, undefined, true),
          new KeyUsagesExtension(KeyUsageFlags.digitalSignature, true),
          new ExtendedKeyUsageExtension(usages.map((usage) => (usage === 'server' ? ExtendedKeyUsage.serverAuth : ExtendedKeyUsage.clientAuth))),
          ...(hosts.length > 0 ? [new SubjectAlternativeNameExtension(hosts.map((host) => ({ type: isIP(host) ? 'ip' : 'dns', value: host })))] : []),
          await AuthorityKeyIdentifierExtension.create(this.certificate, false, crypto),
        ],
      },
      crypto,
    );
    return { cert: certificate.toString('pem'), key: await privateKeyPem(keys.privateKey) };
  }
}

function generateKeys(): Promise<crypto.CryptoKeyPair> {
  return crypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
}

function validity(): { notBefore: Date; notAfter: Date } {
  const now = Date.now();
  return { notBefore: new Date(now - CLOCK_SKEW_MS), notAfter: new Date(now + VALID_DAYS * 86_400_000) };
}

async function privateKeyPem(key: crypto.CryptoKey): Promise<string> {
  const der = Buffer.from(await crypto.subtle.exportKey('pkcs8', key)).toString('base64');
  return `-----BEGIN PRIVATE KEY-----\n${der.match(/.{1,64}/g)!.join('\n')}\n-----END PRIVATE KEY-----\n`;
}
