import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ConfigError, envInteger, isLoopbackAddress } from './env-config';

type Env = Record<string, string | undefined>;

/** PEM files of one side of a TLS connection; re-read when they change (cert-manager rotates them). */
export interface TlsFiles {
  cert: string;
  key: string;
  /** The CA that signs the peer's certificate (mutual TLS only). */
  ca?: string;
}

/** How the control plane and the data plane protect the traffic between them. */
export interface InternalSecurity {
  /** Mutual TLS: both planes present a certificate signed by `ca` and verify the other's. */
  tls: Required<TlsFiles> | undefined;
  /** A shared secret the control plane sends on every call and the data plane checks. */
  secret: string | undefined;
  /** How often certificate files are checked for changes. */
  refreshMs: number;
}

export const INTERNAL_TLS_VARIABLES = ['APPLOGS_INTERNAL_TLS_CERT', 'APPLOGS_INTERNAL_TLS_KEY', 'APPLOGS_INTERNAL_TLS_CA'] as const;

/**
 * A PEM file, read now so that a wrong path or a file that is not what it should be stops the start naming
 * the setting (rather than failing the first handshake). `label` names the setting, e.g. `APPLOGS_TLS_CERT`.
 */
function pemFile(label: string, file: string, kind: 'certificate' | 'key'): string {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError(`${label}="${file}" is not a readable file`);
  }
  try {
    if (kind === 'certificate') new X509Certificate(pem);
    else createPrivateKey(pem);
  } catch {
    throw new ConfigError(`${label}="${file}" is not a PEM ${kind === 'certificate' ? 'certificate' : 'private key'}`);
  }
  return file;
}

/** A certificate and key pair, checked to belong together; `labels` name the two settings. */
function keyPair(files: { cert: string; key: string }, labels: { cert: string; key: string }): TlsFiles {
  const pair = { cert: pemFile(labels.cert, files.cert, 'certificate'), key: pemFile(labels.key, files.key, 'key') };
  const certificate = new X509Certificate(readFileSync(pair.cert));
  if (!certificate.checkPrivateKey(createPrivateKey(readFileSync(pair.key)))) {
    throw new ConfigError(`${labels.key}="${pair.key}" is not the private key of ${labels.cert}="${pair.cert}"`);
  }
  return pair;
}

/** Mutual TLS files (certificate, its key, the peer's CA), checked now; `label` names each field's setting. */
export function checkedMutualTls(files: Required<TlsFiles>, label: (field: keyof TlsFiles) => string): Required<TlsFiles> {
  return { ...keyPair(files, { cert: label('cert'), key: label('key') }), ca: pemFile(label('ca'), files.ca, 'certificate') };
}

function envFile(env: Env, name: string): string {
  return env[name]!.trim();
}

/** Names set to a non-blank value among `names`; throws unless all or none are. */
function allOrNone(env: Env, names: readonly string[]): boolean {
  const set = names.filter((name) => env[name]?.trim());
  if (set.length > 0 && set.length < names.length) {
    const missing = names.filter((name) => !set.includes(name));
    throw new ConfigError(`${set.join(', ')} set without ${missing.join(', ')}: set all of ${names.join(', ')}, or none`);
  }
  return set.length > 0;
}

export function envRefreshMs(env: Env): number {
  return envInteger(env, 'APPLOGS_TLS_REFRESH_MS', 60_000, { min: 100, max: 86_400_000 });
}

/** APPLOGS_INTERNAL_TLS_CERT/KEY/CA (all or none) and APPLOGS_INTERNAL_SECRET, as both planes read them. */
export function envInternalSecurity(env: Env): InternalSecurity {
  const [cert, key, ca] = INTERNAL_TLS_VARIABLES;
  const tls = allOrNone(env, INTERNAL_TLS_VARIABLES)
    ? checkedMutualTls({ cert: envFile(env, cert), key: envFile(env, key), ca: envFile(env, ca) }, (field) => ({ cert, key, ca })[field])
    : undefined;
  const secret = env.APPLOGS_INTERNAL_SECRET?.trim() || undefined;
  return { tls, secret, refreshMs: envRefreshMs(env) };
}

/** APPLOGS_TLS_CERT and APPLOGS_TLS_KEY (both or none): the control plane's public port then serves TLS. */
export function envCallerTls(env: Env): TlsFiles | undefined {
  if (!allOrNone(env, ['APPLOGS_TLS_CERT', 'APPLOGS_TLS_KEY'])) return undefined;
  return keyPair({ cert: envFile(env, 'APPLOGS_TLS_CERT'), key: envFile(env, 'APPLOGS_TLS_KEY') }, { cert: 'APPLOGS_TLS_CERT', key: 'APPLOGS_TLS_KEY' });
}

/**
 * A data plane reachable from other machines must not serve whoever connects: without mutual TLS or a
 * shared secret it may only listen on loopback.
 */
export function requireProtectedInternalAddress(variable: string, address: string, security: InternalSecurity): void {
  if (security.tls || security.secret || isLoopbackAddress(address)) return;
  throw new ConfigError(
    `${variable}="${address}" is not a loopback address, and anyone who reaches it could read every app's logs: ` +
      `set APPLOGS_INTERNAL_SECRET, or ${INTERNAL_TLS_VARIABLES.join(', ')} (mutual TLS), on both planes`,
  );
}

/** Whether the internal traffic is neither encrypted nor authenticated (allowed on loopback only). */
export function isPlaintextInternal(security: InternalSecurity): boolean {
  return !security.tls && !security.secret;
}
