import * as grpc from '@grpc/grpc-js';
import { createHash, timingSafeEqual } from 'node:crypto';
import { accessSync, constants } from 'node:fs';
import { ConfigError, envInteger, isLoopbackAddress } from './env-config';

type Env = Record<string, string | undefined>;

/** The metadata key carrying the shared secret from the control plane to the data plane. */
export const INTERNAL_SECRET_METADATA = 'x-applogs-internal-secret';

export const INTERNAL_SECRET_REFUSAL = 'this data plane only serves the control plane: missing or wrong internal secret';

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

function fileWatcher(files: TlsFiles, refreshMs: number): grpc.experimental.FileWatcherCertificateProvider {
  return new grpc.experimental.FileWatcherCertificateProvider({
    certificateFile: files.cert,
    privateKeyFile: files.key,
    caCertificateFile: files.ca,
    refreshIntervalMs: refreshMs,
  });
}

/** The certificate files behind server credentials made here, so that a plane can wait until they are loaded. */
const loadedFiles = new WeakMap<grpc.ServerCredentials, { provider: grpc.experimental.FileWatcherCertificateProvider; files: TlsFiles }>();

/**
 * Resolves once the certificate files of `credentials` have been read (at once for plaintext credentials);
 * rejects with a ConfigError when they cannot be. grpc-js reads them only once the server is bound and drops
 * connections until then: call this after listening and before saying the server is ready.
 */
export function certificatesLoaded(credentials: grpc.ServerCredentials): Promise<void> {
  const entry = loadedFiles.get(credentials);
  if (!entry) return Promise.resolve();
  const { provider, files } = entry;
  return new Promise((resolve, reject) => {
    // Identity listeners are called before CA listeners, and the server's were added when it was bound.
    const listener = (update: grpc.experimental.IdentityCertificateUpdate | null) => {
      process.nextTick(() => provider.removeIdentityCertificateListener(listener));
      if (update) resolve();
      else reject(new ConfigError(`cannot read the certificate ${files.cert} or its key ${files.key}`));
    };
    provider.addIdentityCertificateListener(listener);
  });
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** True when `presented` is the secret, compared in constant time (over digests, so lengths do not leak). */
export function isInternalSecret(expected: string, presented: unknown): boolean {
  const value = typeof presented === 'string' ? presented : Buffer.isBuffer(presented) ? presented.toString('utf8') : '';
  return timingSafeEqual(digest(expected), digest(value));
}

/**
 * A grpc-js server interceptor refusing, with UNAUTHENTICATED, every call (AppLogsService and reflection;
 * health is exempt) whose metadata lacks the shared secret. It runs before any handler, so a refused call
 * never reaches Nest.
 */
export function internalSecretServerInterceptor(secret: string): grpc.ServerInterceptor {
  return (method, call) =>
    // Health says SERVING or not, nothing more, and the kubelet's gRPC probes cannot send a secret.
    method.path.startsWith('/grpc.health.v1.Health/')
      ? new grpc.ServerInterceptingCall(call)
      : new grpc.ServerInterceptingCall(call, {
      start: (next) =>
        next({
          onReceiveMetadata: (metadata, forward) => {
            const presented = metadata.get(INTERNAL_SECRET_METADATA)[0];
            if (isInternalSecret(secret, presented)) forward(metadata);
            else call.sendStatus({ code: grpc.status.UNAUTHENTICATED, details: INTERNAL_SECRET_REFUSAL, metadata: new grpc.Metadata() });
          },
        }),
    });
}

/** A grpc-js client interceptor adding the shared secret to every call's metadata. */
export function internalSecretClientInterceptor(secret: string): grpc.Interceptor {
  return (options, nextCall) =>
    new grpc.InterceptingCall(nextCall(options), {
      start: (metadata, listener, next) => {
        metadata.set(INTERNAL_SECRET_METADATA, secret);
        next(metadata, listener);
      },
    });
}

/**
 * The data plane's server credentials: with mutual TLS, client certificates signed by the CA are required
 * (the handshake refuses anyone else) and the files are re-read as they change; with a secret, every call
 * must carry it.
 */
export function internalServerCredentials(security: InternalSecurity): grpc.ServerCredentials {
  let credentials = grpc.ServerCredentials.createInsecure();
  if (security.tls) {
    // One provider serves both the CA and our identity (grpc-js 1.14.3 swaps the two provider arguments).
    const provider = fileWatcher(security.tls, security.refreshMs);
    credentials = grpc.experimental.createCertificateProviderServerCredentials(provider, provider, true);
    loadedFiles.set(credentials, { provider, files: security.tls });
  }
  if (security.secret) {
    const checked = grpc.experimental.createServerCredentialsWithInterceptors(credentials, [internalSecretServerInterceptor(security.secret)]);
    const files = loadedFiles.get(credentials);
    if (files) loadedFiles.set(checked, files);
    credentials = checked;
  }
  return credentials;
}

/** The control plane's credentials towards the data plane: verifies its certificate, presents ours. */
export function internalChannelCredentials(security: InternalSecurity): grpc.ChannelCredentials {
  if (!security.tls) return grpc.credentials.createInsecure();
  const provider = fileWatcher(security.tls, security.refreshMs);
  return grpc.experimental.createCertificateProviderChannelCredentials(provider, provider);
}

/** What the control plane adds to every call to the data plane (TailLogs and health). */
export function internalClientInterceptors(security: InternalSecurity): grpc.Interceptor[] {
  return security.secret ? [internalSecretClientInterceptor(security.secret)] : [];
}

/** The control plane's public port: TLS from the given files (re-read as they change), else plaintext. */
export function callerServerCredentials(tls: TlsFiles | undefined, refreshMs: number): grpc.ServerCredentials {
  if (!tls) return grpc.ServerCredentials.createInsecure();
  const provider = fileWatcher(tls, refreshMs);
  // grpc-js 1.14.3 passes its first argument on as the identity provider and its second as the CA provider
  // (the reverse of its declared names): the identity first and no CA means no client certificate is asked for.
  const credentials = grpc.experimental.createCertificateProviderServerCredentials(provider, null, false);
  loadedFiles.set(credentials, { provider, files: tls });
  return credentials;
}
