import * as grpc from '@grpc/grpc-js';
import { AppLogsService, grpcServiceDefinition, type TailLogsRequest } from '@applogs/proto';
import { DataPlaneChannels } from '@applogs/relay';
import { readWithDemand, type Demand } from '@applogs/flow-control';
import { CALLER_METADATA, internalChannelCredentials, internalClientInterceptors, type GrpcStatus, type InternalSecurity } from '@applogs/service-kit';
import { Observable } from 'rxjs';

// What grpc-js says when no connection to the server could be made at all.
const NOT_CONNECTED = /No connection established|ECONNREFUSED|Failed to connect|Name resolution failed|connection dropped/i;

/**
 * grpc-js starts every HTTP/2 connection with a 64 KiB receive window and never grows it: one batch of log
 * lines fills it, and the data plane then idles for a round trip per batch. A larger window lets it keep
 * streaming; a slow caller still holds it back, because we stop reading when our caller stops. Each client
 * gets a connection of its own (a local subchannel pool), so that DataPlaneChannels can spread calls.
 */
const DATA_PLANE_CHANNEL_OPTIONS: grpc.ChannelOptions = { 'grpc-node.flow_control_window': 4 * 1024 * 1024, 'grpc.use_local_subchannel_pool': 1 };

/** Responses arrive as the encoded bytes the data plane sent (`rawResponses`): we relay, never decode. */
type AppLogsGrpcClient = grpc.Client & { TailLogs(request: TailLogsRequest, metadata: grpc.Metadata): grpc.ClientReadableStream<Buffer> };

const AppLogsClient = grpc.makeGenericClientConstructor(grpcServiceDefinition(AppLogsService, { rawResponses: true }), AppLogsService.name);

/**
 * One data plane's internal AppLogsService. Its statuses pass through unchanged; only a data plane that
 * cannot be reached is reworded to name it and its address. Unsubscribing cancels the call.
 *
 * A plain grpc-js client rather than Nest's ClientGrpcProxy, whose Observable cannot pause: a call that keeps
 * reading while our caller is slow would buffer the data plane's whole output here. Calls are spread over
 * several connections (DataPlaneChannels) so that callers' cancels never exceed what the data plane's HTTP/2
 * server tolerates on one connection.
 */
export class DataPlaneConnection {
  private readonly channels: DataPlaneChannels<AppLogsGrpcClient>;

  /** `title` names the plane in messages: "the data plane east at dp-east:8091". */
  constructor(
    url: string,
    security: InternalSecurity,
    private readonly title: string,
  ) {
    const credentials = internalChannelCredentials(security);
    const options = { ...DATA_PLANE_CHANNEL_OPTIONS, interceptors: internalClientInterceptors(security) };
    this.channels = new DataPlaneChannels(() => new AppLogsClient(url, credentials, options) as unknown as AppLogsGrpcClient);
  }

  /** `incoming`: the caller's metadata; only the caller's name, set by CallerAuthInterceptor, goes on. */
  tailLogs(request: TailLogsRequest, demand: Demand, incoming?: grpc.Metadata): Observable<Buffer> {
    return new Observable<Buffer>((subscriber) => {
      const lease = this.channels.lease();
      if (!lease) {
        subscriber.error(this.overloaded());
        return undefined;
      }
      const outgoing = new grpc.Metadata();
      const caller = incoming?.get(CALLER_METADATA)[0];
      if (caller) outgoing.set(CALLER_METADATA, caller);
      const call = lease.client.TailLogs(request, outgoing);
      let ended = false;
      readWithDemand<Buffer>(call, demand, (message) => subscriber.next(message));
      call.on('error', (error) => {
        ended = true;
        subscriber.error(this.describe(error));
      });
      call.on('end', () => {
        ended = true;
        subscriber.complete();
      });
      return () => {
        if (!ended) call.cancel();
        lease.end(!ended);
      };
    });
  }

  /** Calls in progress go on to their end; no new call is made. */
  close(): void {
    this.channels.close();
  }

  private describe(error: { code?: number; details?: string; message?: string }): GrpcStatus {
    const details = error.details ?? error.message ?? String(error);
    if (error.code === grpc.status.UNAVAILABLE && NOT_CONNECTED.test(details)) {
      return { code: grpc.status.UNAVAILABLE, message: `${this.title} is unavailable: ${details}` };
    }
    return { code: error.code ?? grpc.status.UNKNOWN, message: details };
  }

  private overloaded(): GrpcStatus {
    return {
      code: grpc.status.RESOURCE_EXHAUSTED,
      message: `calls to ${this.title} are being cancelled faster than its connections allow; retry in a second`,
    };
  }
}
