import type { Caller } from './caller';
import { permissionDenied, unauthenticated } from './errors';
import { grants } from './grants';
import type { JwtVerifier } from './jwt-verifier';
import type { TokenStore } from './token-store';

export type AuthMode = 'none' | 'token' | 'jwt';

/** Every app, for `none` mode (allowed only on loopback, which the config enforces). */
const ANONYMOUS: Caller = { name: 'anonymous', grants: [{ project: '*', domain: '*' }] };

/** Who the caller is, from its `authorization: Bearer <token>` metadata, in the configured mode. */
export class Authenticator {
  constructor(
    readonly mode: AuthMode,
    private readonly tokens?: TokenStore,
    private readonly jwt?: JwtVerifier,
  ) {}

  async authenticate(authorization: string | undefined): Promise<Caller> {
    if (this.mode === 'none') return ANONYMOUS;
    const token = bearerToken(authorization);
    if (this.mode === 'token') {
      const caller = this.tokens!.lookup(token);
      if (!caller) throw unauthenticated("invalid token: it is not one of this server's tokens");
      return caller;
    }
    return this.jwt!.verify(token);
  }
}

/** PERMISSION_DENIED unless one of the caller's grants covers the app. */
export function authorize(caller: Caller, project: string, domain: string): void {
  if (!grants(caller.grants, project, domain)) {
    throw permissionDenied(`${caller.name} may not read the logs of project ${project}, domain ${domain}`);
  }
}

function bearerToken(authorization: string | undefined): string {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match) throw unauthenticated('missing credentials: send "authorization: Bearer <token>" metadata');
  return match[1];
}
