export { Authenticator, authorize, type AuthMode } from './authenticator';
export { grants } from './grants';
export { JwtVerifier } from './jwt-verifier';
export { TokenStore } from './token-store';
