import { Metadata, status, type ClientReadableStream } from '@grpc/grpc-js';
import { APP_LOGS_SERVICE, type TailLogsRequest } from '@applogs/proto';
import { CALLER_METADATA, readWithDemand, type Demand } from '@applogs/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import type { ClientGrpcProxy } from '@nestjs/microservices';
import { Observable } from 'rxjs';
import { ControlPlaneConfig } from './control-plane.config';

export const DATA_PLANE_GRPC = Symbol('DataPlaneGrpc');

// What grpc-js says when no connection to the server could be made at all.
const NOT_CONNECTED = /No connection established|ECONNREFUSED|Failed to connect|Name resolution failed|connection dropped/i;

/** Responses arrive as the encoded bytes the data plane sent (`rawResponses`): we relay, never decode. */
type AppLogsGrpcClient = { TailLogs(request: TailLogsRequest, metadata: Metadata): ClientReadableStream<Buffer> };

/**
 * The data plane's internal AppLogsService. Its statuses pass through unchanged; only a data plane that
 * cannot be reached is reworded to name its address. Unsubscribing cancels the call.
 *
 * We take the grpc-js client from Nest's ClientGrpcProxy instead of its Observable wrapper, which cannot
 * pause: a call that keeps reading while our caller is slow would buffer the data plane's whole output here.
 */
@Injectable()
export class DataPlaneClient {
  constructor(
    @Inject(DATA_PLANE_GRPC) private readonly grpc: ClientGrpcProxy,
    private readonly config: ControlPlaneConfig,
  ) {}

  /** `incoming`: the caller's metadata; only the caller's name, set by CallerAuthInterceptor, goes on. */
  tailLogs(request: TailLogsRequest, demand: Demand, incoming?: Metadata): Observable<Buffer> {
    return new Observable<Buffer>((subscriber) => {
      const client = this.grpc.getClientByServiceName(APP_LOGS_SERVICE) as AppLogsGrpcClient;
      const outgoing = new Metadata();
      const caller = incoming?.get(CALLER_METADATA)[0];
      if (caller) outgoing.set(CALLER_METADATA, caller);
      const call = client.TailLogs(request, outgoing);
      readWithDemand<Buffer>(call, demand, (message) => subscriber.next(message));
      call.on('error', (error) => subscriber.error(this.describe(error)));
      call.on('end', () => subscriber.complete());
      return () => call.cancel();
    });
  }

  private describe(error: { code?: number; details?: string; message?: string }) {
    const details = error.details ?? error.message ?? String(error);
    if (error.code === status.UNAVAILABLE && NOT_CONNECTED.test(details)) {
      return { code: status.UNAVAILABLE, message: `the data plane at ${this.config.dataPlaneUrl} is unavailable: ${details}` };
    }
    return { code: error.code ?? status.UNKNOWN, message: details };
  }
}
