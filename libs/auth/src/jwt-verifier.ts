import { readFileSync } from 'node:fs';
import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { Caller } from './caller';
import { unauthenticated } from './errors';
import { parseGrant } from './grants';

export interface JwtSettings {
  /** A JWKS file path or an https URL (fetched, cached and refreshed by jose). */
  jwks: string;
  issuer: string;
  audience: string;
  /** The claim holding the caller's grants: a list of "project/domain", or one space-separated string. */
  grantsClaim: string;
  /** Allowed clock difference for exp and nbf. */
  clockToleranceSeconds?: number;
}

/** Verifies bearer JWTs with jose: signature against the JWKS, issuer, audience, expiry and not-before. */
export class JwtVerifier {
  private readonly keys: JWTVerifyGetKey;

  constructor(private readonly settings: JwtSettings) {
    this.keys = /^https:\/\//.test(settings.jwks)
      ? createRemoteJWKSet(new URL(settings.jwks))
      : createLocalJWKSet(JSON.parse(readFileSync(settings.jwks, 'utf8')));
  }

  async verify(token: string): Promise<Caller> {
    try {
      const { payload } = await jwtVerify(token, this.keys, {
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        clockTolerance: this.settings.clockToleranceSeconds ?? 30,
      });
      if (typeof payload.sub !== 'string' || !payload.sub) throw unauthenticated('the token has no subject (sub)');
      return { name: payload.sub, grants: grantsOf(payload[this.settings.grantsClaim]) };
    } catch (error) {
      throw unauthenticated(`invalid token: ${reason(error)}`);
    }
  }
}

function grantsOf(claim: unknown): Caller['grants'] {
  const texts = Array.isArray(claim) ? claim : typeof claim === 'string' ? claim.split(/\s+/) : [];
  return texts.flatMap((text) => {
    const grant = typeof text === 'string' ? parseGrant(text) : undefined;
    return grant ? [grant] : [];
  });
}

/** jose's reasons, in words; never the token. */
function reason(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'it has expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `claim ${error.claim} is not valid (${error.reason})`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the signature does not verify';
  if (error instanceof errors.JWKSNoMatchingKey) return 'no key of the JWKS matches it';
  if (error instanceof errors.JOSEError) return error.code;
  return (error as Error).message;
}
