import { create, grpcServiceDefinition, Health, HealthCheckRequestSchema, type HealthCheckRequest, type HealthCheckResponse } from '@applogs/proto';
import * as grpc from '@grpc/grpc-js';
import { Logger } from '@nestjs/common';
import { ServingStatus, type HealthReporter } from './health';

export interface HealthFollowerOptions {
  /** The server to follow, `host:port`. */
  address: string;
  /** The service whose status is followed on that server (`""` for its overall status). */
  service: string;
  /** What is followed, for the log, e.g. "the data plane at 127.0.0.1:8091". */
  target: string;
  /** First delay before a broken watch is made again; doubles per failure in a row. Default 200 ms. */
  initialBackoffMs?: number;
  /** The longest delay between two watches. Default 5 s. */
  maxBackoffMs?: number;
  /** How to reach the server (default plaintext), e.g. mutual TLS. */
  credentials?: grpc.ChannelCredentials;
  /** Interceptors of the watch, e.g. adding the internal secret. */
  interceptors?: grpc.Interceptor[];
}

type WatchResponse = HealthCheckResponse;

type HealthStub = grpc.Client & {
  Watch(request: HealthCheckRequest): grpc.ClientReadableStream<WatchResponse>;
};

const HealthClient = grpc.makeGenericClientConstructor(grpcServiceDefinition(Health), 'Health');

/**
 * Mirrors another server's health into ours: a `grpc.health.v1.Health/Watch` on it, whose every status is
 * reported (SERVING as SERVING, anything else as NOT_SERVING). While the watch cannot be made or has broken,
 * we report NOT_SERVING and watch again after a capped exponential backoff, reset by any status received.
 */
export class HealthFollower {
  private readonly logger = new Logger('Health');
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private client: HealthStub | undefined;
  private call: grpc.ClientReadableStream<WatchResponse> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private backoffMs: number;
  private stopped = false;
  private loggedFailure: string | undefined;

  constructor(
    private readonly reporter: HealthReporter,
    private readonly options: HealthFollowerOptions,
  ) {
    this.initialBackoffMs = options.initialBackoffMs ?? 200;
    this.maxBackoffMs = options.maxBackoffMs ?? 5000;
    this.backoffMs = this.initialBackoffMs;
  }

  start(): void {
    if (this.client || this.stopped) return;
    this.client = new HealthClient(this.options.address, this.options.credentials ?? grpc.credentials.createInsecure(), {
      interceptors: this.options.interceptors ?? [],
      // Without these, grpc-js waits up to 2 minutes between attempts to reach a restarted server.
      'grpc.initial_reconnect_backoff_ms': this.initialBackoffMs,
      'grpc.max_reconnect_backoff_ms': this.maxBackoffMs,
      // A peer that vanished without closing the connection (a partition) still breaks the watch.
      'grpc.keepalive_time_ms': 20_000,
      'grpc.keepalive_timeout_ms': 10_000,
    }) as unknown as HealthStub;
    this.watch();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    const call = this.call;
    this.call = undefined;
    call?.cancel();
    this.client?.close();
  }

  private watch(): void {
    if (this.stopped || !this.client) return;
    const call = this.client.Watch(create(HealthCheckRequestSchema, { service: this.options.service }));
    this.call = call;
    call.on('data', (response: WatchResponse) => {
      if (call !== this.call) return;
      this.backoffMs = this.initialBackoffMs;
      if (response.status === ServingStatus.SERVING) this.report('SERVING');
      else this.report('NOT_SERVING', `it reports ${ServingStatus[response.status]}`);
    });
    // Every call ends with one status; an error is also emitted as 'error', which must have a listener.
    call.on('error', () => undefined);
    call.on('status', (status: grpc.StatusObject) => this.broken(call, status));
  }

  private broken(call: grpc.ClientReadableStream<WatchResponse>, status: grpc.StatusObject): void {
    if (call !== this.call || this.stopped) return;
    this.call = undefined;
    const reason = status.code === grpc.status.OK ? 'the watch ended' : `${grpc.status[status.code]}: ${status.details}`;
    this.report('NOT_SERVING', reason);
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, this.maxBackoffMs);
    this.timer = setTimeout(() => this.watch(), delay);
  }

  private report(status: 'SERVING' | 'NOT_SERVING', failure?: string): void {
    const changed = this.reporter.set(status);
    if (status === 'SERVING') {
      if (changed) this.logger.log(`${this.options.target} is SERVING: reporting SERVING`);
      this.loggedFailure = undefined;
    } else if (changed || failure !== this.loggedFailure) {
      this.logger.warn(`${this.options.target} cannot serve (${failure}): reporting NOT_SERVING`);
      this.loggedFailure = failure;
    }
  }
}
