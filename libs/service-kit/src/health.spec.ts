import { appLogsPackageDefinition } from '@applogs/proto';
import * as grpc from '@grpc/grpc-js';
import { Logger } from '@nestjs/common';
import { service as healthService } from 'grpc-health-check';
import { appLogsGrpcOptions } from './grpc-options';
import { APP_LOGS_SERVICE_NAME, HealthReporter, appLogsHealthReporter, type HealthStatus } from './health';
import { HealthFollower } from './health-follower';
import { PeriodicHealthProbe } from './health-probe';

type HealthStub = grpc.Client & {
  Check(request: { service: string }, callback: (error: grpc.ServiceError | null, response?: { status: string }) => void): void;
};
const HealthClient = grpc.makeGenericClientConstructor(healthService as unknown as grpc.ServiceDefinition, 'Health');

async function serve(reporter: HealthReporter, port = 0): Promise<{ server: grpc.Server; address: string }> {
  const server = new grpc.Server();
  // What Nest does with our options: the hook, then our own services.
  const options = appLogsGrpcOptions('unused', { health: reporter }).options as { onLoadPackageDefinition(pkg: unknown, server: grpc.Server): void };
  options.onLoadPackageDefinition(appLogsPackageDefinition(), server);
  const bound = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (error, p) => (error ? reject(error) : resolve(p))),
  );
  return { server, address: `127.0.0.1:${bound}` };
}

function check(address: string, service: string): Promise<string> {
  const client = new HealthClient(address, grpc.credentials.createInsecure()) as unknown as HealthStub;
  return new Promise<string>((resolve, reject) =>
    client.Check({ service }, (error, response) => (error ? reject(error) : resolve(response!.status))),
  ).finally(() => client.close());
}

/** Resolves with the reporter's next change. */
const nextChange = (reporter: HealthReporter) =>
  new Promise<HealthStatus>((resolve) => {
    const stop = reporter.onChange((status) => {
      stop();
      resolve(status);
    });
  });

beforeAll(() => Logger.overrideLogger(false));

describe('HealthReporter', () => {
  test('serves the overall status and each service, which move together', async () => {
    const reporter = appLogsHealthReporter();
    const { server, address } = await serve(reporter);
    try {
      expect(await check(address, '')).toBe('NOT_SERVING');
      expect(reporter.set('SERVING')).toBe(true);
      expect(reporter.set('SERVING')).toBe(false);
      expect(await check(address, '')).toBe('SERVING');
      expect(await check(address, APP_LOGS_SERVICE_NAME)).toBe('SERVING');
      await expect(check(address, 'nope.Service')).rejects.toMatchObject({ code: grpc.status.NOT_FOUND });
    } finally {
      server.forceShutdown();
    }
  });
});

describe('PeriodicHealthProbe', () => {
  const options = { intervalMs: 10, timeoutMs: 50, target: 'the thing' };

  test('SERVING when the check passes, NOT_SERVING when it fails', async () => {
    const reporter = new HealthReporter([]);
    let fail = false;
    const probe = new PeriodicHealthProbe(reporter, async () => {
      if (fail) throw new Error('refused');
    }, options);
    expect(await probe.probe()).toBe('SERVING');
    fail = true;
    expect(await probe.probe()).toBe('NOT_SERVING');
    expect(reporter.status).toBe('NOT_SERVING');
  });

  test('a check with no answer fails at the timeout, and its signal aborts', async () => {
    const reporter = new HealthReporter([], 'SERVING');
    let signal: AbortSignal | undefined;
    const probe = new PeriodicHealthProbe(reporter, (s) => {
      signal = s;
      return new Promise(() => undefined);
    }, options);
    expect(await probe.probe()).toBe('NOT_SERVING');
    expect(signal?.aborted).toBe(true);
  });

  test('start() reports the first answer, then follows every change until stop()', async () => {
    const reporter = new HealthReporter([]);
    let up = true;
    const probe = new PeriodicHealthProbe(reporter, async () => {
      if (!up) throw new Error('down');
    }, options);
    await probe.start();
    try {
      expect(reporter.status).toBe('SERVING');
      up = false;
      expect(await nextChange(reporter)).toBe('NOT_SERVING');
      up = true;
      expect(await nextChange(reporter)).toBe('SERVING');
    } finally {
      probe.stop();
    }
  });
});

describe('HealthFollower', () => {
  test("mirrors the other server's status, NOT_SERVING while it is gone, and follows it again when it is back", async () => {
    const upstream = new HealthReporter([APP_LOGS_SERVICE_NAME], 'SERVING');
    let { server, address } = await serve(upstream);
    const port = Number(address.split(':')[1]);
    const mirror = new HealthReporter([]);
    const follower = new HealthFollower(mirror, { address, service: APP_LOGS_SERVICE_NAME, target: 'upstream', initialBackoffMs: 20, maxBackoffMs: 100 });
    try {
      let change = nextChange(mirror);
      follower.start();
      expect(await change).toBe('SERVING');

      change = nextChange(mirror);
      upstream.set('NOT_SERVING');
      expect(await change).toBe('NOT_SERVING');
      change = nextChange(mirror);
      upstream.set('SERVING');
      expect(await change).toBe('SERVING');

      change = nextChange(mirror);
      server.forceShutdown();
      expect(await change).toBe('NOT_SERVING');

      change = nextChange(mirror);
      ({ server } = await serve(upstream, port));
      expect(await change).toBe('SERVING');
    } finally {
      follower.stop();
      server.forceShutdown();
    }
  });
});
