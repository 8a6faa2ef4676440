import { HealthClient } from '@applogs/testing';
import * as grpc from '@grpc/grpc-js';
import { Logger } from '@nestjs/common';
import { APP_LOGS_SERVICE_NAME, HealthReporter, LIVENESS_SERVICE, appLogsHealthReporter, type HealthStatus } from './health';
import { HealthFollower } from './health-follower';
import { PeriodicHealthProbe } from './health-probe';
import { addHealthService } from './health-service';

async function serve(reporter: HealthReporter, port = 0): Promise<{ server: grpc.Server; address: string }> {
  const server = new grpc.Server();
  addHealthService(server, reporter);
  const bound = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (error, p) => (error ? reject(error) : resolve(p))),
  );
  return { server, address: `127.0.0.1:${bound}` };
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

describe('the health service of a HealthReporter', () => {
  let served: { server: grpc.Server; address: string };
  let client: HealthClient;
  const reporter = appLogsHealthReporter();

  beforeAll(async () => {
    served = await serve(reporter);
    client = new HealthClient(served.address);
  });

  afterAll(() => {
    client.close();
    served.server.forceShutdown();
  });

  test('Check: the overall status and each service move together; liveness is always SERVING; others are NOT_FOUND', async () => {
    expect([await client.check(''), await client.check(APP_LOGS_SERVICE_NAME), await client.check(LIVENESS_SERVICE)]).toEqual([
      'NOT_SERVING',
      'NOT_SERVING',
      'SERVING',
    ]);
    expect(reporter.set('SERVING')).toBe(true);
    expect(reporter.set('SERVING')).toBe(false);
    expect([await client.check(''), await client.check(APP_LOGS_SERVICE_NAME)]).toEqual(['SERVING', 'SERVING']);
    await expect(client.check('nope.Service')).rejects.toMatchObject({ code: grpc.status.NOT_FOUND });
    reporter.set('NOT_SERVING');
  });

  test('Watch: the status now, then each change, and nothing when a status is set again', async () => {
    const watch = client.watch(APP_LOGS_SERVICE_NAME);
    const liveness = client.watch(LIVENESS_SERVICE);
    try {
      await watch.until('NOT_SERVING');
      await liveness.until('SERVING');
      reporter.set('SERVING');
      reporter.set('SERVING');
      await watch.until('SERVING');
      reporter.set('NOT_SERVING');
      await watch.until('NOT_SERVING');
      expect(watch.statuses).toEqual(['NOT_SERVING', 'SERVING', 'NOT_SERVING']);
      expect(liveness.statuses).toEqual(['SERVING']);
    } finally {
      watch.cancel();
      liveness.cancel();
    }
  });

  test('Watch of a service this plane does not serve: SERVICE_UNKNOWN, as the protocol says', async () => {
    const watch = client.watch('nope.Service');
    try {
      await watch.until('SERVICE_UNKNOWN');
    } finally {
      watch.cancel();
    }
  });
});

describe('PeriodicHealthProbe', () => {
  const options = { intervalMs: 10, timeoutMs: 50, target: 'the thing' };

  test('SERVING when the check passes, NOT_SERVING when it fails', async () => {
    const reporter = new HealthReporter([]);
    let fail = false;
    const probe = new PeriodicHealthProbe(
      reporter,
      async () => {
        if (fail) throw new Error('refused');
      },
      options,
    );
    expect(await probe.probe()).toBe('SERVING');
    fail = true;
    expect(await probe.probe()).toBe('NOT_SERVING');
    expect(reporter.status).toBe('NOT_SERVING');
  });

  test('a check with no answer fails at the timeout, and its signal aborts', async () => {
    const reporter = new HealthReporter([], 'SERVING');
    let signal: AbortSignal | undefined;
    const probe = new PeriodicHealthProbe(
      reporter,
      (s) => {
        signal = s;
        return new Promise(() => undefined);
      },
      options,
    );
    expect(await probe.probe()).toBe('NOT_SERVING');
    expect(signal?.aborted).toBe(true);
  });

  test('start() reports the first answer, then follows every change until stop()', async () => {
    const reporter = new HealthReporter([]);
    let up = true;
    const probe = new PeriodicHealthProbe(
      reporter,
      async () => {
        if (!up) throw new Error('down');
      },
      options,
    );
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
