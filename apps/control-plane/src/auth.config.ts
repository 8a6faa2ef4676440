import { Authenticator, JwtVerifier, TokenStore, type AuthMode } from '@applogs/auth';
import { ConfigError, isLoopbackAddress } from '@applogs/service-kit';
import type { Logger } from 'pino';

type Env = Record<string, string | undefined>;

const MODES: AuthMode[] = ['none', 'token', 'jwt'];

/** How callers authenticate, from the environment, validated once at start-up. */
export class AuthConfig {
  readonly mode: AuthMode;
  readonly tokenFile: string | undefined;
  readonly jwks: string | undefined;
  readonly issuer: string | undefined;
  readonly audience: string | undefined;
  readonly grantsClaim: string;

  constructor(env: Env, listenAddress: string) {
    const mode = (env['APPLOGS_AUTH_MODE']?.trim() || 'none') as AuthMode;
    if (!MODES.includes(mode)) throw new ConfigError(`APPLOGS_AUTH_MODE="${mode}" must be one of ${MODES.join(', ')}`);
    this.mode = mode;
    if (mode === 'none' && !isLoopbackAddress(listenAddress)) {
      throw new ConfigError(
        `APPLOGS_AUTH_MODE=none is allowed only while the control plane listens on loopback, not ${listenAddress}: set APPLOGS_AUTH_MODE to token or jwt`,
      );
    }
    this.tokenFile = required(env, 'APPLOGS_AUTH_TOKEN_FILE', mode === 'token', 'the path of the tokens file');
    this.jwks = required(env, 'APPLOGS_AUTH_JWKS', mode === 'jwt', 'a JWKS file path or an https URL');
    this.issuer = required(env, 'APPLOGS_AUTH_ISSUER', mode === 'jwt', "the tokens' expected issuer (iss)");
    this.audience = required(env, 'APPLOGS_AUTH_AUDIENCE', mode === 'jwt', "the tokens' expected audience (aud)");
    this.grantsClaim = env['APPLOGS_AUTH_GRANTS_CLAIM']?.trim() || 'grants';
  }

  /** The authenticator of this mode; a tokens file is watched for changes. */
  createAuthenticator(logger: Logger): Authenticator {
    if (this.mode === 'token') {
      let tokens: TokenStore;
      try {
        tokens = new TokenStore(this.tokenFile!, (message) => logger.error({ event: 'tokens_reload_failed' }, message));
      } catch (error) {
        throw new ConfigError(`APPLOGS_AUTH_TOKEN_FILE: ${(error as Error).message}`);
      }
      tokens.watch(1000, () => logger.info({ event: 'tokens_reloaded' }, 'tokens file reloaded'));
      return new Authenticator('token', tokens);
    }
    if (this.mode === 'jwt') {
      try {
        const verifier = new JwtVerifier({ jwks: this.jwks!, issuer: this.issuer!, audience: this.audience!, grantsClaim: this.grantsClaim });
        return new Authenticator('jwt', undefined, verifier);
      } catch (error) {
        throw new ConfigError(`APPLOGS_AUTH_JWKS: ${(error as Error).message}`);
      }
    }
    return new Authenticator('none');
  }
}

function required(env: Env, name: string, needed: boolean, what: string): string | undefined {
  const value = env[name]?.trim() || undefined;
  if (needed && !value) throw new ConfigError(`${name} must be set to ${what} for this APPLOGS_AUTH_MODE`);
  return value;
}
