import type { AppLogsStub } from '@applogs/client-grpc';
import {
  create,
  LogLineOriginator,
  LogsSource,
  ReplicaEvent_Kind,
  TailLogsRequestSchema,
  TailLogsResponseSchema,
  TimestampSchema,
  type MessageInitShape,
  type TailLogsRequest,
  type TailLogsResponse,
} from '@applogs/proto';
import { status, type ClientReadableStream } from '@grpc/grpc-js';
import { EventEmitter, once } from 'node:events';
import { Readable } from 'node:stream';
import type { TailCommandLine } from './cli-args';
import { OutputFormatter } from './output';
import { TailCommand } from './tail-command';

/** A TailLogs call that behaves like grpc-js's: a paused-able object stream, then end, then error for a failure. */
class FakeCall extends Readable {
  cancelled = false;
  constructor() {
    super({ objectMode: true, read: () => undefined });
  }
  send(response: TailLogsResponse): void {
    this.push(response);
  }
  finish(code: status, details = ''): void {
    this.push(null);
    if (code !== status.OK) this.emit('error', Object.assign(new Error(`${code} ${status[code]}: ${details}`), { code, details }));
    this.emit('status', { code, details, metadata: undefined });
  }
  cancel(): void {
    this.cancelled = true;
    this.finish(status.CANCELLED, 'Cancelled on client');
  }
}

class FakeClient implements Pick<AppLogsStub, 'TailLogs'> {
  readonly requests: TailLogsRequest[] = [];
  readonly calls: FakeCall[] = [];
  private readonly made = new EventEmitter();
  TailLogs(request: TailLogsRequest) {
    const call = new FakeCall();
    this.requests.push(request);
    this.calls.push(call);
    this.made.emit('call');
    return call as unknown as ClientReadableStream<TailLogsResponse>;
  }
  /** The n-th call (from 0), once made. */
  async call(n: number): Promise<FakeCall> {
    while (this.calls.length <= n) await once(this.made, 'call');
    return this.calls[n];
  }
}

class FakeOutput extends EventEmitter {
  readonly writes: string[] = [];
  full = false;
  write(chunk: string): boolean {
    this.writes.push(chunk);
    return !this.full;
  }
  get text(): string {
    return this.writes.join('');
  }
}

const APP = { org: '', project: 'demo', domain: 'development', name: 'hello' };
const OPTIONS: TailCommandLine = {
  server: 'x',
  target: { app: APP },
  request: { include: ['keep'], exclude: ['drop'], tailLines: 10 },
  timestamps: false,
  output: 'text',
};

/** The TailLogsRequest expected on the wire: these fields, every other one unset. */
const expectedRequest = (init: MessageInitShape<typeof TailLogsRequestSchema>): TailLogsRequest => create(TailLogsRequestSchema, init);
const APP_REQUEST = expectedRequest({
  target: { case: 'appId', value: APP },
  source: LogsSource.LIVE_OR_PERSISTED,
  include: ['keep'],
  exclude: ['drop'],
  tailLines: 10,
});

const response = (resp: MessageInitShape<typeof TailLogsResponseSchema>['resp']): TailLogsResponse => create(TailLogsResponseSchema, { resp });
const replicas = (...names: string[]) => response({ case: 'replicas', value: { replicas: names.map((name) => ({ appId: APP, name })) } });
const batch = (pod: string, ...lines: Array<[seconds: number, message: string]>) =>
  response({
    case: 'batches',
    value: {
      logs: [
        {
          replicaId: { appId: APP, name: pod },
          structuredLines: lines.map(([seconds, message]) => ({
            timestamp: { seconds: BigInt(seconds), nanos: 0 },
            message,
            originator: LogLineOriginator.USER,
            shortPodName: pod,
          })),
        },
      ],
    },
  });

function setUp(options: Partial<TailCommandLine> = {}) {
  const client = new FakeClient();
  const stdout = new FakeOutput();
  const stderr = new FakeOutput();
  let clock = 1_000_000;
  const command = new TailCommand(
    { ...OPTIONS, ...options },
    {
      client,
      stdout,
      stderr,
      formatter: new OutputFormatter({ format: 'text', timestamps: false, colour: false, dim: false }),
      policy: { initialMs: 1, maxMs: 4, giveUpMs: 60_000 },
      now: () => clock,
      random: () => 0.5,
    },
  );
  const exit = command.run();
  return { client, stdout, stderr, command, exit, advance: (ms: number) => (clock += ms) };
}

/** Lets streams deliver what was pushed (they emit on the next ticks). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('TailCommand', () => {
  test('prints each batch in one write, the replica list and events on stderr, and ends with 0 on OK', async () => {
    const { client, stdout, stderr, exit } = setUp();
    const call = await client.call(0);
    expect(client.requests[0]).toEqual(APP_REQUEST);
    call.send(replicas('a', 'b'));
    call.send(batch('a', [1, 'one'], [2, 'two']));
    call.send(response({ case: 'replicaEvent', value: { replica: { appId: APP, name: 'b' }, kind: ReplicaEvent_Kind.LEFT, message: 'deleted' } }));
    call.finish(status.OK);
    expect(await exit).toBe(0);
    expect(stdout.writes).toEqual(['a | one\na | two\n']);
    expect(stderr.text).toBe('tailing 2 replicas: a, b\n- b left: deleted\n');
  });

  test('the request: one replica, --no-follow, --since-time', async () => {
    const sinceTime = create(TimestampSchema, { seconds: 100n, nanos: 5 });
    const { client, command } = setUp({
      target: { replica: { app: APP, pod: 'pod-1' } },
      request: { ...OPTIONS.request, follow: false, tailLines: undefined, sinceTime },
    });
    await client.call(0);
    expect(client.requests[0]).toEqual(
      expectedRequest({
        target: { case: 'replicaId', value: { appId: APP, name: 'pod-1' } },
        source: LogsSource.LIVE_OR_PERSISTED,
        include: ['keep'],
        exclude: ['drop'],
        follow: false,
        sinceTime,
      }),
    );
    command.stop(130);
  });

  test.each([
    [status.NOT_FOUND, 'no replicas found for app demo/development/nope'],
    [status.INVALID_ARGUMENT, 'app_id.name "Hello World" is not a valid app name'],
    [status.PERMISSION_DENIED, 'no'],
    [status.UNIMPLEMENTED, 'persisted logs are not available here'],
  ])('status %s ends with 1 and one line', async (code, details) => {
    const { client, stderr, exit } = setUp();
    (await client.call(0)).finish(code, details);
    expect(await exit).toBe(1);
    expect(stderr.text).toBe(`applogs: ${status[code]}: ${details}\n`);
    expect(client.calls).toHaveLength(1);
  });

  test('a broken stream is resumed from the earliest last line, printing nothing twice', async () => {
    const { client, stdout, stderr, command, exit } = setUp();
    const first = await client.call(0);
    first.send(replicas('a', 'b'));
    first.send(batch('a', [10, 'a1'], [20, 'a2']));
    first.send(batch('b', [15, 'b1']));
    first.finish(status.UNAVAILABLE, 'Connection dropped');

    const second = await client.call(1);
    // Every line since the earliest last line per replica (b's, 15), with the user's other options.
    expect(client.requests[1]).toEqual(
      expectedRequest({
        target: { case: 'appId', value: APP },
        source: LogsSource.LIVE_OR_PERSISTED,
        include: ['keep'],
        exclude: ['drop'],
        sinceTime: { seconds: 15n, nanos: 0 },
      }),
    );
    second.send(replicas('a', 'c'));
    second.send(batch('b', [15, 'b1'], [16, 'b2']));
    second.send(batch('a', [20, 'a2'], [21, 'a3']));
    second.send(batch('c', [1, 'c1']));
    await settle();
    expect(stdout.text).toBe('a | a1\na | a2\nb | b1\nb | b2\na | a3\nc | c1\n');
    expect(stderr.text).toBe(
      'tailing 2 replicas: a, b\n' +
        'applogs: stream broke (UNAVAILABLE: Connection dropped); reconnecting in 1 ms\n' +
        'applogs: reconnected\n' +
        '+ c joined while reconnecting\n' +
        '- b left while reconnecting\n',
    );
    command.stop(130);
    expect(await exit).toBe(130);
    expect(second.cancelled).toBe(true);
  });

  test('a replica that printed nothing before the break is asked again as the first call did: its lines once, the others none twice', async () => {
    const { client, stdout, command } = setUp();
    const first = await client.call(0);
    first.send(replicas('a', 'quiet'));
    first.send(batch('a', [10, 'a1'], [20, 'a2']));
    first.finish(status.UNAVAILABLE, 'Connection dropped');

    // From a's time (20) the quiet replica's tail (at 5) would be lost: the original request, tail 10, again.
    const second = await client.call(1);
    expect(client.requests[1]).toEqual(APP_REQUEST);
    second.send(replicas('a', 'quiet'));
    second.send(batch('a', [10, 'a1'], [20, 'a2'], [21, 'a3']));
    second.send(batch('quiet', [5, 'q1'], [22, 'q2']));
    await settle();
    expect(stdout.text).toBe('a | a1\na | a2\na | a3\nquiet | q1\nquiet | q2\n');

    // Both have printed now: the next break resumes from the earliest last line, 21.
    second.finish(status.UNAVAILABLE, 'Connection dropped');
    await client.call(2);
    expect(client.requests[2].sinceTime).toEqual(create(TimestampSchema, { seconds: 21n }));
    command.stop(130);
  });

  test("asked again, a --since window starts where the first call's did", async () => {
    const { client, command, advance } = setUp({ request: { since: '5m' } });
    (await client.call(0)).finish(status.UNAVAILABLE, 'No connection established');
    advance(30_000);
    await client.call(1);
    expect(client.requests.map((request) => request.since?.seconds)).toEqual([300n, 330n]);
    command.stop(130);
  });

  test('a break before any line repeats the original request; the backoff grows while nothing arrives', async () => {
    const { client, stderr, command } = setUp();
    (await client.call(0)).finish(status.UNAVAILABLE, 'No connection established');
    (await client.call(1)).finish(status.RESOURCE_EXHAUSTED, 'too many concurrent log streams');
    (await client.call(2)).finish(status.INTERNAL, 'Received RST_STREAM with code 2');
    (await client.call(3)).finish(status.CANCELLED, 'the server is shutting down');
    await client.call(4);
    expect(client.requests).toEqual(Array(5).fill(APP_REQUEST));
    expect(stderr.text.match(/reconnecting in \d+ ms/g)).toEqual([
      'reconnecting in 1 ms',
      'reconnecting in 2 ms',
      'reconnecting in 4 ms',
      'reconnecting in 4 ms',
    ]);
    expect(stderr.text).toContain('applogs: could not start the stream (UNAVAILABLE: No connection established)');
    command.stop(130);
  });

  test('gives up after giveUpMs without a message, exit 1', async () => {
    const { client, stderr, exit, advance } = setUp();
    const first = await client.call(0);
    first.send(replicas('a'));
    await settle();
    advance(30_000);
    first.finish(status.UNAVAILABLE, 'down');
    const second = await client.call(1);
    advance(31_000);
    second.finish(status.UNAVAILABLE, 'still down');
    expect(await exit).toBe(1);
    expect(stderr.text.split('\n').at(-2)).toBe('applogs: UNAVAILABLE: still down (gave up reconnecting after 61 s without a message)');
  });

  test('a message resets the backoff', async () => {
    const { client, stderr, command } = setUp();
    (await client.call(0)).finish(status.UNAVAILABLE, 'x');
    (await client.call(1)).finish(status.UNAVAILABLE, 'x');
    const third = await client.call(2);
    third.send(replicas('a'));
    await settle();
    third.finish(status.UNAVAILABLE, 'x');
    await client.call(3);
    expect(stderr.text.match(/reconnecting in \d+ ms/g)).toEqual(['reconnecting in 1 ms', 'reconnecting in 2 ms', 'reconnecting in 1 ms']);
    command.stop(130);
  });

  test('pauses the call while stdout is full and resumes it on drain', async () => {
    const { client, stdout, command, exit } = setUp();
    const call = await client.call(0);
    stdout.full = true;
    call.send(batch('a', [1, 'one']));
    call.send(batch('a', [2, 'two']));
    await settle();
    expect(call.isPaused()).toBe(true);
    expect(stdout.writes).toEqual(['a | one\n']);
    // An OK status while paused waits for the buffered lines.
    call.finish(status.OK);
    await settle();
    stdout.full = false;
    stdout.emit('drain');
    expect(await exit).toBe(0);
    expect(stdout.writes).toEqual(['a | one\n', 'a | two\n']);
    command.stop(130);
  });

  test('stop: cancels the call, no reconnect', async () => {
    const { client, command, exit } = setUp();
    const call = await client.call(0);
    command.stop(130);
    expect(await exit).toBe(130);
    expect(call.cancelled).toBe(true);
    await settle();
    expect(client.calls).toHaveLength(1);
  });
});
