import { createAppLogsStub, type AppLogsStub } from '@applogs/client-grpc';
import {
  create,
  ReplicaEvent_Kind,
  TailLogsRequestSchema,
  type MessageInitShape,
  type TailLogsRequest,
  type TailLogsResponse,
  type Timestamp,
} from '@applogs/proto';
import * as grpc from '@grpc/grpc-js';

/** What a test may ask for: a TailLogsRequest, or the fields of one (messages created from them). */
export type RequestInit = TailLogsRequest | MessageInitShape<typeof TailLogsRequestSchema>;

/** A grpc-js client of AppLogsService, as a caller outside our code would use, that takes a request's fields. */
export interface TestClient {
  TailLogs(request: RequestInit, metadata?: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<TailLogsResponse>;
  close(): void;
}

export interface TestClientOptions {
  /** Default: plaintext. */
  credentials?: grpc.ChannelCredentials;
  /** Channel options: clients made here share one connection per address unless they say otherwise (`'grpc.use_local_subchannel_pool': 1` gives a client a connection of its own, as a caller in another process has). */
  channelOptions?: grpc.ChannelOptions;
  /** Interceptors of every call (e.g. adding metadata). */
  interceptors?: grpc.Interceptor[];
}

/** A plain grpc-js client of AppLogsService (the stub @applogs/client-grpc makes, grpc-js's default window). */
export function appLogsClient(address: string, options: TestClientOptions = {}): TestClient {
  const stub: AppLogsStub = createAppLogsStub({
    url: address,
    credentials: options.credentials,
    // grpc-js's own default window, as a caller that did not read our README would have.
    channelOptions: { 'grpc-node.flow_control_window': 65535, ...options.channelOptions },
    interceptors: options.interceptors,
  });
  return {
    TailLogs: (request, metadata = new grpc.Metadata(), callOptions = {}) =>
      stub.TailLogs(create(TailLogsRequestSchema, request as never), metadata, callOptions),
    close: () => stub.close(),
  };
}

/** The demo project and domain most suites use. */
export const DEMO = { org: '', project: 'demo', domain: 'development' };

/** A request's fields besides its target. */
export type RequestFields = Omit<Exclude<MessageInitShape<typeof TailLogsRequestSchema>, TailLogsRequest>, 'target' | '$typeName'>;

/** A request for every replica of app `name` of DEMO (or of `app`), with more fields if given. */
export function appRequest(name: string, fields: RequestFields = {}, app = DEMO): RequestInit {
  return { target: { case: 'appId' as const, value: { ...app, name } }, ...fields };
}

/** A request for one replica (`pod`) of app `name` of DEMO, with more fields if given. */
export function replicaRequest(name: string, pod: string, fields: RequestFields = {}, app = DEMO): RequestInit {
  return { target: { case: 'replicaId' as const, value: { appId: { ...app, name }, name: pod } }, ...fields };
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

export interface ReceivedLine {
  pod: string;
  message: string;
  timestamp?: Timestamp;
  shortPodName: string;
}

/** Every log line in the messages, with its replica's pod name, in arrival order. */
export function linesOf(messages: TailLogsResponse[]): ReceivedLine[] {
  return messages.flatMap(({ resp }) =>
    resp.case === 'batches'
      ? resp.value.logs.flatMap((logs) =>
          logs.structuredLines.map((line) => ({
            pod: logs.replicaId?.name ?? '',
            message: line.message,
            timestamp: line.timestamp,
            shortPodName: line.shortPodName,
          })),
        )
      : [],
  );
}

/** The messages of one replica's lines, in arrival order. */
export function messagesOf(messages: TailLogsResponse[], pod: string): string[] {
  return linesOf(messages)
    .filter((line) => line.pod === pod)
    .map((line) => line.message);
}

export interface ReceivedEvent {
  kind: keyof typeof ReplicaEvent_Kind;
  pod: string;
  message: string;
}

/** Every replica event in the messages, in arrival order, its kind by name (`JOINED`, `LEFT`, …). */
export function replicaEventsOf(messages: TailLogsResponse[]): ReceivedEvent[] {
  return messages.flatMap(({ resp }) =>
    resp.case === 'replicaEvent'
      ? [{ kind: ReplicaEvent_Kind[resp.value.kind] as keyof typeof ReplicaEvent_Kind, pod: resp.value.replica?.name ?? '', message: resp.value.message }]
      : [],
  );
}

/** Every replica list in the messages, each as its pod names in the order sent. */
export function replicaListsOf(messages: TailLogsResponse[]): string[][] {
  return messages.flatMap(({ resp }) => (resp.case === 'replicas' ? [resp.value.replicas.map((replica) => replica.name)] : []));
}

/** The `seq=N` a simulated replica writes in each line (flood and demo lines count up per replica). */
export function seqOf(message: string): number {
  return Number(/ seq=(\d+) /.exec(message)?.[1]);
}

/** Each replica's `seq=N` numbers, in the order its lines arrived. */
export function seqsByPod(messages: TailLogsResponse[]): Map<string, number[]> {
  const byPod = new Map<string, number[]>();
  for (const line of linesOf(messages)) byPod.set(line.pod, [...(byPod.get(line.pod) ?? []), seqOf(line.message)]);
  return byPod;
}
