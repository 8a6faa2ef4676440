import {
  create,
  fromBinary,
  LogLineOriginator,
  LogLineSource,
  ReplicaIdentifierSchema,
  TailLogsResponseSchema,
  TimestampSchema,
  toBinary,
  type LogLinesSchema,
  type MessageInitShape,
  type TailLogsResponse,
} from '@applogs/proto';
import { DEFAULT_MAX_LINE_BYTES, LogLinesEncoder, MAX_LINE_BYTES_RANGE, MAX_LINES_PER_MESSAGE, MAX_MESSAGE_BYTES, type LogCursor } from './log-lines-encoder';
import { logsOf } from './test/batch-logs';

const replicaId = create(ReplicaIdentifierSchema, { appId: { org: 'o', project: 'demo', domain: 'development', name: 'hello' }, name: 'hello-pod-a' });
const T = Date.parse('2026-11-25T10:00:00Z') / 1000;

/** What protobuf-es makes of the same lines: the reference our hand encoder must match byte for byte. */
function reference(lines: Array<{ seconds?: number; nanos?: number; message: string }>, shortName: string): TailLogsResponse {
  const logs: Array<MessageInitShape<typeof LogLinesSchema>> = [];
  for (let i = 0; i < lines.length; i += MAX_LINES_PER_MESSAGE) {
    logs.push({
      replicaId,
      structuredLines: lines.slice(i, i + MAX_LINES_PER_MESSAGE).map((line) => ({
        timestamp: line.seconds === undefined ? undefined : { seconds: BigInt(line.seconds), nanos: line.nanos ?? 0 },
        message: line.message,
        originator: LogLineOriginator.USER,
        shortPodName: shortName,
      })),
      source: LogLineSource.LIVE,
    });
  }
  return create(TailLogsResponseSchema, { resp: { case: 'batches', value: { logs } } });
}

/** The reference encoded by protobuf-es. */
function encoded(expected: TailLogsResponse): Uint8Array {
  return toBinary(TailLogsResponseSchema, expected);
}

/** Compared decoded, as a client sees them: what the two encoders must agree on is the message. */
function expectSameDecoding(message: Buffer, expected: TailLogsResponse): void {
  expect(fromBinary(TailLogsResponseSchema, message)).toEqual(fromBinary(TailLogsResponseSchema, encoded(expected)));
}

function encodeAll(chunks: Array<string | Buffer>, shortName = 'a'): Buffer[] {
  const encoder = new LogLinesEncoder(replicaId, shortName);
  const messages = chunks.flatMap((chunk) => encoder.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk)));
  return [...messages, ...encoder.flush()];
}

describe('LogLinesEncoder', () => {
  test('timestamped lines: byte for byte what protobuf-es encodes (no zero or empty values involved)', () => {
    const [message] = encodeAll(['2026-11-25T10:00:00.123456789Z hello\n2026-11-25T10:00:00.5Z world ✓\n']);
    const expected = reference(
      [
        { seconds: T, nanos: 123456789, message: 'hello' },
        { seconds: T, nanos: 500000000, message: 'world ✓' },
      ],
      'a',
    );
    expect(message.equals(encoded(expected))).toBe(true);
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
    expect(logsOf(message).map((l) => l.structuredLines.length)).toEqual([100, 100, 50]);
    expectSameDecoding(message, reference(lines, 'a'));
  });

  test('each chunk gives one response with the lines it completes; the rest comes with flush', () => {
    const messages = encodeAll(['2026-11-25T10:00:00.1Z one\n2026-11-25T10:00:00.2Z tw', 'o\nthr', 'ee']);
    expect(messages.map((m) => logsOf(m).flatMap((l) => l.structuredLines.map((s) => s.message)))).toEqual([['one'], ['two'], ['three']]);
  });

  test('invalid UTF-8 is replaced as Buffer.toString shows it, so strict clients can decode', () => {
    const bad = Buffer.concat([Buffer.from('2026-11-25T10:00:00Z bad '), Buffer.from([0xff, 0xfe]), Buffer.from(' end\nfine\n')]);
    const [message] = encodeAll([bad]);
    expectSameDecoding(message, reference([{ seconds: T, nanos: 0, message: 'bad \ufffd\ufffd end' }, { message: 'fine' }], 'a'));
  });

  test('a chunk that completes no line gives nothing', () => {
    const encoder = new LogLinesEncoder(replicaId, 'a');
    expect(encoder.push(Buffer.from('no newline yet'))).toEqual([]);
    expect(encoder.flush()).toHaveLength(1);
    expect(encoder.flush()).toEqual([]);
  });

  test('a filter drops lines before an exact instant and lines whose message it does not keep', () => {
    const encoder = new LogLinesEncoder(replicaId, 'a', undefined, {
      notBefore: create(TimestampSchema, { seconds: BigInt(T), nanos: 500 }),
      keep: (message) => !message.includes('noise'),
    });
    const message = encoder.push(
      Buffer.from('2026-11-25T10:00:00.000000499Z early\n2026-11-25T10:00:00.0000005Z on time\n2026-11-25T10:00:01Z noise\nno timestamp\n'),
    );
    const kept = logsOf(message[0]).flatMap((l) => l.structuredLines.map((s) => s.message));
    expect(kept).toEqual(['on time', 'no timestamp']);
  });
});

describe('LogLinesEncoder with long lines', () => {
  const STAMP = '2026-11-25T10:00:00.5Z ';
  const HALF = { seconds: T, nanos: 500000000 };

  function linesIn(messages: Buffer[]): Array<{ at: string; message: string }> {
    return messages.flatMap((m) =>
      logsOf(m).flatMap((l) => l.structuredLines.map((s) => ({ at: s.timestamp ? `${s.timestamp.seconds}.${s.timestamp.nanos}` : '-', message: s.message }))),
    );
  }

  function encodeWith(encoder: LogLinesEncoder, chunks: Buffer[]): Buffer[] {
    return [...chunks.flatMap((chunk) => encoder.push(chunk)), ...encoder.flush()];
  }

  const at = `${T}.500000000`;

  test('a line longer than the bound comes in pieces of the bound, each with its timestamp, as protobuf-es encodes them', () => {
    const text = '0123456789'.repeat(10);
    const encoder = new LogLinesEncoder(replicaId, 'a', undefined, { maxLineBytes: 40 });
    const messages = encodeWith(encoder, [Buffer.from(`${STAMP}${text}\n`)]);
    expect(messages).toHaveLength(1);
    const pieces = [text.slice(0, 40), text.slice(40, 80), text.slice(80)];
    expectSameDecoding(
      messages[0],
      reference(
        pieces.map((message) => ({ ...HALF, message })),
        'a',
      ),
    );
  });

  // A long line with a character across a cut, CRLF endings, an empty CRLF line, and a line without timestamp.
  const body = Buffer.from(`${STAMP}${'a'.repeat(38)}✓${'b'.repeat(45)}\r\n${STAMP}\r\n${'c'.repeat(41)}\n${STAMP}short\r\n`);
  const expected = [
    { at, message: 'a'.repeat(38) },
    { at, message: `✓${'b'.repeat(37)}` },
    { at, message: 'b'.repeat(8) },
    { at, message: '' },
    { at: '-', message: 'c'.repeat(40) },
    { at: '-', message: 'c' },
    { at, message: 'short' },
  ];

  test('the same lines however the body is chunked (cuts depend on the line only), without \\r', () => {
    for (let cut = 0; cut <= body.length; cut += 1) {
      const encoder = new LogLinesEncoder(replicaId, 'a', undefined, { maxLineBytes: 40 });
      expect(linesIn(encodeWith(encoder, [body.subarray(0, cut), body.subarray(cut)]))).toEqual(expected);
    }
    const byteByByte = new LogLinesEncoder(replicaId, 'a', undefined, { maxLineBytes: 40 });
    expect(
      linesIn(
        encodeWith(
          byteByByte,
          [...body].map((byte) => Buffer.from([byte])),
        ),
      ),
    ).toEqual(expected);
  });

  /** Feeds `input` byte by byte until `sent` lines went out, and returns the cursor there. */
  function cursorAfter(input: Buffer, sent: number, resumeFrom?: LogCursor): { cursor: LogCursor | undefined; lines: string[] } {
    const encoder = new LogLinesEncoder(replicaId, 'a', resumeFrom, { maxLineBytes: 40 });
    const lines: string[] = [];
    for (let i = 0; i < input.length && lines.length < sent; i += 1) lines.push(...linesIn(encoder.push(input.subarray(i, i + 1))).map((l) => l.message));
    return { cursor: encoder.cursor, lines };
  }

  // Kubernetes resumes at the second: the whole long line comes again, and two more lines at the same instant.
  const resumed = Buffer.from(`${STAMP}${'x'.repeat(162)}\n${STAMP}${'x'.repeat(40)}\n${STAMP}${'x'.repeat(130)}y\n2026-11-25T10:00:01Z next\n`);
  const all = [...Array(4).fill('x'.repeat(40)), 'xx', 'x'.repeat(40), ...Array(3).fill('x'.repeat(40)), 'xxxxxxxxxxy', 'next'];

  test.each(Array.from({ length: all.length }, (_, sent) => sent))('a stream broken after %i lines resumes with each piece exactly once', (sent) => {
    const first = cursorAfter(resumed, sent);
    expect(first.lines).toEqual(all.slice(0, sent));
    const encoder = new LogLinesEncoder(replicaId, 'a', first.cursor, { maxLineBytes: 40 });
    // In one chunk this time: the cut points, and so the pieces recognised, are the same.
    const rest = linesIn(encodeWith(encoder, [resumed])).map((l) => l.message);
    expect([...first.lines, ...rest]).toEqual(all);
  });

  test('broken twice inside the same long line, then resumed: each piece exactly once', () => {
    const first = cursorAfter(resumed, 2);
    const second = cursorAfter(resumed, 5, first.cursor);
    expect(second.cursor!.lines.map((l) => l.pieces)).toEqual([5, 1, 1]);
    const encoder = new LogLinesEncoder(replicaId, 'a', second.cursor, { maxLineBytes: 40 });
    const rest = linesIn(encodeWith(encoder, [resumed])).map((l) => l.message);
    expect([...first.lines, ...second.lines, ...rest]).toEqual(all);
  });

  test('a body without newlines: pieces as it comes, a cursor of one line, and at most a piece held back', () => {
    const maxLineBytes = DEFAULT_MAX_LINE_BYTES;
    const encoder = new LogLinesEncoder(replicaId, 'a', undefined, {});
    const chunk = Buffer.alloc(64 * 1024, 'z');
    let pieces = encoder.push(Buffer.from(STAMP)).length;
    for (let fed = 0; fed < 16 * 1024 * 1024; fed += chunk.length) {
      const lines = linesIn(encoder.push(chunk));
      pieces += lines.length;
      expect(lines.every((line) => line.at === at && line.message === chunk.toString('utf8', 0, maxLineBytes))).toBe(true);
      expect(encoder.pendingBytes).toBeLessThanOrEqual(maxLineBytes + STAMP.length + 1);
    }
    expect(pieces).toBeGreaterThanOrEqual(255);
    expect(encoder.cursor!.lines.map((line) => [line.first.length, line.pieces])).toEqual([[maxLineBytes, pieces]]);
  });

  test('a pattern looks at the first piece of a line; the other pieces follow it', () => {
    const encoder = new LogLinesEncoder(replicaId, 'a', undefined, { maxLineBytes: 40, keep: (message) => message.includes('needle') });
    const lines = `${STAMP}needle${'.'.repeat(50)}\n${STAMP}${'.'.repeat(50)}needle\n`;
    expect(linesIn(encodeWith(encoder, [Buffer.from(lines)])).map((l) => l.message)).toEqual([`needle${'.'.repeat(34)}`, '.'.repeat(16)]);
  });
});

describe('LogLinesEncoder message size', () => {
  test('a chunk whose lines would take more than MAX_MESSAGE_BYTES goes out as several messages, every line once', () => {
    // A pod name of 253 characters and empty lines: each byte of the log becomes over 250 bytes of LogLine.
    const shortName = 'p'.repeat(253);
    const encoder = new LogLinesEncoder(replicaId, shortName);
    const messages = encoder.push(Buffer.alloc(20_000, '\n'));
    expect(messages.length).toBeGreaterThan(1);
    expect(messages.every((m) => m.length <= MAX_MESSAGE_BYTES)).toBe(true);
    expect(messages.map((m) => m.lineCount).reduce((a, b) => a! + b!)).toBe(20_000);
    const decoded = messages.flatMap((m) => logsOf(m));
    expect(decoded.every((logs) => logs.structuredLines.length <= MAX_LINES_PER_MESSAGE)).toBe(true);
    expect(decoded.flatMap((logs) => logs.structuredLines).every((line) => line.message === '' && line.shortPodName === shortName)).toBe(true);
    expect(decoded.reduce((n, logs) => n + logs.structuredLines.length, 0)).toBe(20_000);
  });

  test('the longest piece allowed, of bytes that are not UTF-8 (each becomes 3), still fits', () => {
    const encoder = new LogLinesEncoder(replicaId, 'a', undefined, { maxLineBytes: MAX_LINE_BYTES_RANGE.max });
    const messages = encoder.push(Buffer.concat([Buffer.from('2026-11-25T10:00:00Z '), Buffer.alloc(MAX_LINE_BYTES_RANGE.max + 1, 0xff), Buffer.from('\n')]));
    expect(messages).toHaveLength(1);
    expect(messages[0].length).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    const lines = logsOf(messages[0])[0].structuredLines;
    expect(lines.map((line) => line.message.length)).toEqual([MAX_LINE_BYTES_RANGE.max, 1]);
    expect(lines[0].message).toBe('\ufffd'.repeat(MAX_LINE_BYTES_RANGE.max));
  });
});
