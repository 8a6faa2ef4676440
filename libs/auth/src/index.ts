export { Authenticator, authorize, type AuthMode } from './authenticator';
export type { Grant } from './caller';
export { grants, parseGrants } from './grants';
export { JwtVerifier } from './jwt-verifier';
export { TokenStore } from './token-store';
