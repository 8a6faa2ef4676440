import * as grpc from '@grpc/grpc-js';
import type { Scenario } from '@applogs/kube-sim';
import {
  create,
  fromBinary,
  IdentifierSchema,
  LogsSource,
  TailLogsRequestSchema,
  TailLogsResponseSchema,
  toBinary,
  type MessageInitShape,
  type TailLogsRequest,
} from '@applogs/proto';
import { appRequest, linesOf, readToEnd, replicaListsOf, useStack } from '@applogs/testing';

// Hostile requests over real sockets, through the control plane to the data plane: every one must end quickly
// with a clear status and a short message. Seeded, so a failure reproduces (FUZZ_SEED=<n> to try others).
const SEED = Number(process.env.FUZZ_SEED ?? 20261125);
const RANDOM_CASES = 300;
const DEADLINE_MS = 4000;

const appId = { org: '', project: 'demo', domain: 'development', name: 'fuzz' };
const scenario: Scenario = { namespace: 'flyte', apps: [{ service: 'fuzz-demo-development', replicas: 1, history: 5 }] };
const fixture = useStack({ scenario, controlPlane: true, dataPlaneEnv: { APPLOGS_MAX_TAIL_LINES: '50', APPLOGS_TAIL_LINES: '3' } });

const CLEAR = new Set([grpc.status.OK, grpc.status.INVALID_ARGUMENT, grpc.status.NOT_FOUND, grpc.status.UNIMPLEMENTED]);
const PATH = '/flyteidl2.app.AppLogsService/TailLogs';

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A request's fields, as plain values. */
type RequestInit = Exclude<MessageInitShape<typeof TailLogsRequestSchema>, TailLogsRequest>;
const encode = (request: RequestInit) => Buffer.from(toBinary(TailLogsRequestSchema, create(TailLogsRequestSchema, request)));

const varint = (value: bigint) => {
  const bytes: number[] = [];
  let v = BigInt.asUintN(64, value);
  do {
    const low = Number(v & 0x7fn);
    v >>= 7n;
    bytes.push(v > 0n ? low | 0x80 : low);
  } while (v > 0n);
  return Buffer.from(bytes);
};
const tag = (field: number, wireType: number) => varint(BigInt((field << 3) | wireType));
/** Field 999 (unknown to every version of the message) as a length-delimited value. */
const encodeId = (id: typeof appId) => Buffer.from(toBinary(IdentifierSchema, create(IdentifierSchema, id)));
const nested = (field: number, payload: Buffer) => Buffer.concat([tag(field, 2), varint(BigInt(payload.length)), payload]);
const unknownField = (payload: Buffer) => Buffer.concat([tag(999, 2), varint(BigInt(payload.length)), payload]);

interface Outcome {
  code: grpc.status;
  details: string;
  messages: Buffer[];
}

type RawClient = grpc.Client;
let raw: RawClient;
const identity = (bytes: Buffer) => bytes;

/** Sends `bytes` as the request message, exactly as given, and reads the call to its end (or its deadline). */
function call(bytes: Buffer): Promise<Outcome> {
  return new Promise((resolve) => {
    const messages: Buffer[] = [];
    const stream = raw.makeServerStreamRequest<Buffer, Buffer>(PATH, identity, identity, bytes, { deadline: Date.now() + DEADLINE_MS });
    stream.on('data', (message: Buffer) => messages.push(message));
    stream.on('error', (error: grpc.ServiceError) => resolve({ code: error.code, details: error.details, messages }));
    stream.on('status', (status: grpc.StatusObject) => {
      if (status.code === grpc.status.OK) resolve({ code: status.code, details: status.details, messages });
    });
  });
}

/** What is wrong with an outcome, if anything: every problem of a run is reported at once. */
function problemOf(label: string, outcome: Outcome, allowed?: grpc.status[], field?: RegExp): string | undefined {
  const summary = `${label}: ${grpc.status[outcome.code]} ${outcome.details.slice(0, 160)}`;
  // Never UNKNOWN/INTERNAL, never a hang (DEADLINE_EXCEEDED), never a megabyte echoed back.
  if (!CLEAR.has(outcome.code)) return `unclear status: ${summary}`;
  if (Buffer.byteLength(outcome.details) >= 1024) return `${Buffer.byteLength(outcome.details)}-byte message: ${summary}`;
  if (allowed && !allowed.includes(outcome.code)) return `expected ${allowed.map((c) => grpc.status[c])}: ${summary}`;
  if (field && outcome.code !== grpc.status.OK && !field.test(outcome.details)) return `message does not name ${field}: ${summary}`;
  return undefined;
}

/** Runs `cases` with a few calls in flight at a time. */
async function runAll<T>(cases: T[], run: (item: T) => Promise<void>, parallel = 8): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < cases.length) await run(cases[next++]);
    }),
  );
}

const MB = 'x'.repeat(1 << 20);
const app = (patch: Partial<typeof appId>): RequestInit => ({ target: { case: 'appId', value: { ...appId, ...patch } }, follow: false });
const replica = (name: string): RequestInit => ({ target: { case: 'replicaId', value: { appId, name } }, follow: false });
const hostileNames = ['a/b', '..', '../..', 'a%2Fb', 'a\0b', 'a\nb', 'a\r\nb', 'ü', '日本', '😀', ' ', 'a b', '-a', 'a-', 'A', '.'];

// [label, request, allowed statuses (default: any clear one), the field the message must name]
type TableCase = [string, RequestInit | Buffer, grpc.status[] | undefined, RegExp | undefined];
const IA = [grpc.status.INVALID_ARGUMENT];
const table: TableCase[] = [
  ['empty request', {}, IA, /target/],
  ['1 MB app name', app({ name: MB }), IA, /app_id\.name/],
  ['1 MB project', app({ project: MB }), IA, /app_id\.project/],
  ['1 MB domain', app({ domain: MB }), IA, /app_id\.domain/],
  ['1 MB org', app({ org: MB }), undefined, undefined],
  ['1 MB pod name', replica(MB), IA, /replica_id\.name/],
  ['empty app name', app({ name: '' }), IA, /app_id\.name/],
  ['empty project', app({ project: '' }), IA, /app_id\.project/],
  ['empty domain', app({ domain: '' }), IA, /app_id\.domain/],
  ['1-char app name', app({ name: 'a' }), [grpc.status.NOT_FOUND], /app/],
  ['30-char app name', app({ name: 'a'.repeat(30) }), [grpc.status.NOT_FOUND], /app/],
  ['31-char app name', app({ name: 'a'.repeat(31) }), IA, /app_id\.name/],
  ['63-char app name', app({ name: 'a'.repeat(63) }), IA, /app_id\.name/],
  ['64-char app name', app({ name: 'a'.repeat(64) }), IA, /app_id\.name/],
  ['63-char project', app({ project: 'p'.repeat(63) }), [grpc.status.NOT_FOUND], /app/],
  ['64-char project', app({ project: 'p'.repeat(64) }), IA, /app_id\.project/],
  ['1-char pod name', replica('a'), [grpc.status.NOT_FOUND], /pod/],
  ['63-char pod name', replica('a'.repeat(63)), [grpc.status.NOT_FOUND], /pod/],
  ['64-char pod name', replica('a'.repeat(64)), [grpc.status.NOT_FOUND], /pod/],
  ['253-char pod name', replica('a'.repeat(253)), [grpc.status.NOT_FOUND], /pod/],
  ['254-char pod name', replica('a'.repeat(254)), IA, /replica_id\.name/],
  ['empty pod name', replica(''), IA, /replica_id\.name/],
  ['replica without app', { target: { case: 'replicaId', value: { name: 'a' } } }, IA, /replica_id\.app_id/],
  ...hostileNames.flatMap((name): TableCase[] => [
    [`app name ${JSON.stringify(name)}`, app({ name }), name === 'A' ? [grpc.status.NOT_FOUND] : IA, name === 'A' ? /app/ : /app_id\.name/],
    [`project ${JSON.stringify(name)}`, app({ project: name }), name === 'A' ? [grpc.status.NOT_FOUND] : IA, name === 'A' ? /app/ : /app_id\.project/],
    [`domain ${JSON.stringify(name)}`, app({ domain: name }), name === 'A' ? [grpc.status.NOT_FOUND] : IA, name === 'A' ? /app/ : /app_id\.domain/],
    [`pod name ${JSON.stringify(name)}`, replica(name), IA, /replica_id\.name/],
  ]),
  ['PERSISTED_ONLY', { ...app({}), source: LogsSource.PERSISTED_ONLY }, [grpc.status.UNIMPLEMENTED], /persisted/],
  ['unknown source enum', { ...app({}), source: 77 as LogsSource }, undefined, undefined],
  ['tail_lines -1', { ...app({}), tailLines: -1 }, IA, /tail_lines/],
  ['tail_lines min int32', { ...app({}), tailLines: -2147483648 }, IA, /tail_lines/],
  ['tail_lines max int32', { ...app({}), tailLines: 2147483647 }, IA, /tail_lines/],
  ['tail_lines 0', { ...app({}), tailLines: 0 }, [grpc.status.OK], undefined],
  ['since huge seconds', { ...app({}), since: { seconds: 9223372036854775807n } }, IA, /since/],
  ['since min int64', { ...app({}), since: { seconds: -9223372036854775808n } }, IA, /since/],
  ['since negative nanos', { ...app({}), since: { seconds: 5n, nanos: -1 } }, IA, /since/],
  ['since nanos 1e9', { ...app({}), since: { seconds: 5n, nanos: 1_000_000_000 } }, IA, /since/],
  ['since 10000 years', { ...app({}), since: { seconds: 315576000000n } }, undefined, /since/],
  ['since zero', { ...app({}), since: { seconds: 0n, nanos: 0 } }, IA, /since/],
  ['since_time huge seconds', { ...app({}), sinceTime: { seconds: 9223372036854775807n } }, IA, /since_time/],
  ['since_time min int64', { ...app({}), sinceTime: { seconds: -9223372036854775808n } }, IA, /since_time/],
  ['since_time 1e15 s', { ...app({}), sinceTime: { seconds: 1000000000000000n } }, IA, /since_time/],
  ['since_time negative nanos', { ...app({}), sinceTime: { seconds: 5n, nanos: -1 } }, IA, /since_time/],
  ['since_time nanos 1e9', { ...app({}), sinceTime: { seconds: 5n, nanos: 1_000_000_000 } }, IA, /since_time/],
  ['since_time year 1', { ...app({}), sinceTime: { seconds: -62135596800n } }, [grpc.status.OK], undefined],
  ['since_time year 9999', { ...app({}), sinceTime: { seconds: 253402300799n, nanos: 999_999_999 } }, [grpc.status.OK], undefined],
  ['since_time epoch', { ...app({}), sinceTime: { seconds: 0n } }, [grpc.status.OK], undefined],
  ['since and since_time', { ...app({}), since: { seconds: 5n }, sinceTime: { seconds: 5n } }, IA, /since/],
  ['5000 include patterns', { ...app({}), include: Array.from({ length: 5000 }, (_, i) => `p${i}`) }, IA, /include/],
  ['5000 exclude patterns', { ...app({}), exclude: Array.from({ length: 5000 }, () => '(a+)+$') }, IA, /exclude/],
  ['10 KB include pattern', { ...app({}), include: ['a'.repeat(10_240)] }, IA, /include/],
  ['1 MB exclude pattern', { ...app({}), exclude: [MB] }, IA, /exclude/],
  ['512-char invalid pattern', { ...app({}), include: ['('.repeat(512)] }, IA, /include/],
  ['512-char invalid unicode pattern', { ...app({}), exclude: ['\\'.repeat(511) + '😀'] }, IA, /exclude/],
  ['catastrophic (a+)+$', { ...app({}), include: ['(a+)+$', '(a|aa)+$', '(.*a){20}'], exclude: ['^(a|a?)+$'] }, [grpc.status.OK], undefined],
  ['backreference', { ...app({}), include: ['(a)\\1'] }, IA, /include/],
  ['look-ahead', { ...app({}), exclude: ['a(?=b)'] }, IA, /exclude/],
  ['NUL in a pattern', { ...app({}), include: ['a\0b'] }, [grpc.status.OK], undefined],
  ['16 patterns of 512', { ...app({}), include: Array.from({ length: 16 }, () => 'a'.repeat(512)) }, [grpc.status.OK], undefined],
  // A message holds one arm of a oneof; on the wire both can come, and the last one wins.
  ['both targets', Buffer.concat([encode(app({})), encode(replica('x'))]), undefined, undefined],
  ['unknown field 999', Buffer.concat([encode(app({})), unknownField(Buffer.from('surprise'))]), [grpc.status.OK], undefined],
  ['unknown field 999, 1 MB', Buffer.concat([encode(app({})), unknownField(Buffer.from(MB))]), [grpc.status.OK], undefined],
  ['unknown varint field 999', Buffer.concat([encode(app({})), tag(999, 0), varint(-1n)]), [grpc.status.OK], undefined],
  [
    'unknown field inside app_id',
    Buffer.concat([encode({ follow: false }), nested(1, Buffer.concat([encodeId(appId), unknownField(Buffer.from('x'))]))]),
    [grpc.status.OK],
    undefined,
  ],
];

function randomBytes(random: () => number): Buffer {
  const int = (n: number) => Math.floor(random() * n);
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(256)));
  const valid = encode({ ...app({}), tailLines: int(60), include: ['line'], since: { seconds: BigInt(int(1000) + 1) } });
  switch (int(8)) {
    case 0: // noise
      return bytes(int(64));
    case 1: // a valid request, truncated
      return valid.subarray(0, int(valid.length));
    case 2: {
      // a valid request with a few bytes flipped
      const copy = Buffer.from(valid);
      for (let i = 0; i <= int(4); i++) copy[int(copy.length)] = int(256);
      return copy;
    }
    case 3: // a truncated varint (every byte has the continuation bit)
      return Buffer.concat([tag(1 + int(60), 0), Buffer.alloc(1 + int(12), 0xff)]);
    case 4: // a known field with the wrong wire type
      return Buffer.concat([tag([1, 2, 3, 50, 51, 52, 53, 54, 55][int(9)], [0, 1, 3, 4, 5, 6, 7][int(7)]), bytes(int(16))]);
    case 5: // a huge length prefix
      return Buffer.concat([tag([1, 2, 50, 54, 999][int(5)], 2), varint(BigInt(2 ** (20 + int(44)))), bytes(int(16))]);
    case 6: {
      // deep nesting: app_id / replica_id / wrappers inside each other, or groups, closed or not
      const depth = 1 + int(3000);
      if (random() < 0.5) {
        const open = Buffer.concat(Array.from({ length: depth }, () => tag(999, 3)));
        const close = random() < 0.5 ? Buffer.concat(Array.from({ length: depth }, () => tag(999, 4))) : Buffer.alloc(0);
        return Buffer.concat([open, close]);
      }
      let inner: Buffer = bytes(int(8));
      for (let i = 0; i < Math.min(depth, 200); i++) inner = Buffer.concat([tag([1, 2, 50, 51][int(4)], 2), varint(BigInt(inner.length)), inner]);
      return inner;
    }
    default: // a valid request followed by noise
      return Buffer.concat([valid, bytes(int(32))]);
  }
}

/** Whether the server can decode `bytes` as a TailLogsRequest at all (it decodes with protobuf-es too). */
function decodes(bytes: Buffer): boolean {
  try {
    fromBinary(TailLogsRequestSchema, bytes);
    return true;
  } catch {
    return false;
  }
}

describe('hostile TailLogs requests through the control plane', () => {
  beforeAll(() => {
    const Raw = grpc.makeGenericClientConstructor({}, 'AppLogsService');
    raw = new Raw(fixture.stack.controlPlaneAddress!, grpc.credentials.createInsecure());
  });
  afterAll(() => raw?.close());

  test('structurally valid but hostile requests get a clear, short status naming the field', async () => {
    const problems: string[] = [];
    await runAll(table, async ([label, request, allowed, field]) => {
      const problem = problemOf(label, await call(Buffer.isBuffer(request) ? request : encode(request)), allowed, field);
      if (problem) problems.push(problem);
    });
    expect(problems).toEqual([]);
  });

  test(`${RANDOM_CASES} random byte strings as the request message (seed ${SEED})`, async () => {
    const random = mulberry32(SEED);
    const cases = Array.from({ length: RANDOM_CASES }, (_, i) => ({ i, bytes: randomBytes(random) }));
    const undecodable: string[] = [];
    const problems: string[] = [];
    await runAll(cases, async ({ i, bytes }) => {
      const outcome = await call(bytes);
      const label = `random case ${i} (${bytes.subarray(0, 24).toString('hex')}…, ${bytes.length} bytes)`;
      if (!decodes(bytes) && outcome.code === grpc.status.INTERNAL && outcome.details.startsWith('parse binary: ')) {
        // connect-node answers INTERNAL to a message it cannot parse, before any code of ours runs, as grpc-js and
        // grpc-go do (connect-go says INVALID_ARGUMENT).
        undecodable.push(label);
        if (Buffer.byteLength(outcome.details) >= 1024) problems.push(`long message: ${label}`);
        return;
      }
      // Mutations can lose `follow: false`: a live follow stream (replica list received) runs to the deadline.
      if (outcome.code === grpc.status.DEADLINE_EXCEEDED && outcome.messages.length > 0) return;
      const problem = problemOf(label, outcome);
      if (problem) problems.push(problem);
    });
    expect(problems).toEqual([]);
    expect(undecodable.length).toBeLessThan(RANDOM_CASES);
  });

  test('afterwards a normal call still gets the replica list and then lines', async () => {
    const outcome = await call(encode({ ...app({}), tailLines: 5 }));
    expect(grpc.status[outcome.code]).toBe('OK');
    const responses = outcome.messages.map((bytes) => fromBinary(TailLogsResponseSchema, bytes));
    expect(responses[0].resp.case).toBe('replicas');
    expect(replicaListsOf(responses.slice(0, 1))).toEqual([fixture.stack.sim.podNames()]);
    expect(linesOf(responses.slice(1))).toHaveLength(5);
    // And through the ordinary client too.
    const { status, messages } = await readToEnd(fixture.client.TailLogs(appRequest('fuzz', { tailLines: 2, follow: false })));
    expect(status.code).toBe(grpc.status.OK);
    expect(linesOf(messages)).toHaveLength(2);
    await fixture.stack.sim.waitForOpenLogStreams(0);
  });
});
