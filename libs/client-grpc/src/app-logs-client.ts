import { AppLogsClientError, tailLogsRequest, targetApp, toEvents, type AppLogsEvent, type TailOptions, type TailTarget } from '@applogs/client';
import { Code, type TailLogsRequest, type TailLogsResponse } from '@applogs/proto';
import type { Metadata, ServiceError } from '@grpc/grpc-js';
import { Observable, throwError } from 'rxjs';
import type { AppLogsClientOptions } from './app-logs-client-options';
import { createAppLogsStub, type AppLogsStub } from './app-logs-stub';
import { callError } from './call-error';
import { mergeMetadata, toMetadata, type MetadataInit } from './metadata';

/** A call's options: TailLogsRequest's, and metadata on top of the client's. */
export interface TailCallOptions extends TailOptions {
  /** Metadata for this call, on top of the client's (a key set here replaces the client's values). */
  metadata?: MetadataInit;
}

/**
 * A client of applogs' public AppLogsService over gRPC, for Node services (AppLogsClientModule provides one in
 * Nest). Framework-free.
 *
 * Flow control: an Observable cannot pause its source, so the call is never paused for a slow subscriber.
 * Handle events synchronously in `next` (or hand them to something that drops or blocks): while `next` runs,
 * nothing more is read, the HTTP/2 window fills and applogs holds the stream back up to Kubernetes. Handing
 * them to async work (`mergeMap` to a slow sink) instead buffers without bound in this process.
 */
export class AppLogsClient {
  private readonly stub: AppLogsStub;
  private readonly metadata: Metadata;
  /** Ends each open call's subscription with an error; used when the client is closed under it. */
  private readonly openCalls = new Set<(error: AppLogsClientError) => void>();
  private closed = false;

  constructor(options: AppLogsClientOptions) {
    this.metadata = toMetadata(options.metadata);
    this.stub = createAppLogsStub(options);
  }

  /**
   * Tails an app's replicas (`{ app }`) or one replica (`{ replica: { app, pod } }`). Cold: each subscription
   * makes its own TailLogs call, and unsubscribing cancels it (the server then ends its Kubernetes requests).
   * Completes when the server ends the call with OK; fails with AppLogsClientError otherwise, including for
   * options that cannot be sent (INVALID_ARGUMENT, before any call).
   */
  tailLogs(target: TailTarget, options: TailCallOptions = {}): Observable<AppLogsEvent> {
    let request: TailLogsRequest;
    let callMetadata: Metadata;
    try {
      request = tailLogsRequest(target, options);
      callMetadata = toMetadata(options.metadata);
    } catch (error) {
      return throwError(() => callError(error as Error));
    }
    const app = targetApp(target);
    return new Observable<AppLogsEvent>((subscriber) => {
      if (this.closed) {
        subscriber.error(closedError());
        return;
      }
      const call = this.stub.TailLogs(request, mergeMetadata(this.metadata, callMetadata));
      const endWith = (error: AppLogsClientError) => subscriber.error(error);
      this.openCalls.add(endWith);
      call.on('data', (response: TailLogsResponse) => {
        for (const event of toEvents(response, app)) subscriber.next(event);
      });
      // grpc-js emits 'error' before 'end' for a failed call, so a failure is never reported as completion.
      call.on('error', (error: ServiceError) => subscriber.error(callError(error)));
      call.on('end', () => subscriber.complete());
      return () => {
        this.openCalls.delete(endWith);
        // Harmless after the call ended; otherwise the server sees the cancel (its 'error' is ignored above,
        // as the subscriber is closed by then).
        call.cancel();
      };
    });
  }

  /** Closes the connection. grpc-js would let open calls run on, and a follow call never ends by itself, so they are cancelled and their subscribers told why. */
  close(): void {
    this.closed = true;
    for (const endWith of [...this.openCalls]) endWith(closedError());
    this.stub.close();
  }
}

function closedError(): AppLogsClientError {
  return new AppLogsClientError(Code.CANCELLED, 'the AppLogsClient was closed');
}
