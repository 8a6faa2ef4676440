import * as grpc from '@grpc/grpc-js';
import { ConfigError } from './env-config';
import { internalSecretServerInterceptor } from './internal-secret';
import type { InternalSecurity, TlsFiles } from './internal-security';

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
