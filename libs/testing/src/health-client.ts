import {
  create,
  grpcServiceDefinition,
  Health,
  HealthCheckRequestSchema,
  HealthCheckResponse_ServingStatus,
  type HealthCheckRequest,
  type HealthCheckResponse,
} from '@applogs/proto';
import * as grpc from '@grpc/grpc-js';

/** A status by its name in the health protocol. */
export type ServingStatus = keyof typeof HealthCheckResponse_ServingStatus;

type HealthStub = grpc.Client & {
  Check(request: HealthCheckRequest, callback: (error: grpc.ServiceError | null, response?: HealthCheckResponse) => void): grpc.ClientUnaryCall;
  Watch(request: HealthCheckRequest): grpc.ClientReadableStream<HealthCheckResponse>;
};

const HealthClientConstructor = grpc.makeGenericClientConstructor(grpcServiceDefinition(Health), 'Health');
const nameOf = (response: HealthCheckResponse) => HealthCheckResponse_ServingStatus[response.status] as ServingStatus;
const request = (service: string) => create(HealthCheckRequestSchema, { service });

/** A plain grpc-js client of `grpc.health.v1.Health`, as an orchestrator's probe would call it. */
export class HealthClient {
  private readonly stub: HealthStub;

  constructor(address: string) {
    this.stub = new HealthClientConstructor(address, grpc.credentials.createInsecure()) as unknown as HealthStub;
  }

  /** Check's status, or rejects with the call's error (NOT_FOUND for a service the server does not know). */
  check(service = ''): Promise<ServingStatus> {
    return new Promise((resolve, reject) => {
      this.stub.Check(request(service), (error, response) => (error ? reject(error) : resolve(nameOf(response!))));
    });
  }

  watch(service = ''): HealthWatch {
    return new HealthWatch(this.stub.Watch(request(service)));
  }

  close(): void {
    this.stub.close();
  }
}

/** Records a Watch's statuses as they arrive, so a test can await the next one it expects. */
export class HealthWatch {
  readonly statuses: ServingStatus[] = [];
  private seen = 0;
  private ended: grpc.StatusObject | undefined;
  private waiters: Array<() => void> = [];

  constructor(readonly call: grpc.ClientReadableStream<HealthCheckResponse>) {
    call.on('data', (response: HealthCheckResponse) => {
      this.statuses.push(nameOf(response));
      this.notify();
    });
    call.on('error', () => undefined);
    call.on('status', (status: grpc.StatusObject) => {
      this.ended = status;
      this.notify();
    });
  }

  /**
   * Resolves once a status received after the one the previous `until` matched is `status` (statuses in
   * between are skipped); rejects if the watch ends first.
   */
  async until(status: ServingStatus): Promise<void> {
    for (;;) {
      while (this.seen < this.statuses.length) {
        if (this.statuses[this.seen++] === status) return;
      }
      if (this.ended) throw new Error(`the watch ended (${this.ended.code} ${this.ended.details}) before ${status}; saw ${this.statuses.join(', ')}`);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  cancel(): void {
    this.call.cancel();
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((wake) => wake());
  }
}
