import { status } from '@grpc/grpc-js';

/** Why a call was refused; the message is for the caller and never contains the token. */
export class AuthError extends Error {
  constructor(
    readonly code: status.UNAUTHENTICATED | status.PERMISSION_DENIED,
    message: string,
  ) {
    super(message);
    this.name = 'AuthError';
  }
}

export const unauthenticated = (message: string) => new AuthError(status.UNAUTHENTICATED, message);
export const permissionDenied = (message: string) => new AuthError(status.PERMISSION_DENIED, message);
