import { accessSync, constants } from 'node:fs';
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

function readableFile(env: Env, name: string): string {
  const file = env[name]!.trim();
  try {
    accessSync(file, constants.R_OK);
  } catch {
    throw new ConfigError(`${name}="${file}" is not a readable file`);
  }
  return file;
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
  const tls = allOrNone(env, INTERNAL_TLS_VARIABLES)
    ? {
        cert: readableFile(env, 'APPLOGS_INTERNAL_TLS_CERT'),
        key: readableFile(env, 'APPLOGS_INTERNAL_TLS_KEY'),
        ca: readableFile(env, 'APPLOGS_INTERNAL_TLS_CA'),
      }
    : undefined;
  const secret = env.APPLOGS_INTERNAL_SECRET?.trim() || undefined;
  return { tls, secret, refreshMs: envRefreshMs(env) };
}

/** APPLOGS_TLS_CERT and APPLOGS_TLS_KEY (both or none): the control plane's public port then serves TLS. */
export function envCallerTls(env: Env): TlsFiles | undefined {
  if (!allOrNone(env, ['APPLOGS_TLS_CERT', 'APPLOGS_TLS_KEY'])) return undefined;
  return { cert: readableFile(env, 'APPLOGS_TLS_CERT'), key: readableFile(env, 'APPLOGS_TLS_KEY') };
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
