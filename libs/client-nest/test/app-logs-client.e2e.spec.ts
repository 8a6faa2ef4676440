import 'reflect-metadata';
import { AppLogsClientError, type AppLogsEvent, type TailOptions } from '@applogs/client';
import { AppLogsClient } from '@applogs/client-grpc';
import { AppLogsClientModule } from '../src';
import type { Scenario } from '@applogs/kube-sim';
import { Code, create, TimestampSchema, type Timestamp } from '@applogs/proto';
import { useStack } from '@applogs/testing';
import { Metadata } from '@grpc/grpc-js';
import { Injectable, Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ReplaySubject, filter, first, firstValueFrom, lastValueFrom, scan, toArray, type Observable } from 'rxjs';

const hello = { project: 'demo', domain: 'development', name: 'hello' };
const scenario: Scenario = { namespace: 'flyte', apps: [{ service: 'hello-demo-development', replicas: 2, history: 4 }] };

/** What a platform team writes: a service of its own that injects AppLogsClient. */
@Injectable()
class HelloLogs {
  constructor(private readonly appLogs: AppLogsClient) {}

  tail(options?: TailOptions): Observable<AppLogsEvent> {
    return this.appLogs.tailLogs({ app: hello }, options);
  }

  tailReplica(pod: string, options?: TailOptions): Observable<AppLogsEvent> {
    return this.appLogs.tailLogs({ replica: { app: hello, pod } }, options);
  }
}

const APPLOGS_URL = Symbol('APPLOGS_URL');

/** Stands in for the team's own config module, so registerAsync shows `imports` and `inject` too. */
@Module({})
class SettingsModule {
  static of(url: string): DynamicModule {
    return { module: SettingsModule, providers: [{ provide: APPLOGS_URL, useValue: url }], exports: [APPLOGS_URL] };
  }
}

const boot = (clientModule: DynamicModule): Promise<INestApplicationContext> => {
  @Module({ imports: [clientModule], providers: [HelloLogs] })
  class TestModule {}
  return NestFactory.createApplicationContext(TestModule, { logger: false, abortOnError: false });
};

const ofType =
  <T extends AppLogsEvent['type']>(type: T) =>
  (event: AppLogsEvent): event is Extract<AppLogsEvent, { type: T }> =>
    event.type === type;

/** Every line so far, flattened with its pod, after each `lines` event. */
const linesSoFar = (events: Observable<AppLogsEvent>) =>
  events.pipe(
    filter(ofType('lines')),
    scan(
      (all, event) => [...all, ...event.lines.map((line) => ({ pod: event.replica.pod, shortName: event.replica.shortName, ...line }))],
      [] as Array<{ pod: string; shortName?: string; message: string; rfc3339?: string; timestamp?: Timestamp }>,
    ),
  );

const fixture = useStack({ scenario, controlPlane: true });
const helloPods = () =>
  fixture.stack.sim
    .podNames()
    .filter((name) => name.startsWith('hello-demo-development-'))
    .sort();

describe('AppLogsClientModule.registerAsync against a real stack', () => {
  let app: INestApplicationContext;
  let logs: HelloLogs;

  beforeAll(async () => {
    app = await boot(
      AppLogsClientModule.registerAsync({
        imports: [SettingsModule.of(fixture.stack.controlPlaneAddress!)],
        inject: [APPLOGS_URL],
        useFactory: (url: string) => ({ url }),
      }),
    );
    logs = app.get(HelloLogs);
  });
  afterAll(() => app?.close());

  test('replicas, then lines with nanosecond timestamps; unsubscribing cancels the call up to Kubernetes', async () => {
    const events = new ReplaySubject<AppLogsEvent>();
    const subscription = logs.tail().subscribe(events);
    try {
      const firstEvent = await firstValueFrom(events);
      expect(firstEvent).toEqual({ type: 'replicas', replicas: helloPods().map((pod) => ({ pod, app: hello })) });

      // Both replicas' history (4 lines each): both upstream log streams are open.
      await firstValueFrom(linesSoFar(events).pipe(first((lines) => helloPods().every((pod) => lines.filter((l) => l.pod === pod).length >= 4))));
      const [pod] = helloPods();
      fixture.stack.sim.appendLines(pod, 'user-container', [{ timestamp: '2030-01-02T03:04:05.123456789Z', text: 'x' }]);
      const lines = await firstValueFrom(linesSoFar(events).pipe(first((all) => all.some((l) => l.message === 'x'))));
      const line = lines.find((l) => l.message === 'x')!;
      expect(line).toMatchObject({
        pod,
        timestamp: { seconds: BigInt(Date.parse('2030-01-02T03:04:05Z') / 1000), nanos: 123_456_789 },
        rfc3339: '2030-01-02T03:04:05.123456789Z',
      });
      expect(line.shortName).toBeTruthy();
      expect(fixture.stack.sim.openLogStreams()).toBe(2);
    } finally {
      subscription.unsubscribe();
    }
    await fixture.stack.sim.waitForOpenLogStreams(0);
  });

  test('a NOT_FOUND from the server is an AppLogsClientError with its code and details', async () => {
    const error = await lastValueFrom(logs.tailReplica('ghost')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppLogsClientError);
    expect(error).toMatchObject({ code: Code.NOT_FOUND, details: 'pod ghost not found in namespace flyte' });
    // The grpc-js call error, with the server's trailers, stays at hand.
    expect((error as AppLogsClientError).cause).toMatchObject({
      code: Code.NOT_FOUND,
      details: 'pod ghost not found in namespace flyte',
      metadata: expect.any(Metadata),
    });
  });

  test('sinceTime to the nanosecond, follow: false completes after the history', async () => {
    const pod = helloPods()[1];
    fixture.stack.sim.appendLines(pod, 'user-container', [
      { timestamp: '2031-05-06T07:08:09.000000001Z', text: 'too early' },
      { timestamp: '2031-05-06T07:08:09.000000002Z', text: 'just in time' },
    ]);
    const events = await lastValueFrom(logs.tailReplica(pod, { sinceTime: '2031-05-06T07:08:09.000000002Z', follow: false }).pipe(toArray()));
    expect(events[0]).toEqual({ type: 'replicas', replicas: [{ pod, app: hello }] });
    const lines = events.filter(ofType('lines')).flatMap((event) => event.lines);
    const timestamp = create(TimestampSchema, { seconds: BigInt(Date.parse('2031-05-06T07:08:09Z') / 1000), nanos: 2 });
    expect(lines).toEqual([{ timestamp, rfc3339: '2031-05-06T07:08:09.000000002Z', message: 'just in time' }]);
  });

  test("an option the client cannot send fails before any call, with the server's code", async () => {
    const error = await lastValueFrom(logs.tail({ since: '5 minutes' })).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: Code.INVALID_ARGUMENT, details: 'since "5 minutes" expected numbers with units, like 30s, 5m or 2h30m' });
  });
});

describe('AppLogsClientModule.register', () => {
  test('tails with tailLines and follow: false, and closing the app cancels open calls', async () => {
    const app = await boot(AppLogsClientModule.register({ url: fixture.stack.controlPlaneAddress!, metadata: { 'x-team': 'payments' } }));
    try {
      const logs = app.get(HelloLogs);
      const events = await lastValueFrom(logs.tail({ tailLines: 1, follow: false }).pipe(toArray()));
      const lines = events.filter(ofType('lines'));
      expect(lines.map((event) => event.replica.pod).sort()).toEqual(helloPods());
      expect(lines.every((event) => event.lines.length === 1)).toBe(true);

      // A follow call open when the module is destroyed ends with CANCELLED, and so does its upstream.
      const open = new ReplaySubject<AppLogsEvent>();
      open.subscribe({ error: () => undefined });
      logs.tail().subscribe(open);
      await firstValueFrom(linesSoFar(open).pipe(first((all) => new Set(all.map((l) => l.pod)).size === 2)));
      await app.close();
      await expect(lastValueFrom(open)).rejects.toMatchObject({ code: Code.CANCELLED, details: 'the AppLogsClient was closed' });
      await fixture.stack.sim.waitForOpenLogStreams(0);
      await expect(lastValueFrom(logs.tail())).rejects.toEqual(expect.objectContaining({ name: 'AppLogsClientError', code: Code.CANCELLED }));
    } finally {
      await app.close();
    }
  });
});
