import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { APP_LOGS_SERVICE_PROTO, PROTO_LOADER_OPTIONS, type TailLogsRequest, type TailLogsResponse } from '@applogs/proto';

type AppLogsStub = grpc.Client & {
  TailLogs(request: Partial<TailLogsRequest>, options?: grpc.CallOptions): grpc.ClientReadableStream<TailLogsResponse>;
};

const definition = protoLoader.loadSync(APP_LOGS_SERVICE_PROTO, PROTO_LOADER_OPTIONS);
const AppLogsService = (grpc.loadPackageDefinition(definition) as any).flyteidl2.app
  .AppLogsService as grpc.ServiceClientConstructor;

/** The generated client class of AppLogsService, for clients with other credentials (see tls-fixtures). */
export function appLogsClientConstructor(): grpc.ServiceClientConstructor {
  return AppLogsService;
}

/**
 * A plain grpc-js client of AppLogsService (not Nest's): what a caller outside our code would use. Clients
 * made here share one connection per address unless `options` say otherwise (`'grpc.use_local_subchannel_pool': 1`
 * gives a client a connection of its own, as a caller in another process has).
 */
export function appLogsClient(address: string, options: grpc.ChannelOptions = {}): AppLogsStub {
  return new AppLogsService(address, grpc.credentials.createInsecure(), options) as unknown as AppLogsStub;
}

export interface CallResult {
  messages: TailLogsResponse[];
  status: grpc.StatusObject | grpc.ServiceError;
}

/**
 * Records everything a call delivers, from the moment it is made, so a test can await a condition on the
 * messages so far (`until`) and then the end of the call (`ended`) without missing anything in between.
 */
export class CallReader {
  readonly messages: TailLogsResponse[] = [];
  readonly ended: Promise<CallResult>;
  private waiters: Array<() => void> = [];
  private finished = false;

  constructor(readonly call: grpc.ClientReadableStream<TailLogsResponse>) {
    call.on('data', (message: TailLogsResponse) => {
      this.messages.push(message);
      this.notify();
    });
    this.ended = new Promise((resolve) => {
      const finish = (status: grpc.StatusObject | grpc.ServiceError) => {
        this.finished = true;
        resolve({ messages: this.messages, status });
        this.notify();
      };
      call.on('error', finish);
      call.on('status', (status: grpc.StatusObject) => {
        if (status.code === grpc.status.OK) finish(status);
      });
    });
  }

  /** Resolves once `done(messages)` holds; rejects if the call ends before it does. */
  async until(done: (messages: TailLogsResponse[]) => boolean): Promise<TailLogsResponse[]> {
    while (!done(this.messages)) {
      if (this.finished) {
        const { status } = await this.ended;
        throw new Error(`the call ended (${status.code} ${status.details}) after ${this.messages.length} messages before the condition held`);
      }
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    return this.messages;
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((wake) => wake());
  }
}

/** Reads a call to its end: every message, then the final status (OK or the error). */
export function readToEnd(call: grpc.ClientReadableStream<TailLogsResponse>): Promise<CallResult> {
  return new CallReader(call).ended;
}

/** Every log line in the messages, as `pod: message`, in arrival order. */
export function linesOf(messages: TailLogsResponse[]): Array<{ pod: string; message: string; timestamp?: { seconds: string; nanos: number } }> {
  return messages.flatMap((message) =>
    (message.batches?.logs ?? []).flatMap((logs) =>
      logs.structured_lines.map((line) => ({ pod: logs.replica_id?.name ?? '', message: line.message, timestamp: line.timestamp })),
    ),
  );
}
