import {
  LogLineOriginator,
  LogLineSource,
  decodeTailLogsResponse,
  encodeTailLogsResponse,
  type LogLines,
  type TailLogsResponse,
} from '@applogs/proto';
import { LogLinesEncoder, MAX_LINES_PER_MESSAGE } from './log-lines-encoder';

const replicaId = { app_id: { org: 'o', project: 'demo', domain: 'development', name: 'hello' }, name: 'hello-pod-a' };
const T = Date.parse('2026-11-25T10:00:00Z') / 1000;

/** What protobufjs makes of the same lines: the reference our hand encoder must match byte for byte. */
function reference(lines: Array<{ seconds?: number; nanos?: number; message: string }>, shortName: string): TailLogsResponse {
  const logs: LogLines[] = [];
  for (let i = 0; i < lines.length; i += MAX_LINES_PER_MESSAGE) {
    logs.push({
      lines: [],
      replica_id: replicaId,
      structured_lines: lines.slice(i, i + MAX_LINES_PER_MESSAGE).map((line) => ({
        timestamp: line.seconds === undefined ? undefined : { seconds: String(line.seconds), nanos: line.nanos ?? 0 },
        message: line.message,
        originator: LogLineOriginator.USER,
        short_pod_name: shortName,
      })),
      source: LogLineSource.LOG_LINE_SOURCE_LIVE,
    });
  }
  return { batches: { logs } };
}

/** protobufjs writes zero and empty values it is given, we leave them off as proto3 allows: compare decoded. */
function expectSameDecoding(message: Buffer, expected: TailLogsResponse): void {
  expect(decodeTailLogsResponse(message)).toEqual(decodeTailLogsResponse(encodeTailLogsResponse(expected)));
}

function encodeAll(chunks: Array<string | Buffer>, shortName = 'a'): Buffer[] {
  const encoder = new LogLinesEncoder(replicaId, shortName);
  const messages = chunks.map((chunk) => encoder.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk)));
  return [...messages, encoder.flush()].filter((m): m is Buffer => m !== undefined);
}

describe('LogLinesEncoder', () => {
  test('timestamped lines: byte for byte what protobufjs encodes (no zero or empty values involved)', () => {
    const [message] = encodeAll(['2026-11-25T10:00:00.123456789Z hello\n2026-11-25T10:00:00.5Z world ✓\n']);
    const expected = reference([{ seconds: T, nanos: 123456789, message: 'hello' }, { seconds: T, nanos: 500000000, message: 'world ✓' }], 'a');
    expect(message.equals(encodeTailLogsResponse(expected))).toBe(true);
  });

  test('lines without a timestamp, empty lines and messages, an empty short name', () => {
    const [message] = encodeAll(['plain line\n\n2026-11-25T10:00:00Z \n1970-01-01T00:00:00Z epoch\n'], '');
    const expected = reference(
      [{ message: 'plain line' }, { message: '' }, { seconds: T, nanos: 0, message: '' }, { seconds: 0, nanos: 0, message: 'epoch' }],
      '',
    );
    expectSameDecoding(message, expected);
  });

  test('250 lines become LogLines of 100, 100 and 50 in one response', () => {
    const lines = Array.from({ length: 250 }, (_, i) => ({ seconds: T + i, nanos: i, message: `line ${i}` }));
    const body = lines.map((l) => `${new Date(l.seconds * 1000).toISOString().slice(0, 19)}.${String(l.nanos).padStart(9, '0')}Z ${l.message}\n`).join('');
    const [message] = encodeAll([body]);
    const decoded = decodeTailLogsResponse(message);
    expect(decoded.batches?.logs.map((l) => l.structured_lines.length)).toEqual([100, 100, 50]);
    expectSameDecoding(message, reference(lines, 'a'));
  });

  test('each chunk gives one response with the lines it completes; the rest comes with flush', () => {
    const messages = encodeAll(['2026-11-25T10:00:00.1Z one\n2026-11-25T10:00:00.2Z tw', 'o\nthr', 'ee']);
    expect(messages.map((m) => decodeTailLogsResponse(m).batches?.logs.flatMap((l) => l.structured_lines.map((s) => s.message)))).toEqual([
      ['one'],
      ['two'],
      ['three'],
    ]);
  });

  test('invalid UTF-8 is replaced as Buffer.toString shows it, so strict clients can decode', () => {
    const bad = Buffer.concat([Buffer.from('2026-11-25T10:00:00Z bad '), Buffer.from([0xff, 0xfe]), Buffer.from(' end\nfine\n')]);
    const [message] = encodeAll([bad]);
    expectSameDecoding(message, reference([{ seconds: T, nanos: 0, message: 'bad \ufffd\ufffd end' }, { message: 'fine' }], 'a'));
  });

  test('a chunk that completes no line gives nothing', () => {
    const encoder = new LogLinesEncoder(replicaId, 'a');
    expect(encoder.push(Buffer.from('no newline yet'))).toBeUndefined();
    expect(encoder.flush()).toBeDefined();
    expect(encoder.flush()).toBeUndefined();
  });

  test('a filter drops lines before an exact instant and lines whose message it does not keep', () => {
    const encoder = new LogLinesEncoder(replicaId, 'a', undefined, {
      notBefore: { seconds: T, nanos: 500 },
      keep: (message) => !message.includes('noise'),
    });
    const message = encoder.push(Buffer.from('2026-11-25T10:00:00.000000499Z early\n2026-11-25T10:00:00.0000005Z on time\n2026-11-25T10:00:01Z noise\nno timestamp\n'));
    const kept = decodeTailLogsResponse(message!).batches!.logs.flatMap((l) => l.structured_lines.map((s) => s.message));
    expect(kept).toEqual(['on time', 'no timestamp']);
  });
});
