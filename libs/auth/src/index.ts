export { Authenticator, authorize, type AuthMode } from './authenticator';
export type { Caller, Grant } from './caller';
export { AuthError } from './errors';
export { grants, parseGrant } from './grants';
export { JwtVerifier, type JwtSettings } from './jwt-verifier';
export { TokenStore } from './token-store';
