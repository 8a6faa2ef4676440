import { Authenticator, authorize } from '@applogs/auth';
import { targetAppId, type TailLogsRequest } from '@applogs/proto';
import { APPLOGS_LOGGER, CALLER_METADATA } from '@applogs/service-kit';
import type { Metadata } from '@grpc/grpc-js';
import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Logger } from 'pino';
import { defer, switchMap, type Observable } from 'rxjs';

/**
 * Authenticates every TailLogs call and authorizes it for the app it names before the data plane is called:
 * UNAUTHENTICATED without valid credentials, PERMISSION_DENIED outside the caller's grants. The reason is
 * logged, never the token. The caller's name goes on to the data plane in metadata.
 */
@Injectable()
export class CallerAuthInterceptor implements NestInterceptor {
  constructor(
    private readonly authenticator: Authenticator,
    @Inject(APPLOGS_LOGGER) private readonly logger: Logger,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const rpc = context.switchToRpc();
    const request = rpc.getData<TailLogsRequest>();
    const metadata = rpc.getContext<Metadata>();
    // Only we say who the caller is: whatever it sent under that key is dropped before anything reads it.
    metadata.remove(CALLER_METADATA);
    return defer(async () => {
      const authorization = metadata.get('authorization')[0];
      try {
        const caller = await this.authenticator.authenticate(typeof authorization === 'string' ? authorization : undefined);
        const app = targetAppId(request);
        if (app) authorize(caller, app.project, app.domain);
        metadata.set(CALLER_METADATA, caller.name);
      } catch (error) {
        this.logger.warn({ event: 'call_refused', reason: (error as Error).message }, 'call refused');
        throw error;
      }
    }).pipe(switchMap(() => next.handle()));
  }
}
