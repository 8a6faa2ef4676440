import { create, fromBinary, TailLogsResponseSchema, toBinary, type EncodedTailLogsResponse, type TailLogsMessage } from '@applogs/proto';
import type { Demand } from '@applogs/flow-control';
import { CoalescingOutput, joinBatches } from './coalescing-output';
import { replicaList } from './replica-events';

/** A caller whose readiness the test sets, like a grpc-js call between a full write and its 'drain'. */
class Caller implements Demand {
  ready = true;
  private waiting: Array<() => void> = [];
  whenReady(resume: () => void): void {
    if (this.ready) resume();
    else this.waiting.push(resume);
  }
  drain(): void {
    this.ready = true;
    const waiting = this.waiting;
    this.waiting = [];
    waiting.forEach((resume) => resume());
  }
}

/** An encoded `batches` response of `lines` lines of replica `pod`, as the encoder writes it (lineCount set). */
function batch(pod: string, lines: string[]): EncodedTailLogsResponse {
  const message = create(TailLogsResponseSchema, {
    resp: { case: 'batches', value: { logs: [{ replicaId: { name: pod }, structuredLines: lines.map((message) => ({ message })) }] } },
  });
  return Object.assign(Buffer.from(toBinary(TailLogsResponseSchema, message)), { lineCount: lines.length });
}

/** Each emitted message as `pod:line` entries per LogLines, or the kind of message it is. */
function shown(message: TailLogsMessage): string[][] | string {
  const decoded = Buffer.isBuffer(message) ? fromBinary(TailLogsResponseSchema, message) : message;
  if (decoded.resp.case !== 'batches') return decoded.resp.case ?? 'empty';
  return decoded.resp.value.logs.map((logs) => logs.structuredLines.map((line) => `${logs.replicaId?.name}:${line.message}`));
}

function output(maxBytes?: number) {
  const caller = new Caller();
  const emitted: TailLogsMessage[] = [];
  return { caller, emitted, out: new CoalescingOutput(caller, (message) => emitted.push(message), maxBytes) };
}

describe('CoalescingOutput', () => {
  test('sends each message at once while the caller can take it: an idle stream holds nothing back', () => {
    const { out, emitted } = output();
    out.send(batch('a', ['1']));
    expect(emitted.map(shown)).toEqual([[['a:1']]]);
    out.send(batch('b', ['2']));
    expect(emitted.map(shown)).toEqual([[['a:1']], [['b:2']]]);
  });

  test('while the caller is busy, batches of several replicas join one message, in arrival order, sent when it drains', () => {
    const { out, caller, emitted } = output();
    caller.ready = false;
    out.send(batch('a', ['1', '2']));
    out.send(batch('b', ['3']));
    out.send(batch('a', ['4']));
    expect(emitted).toEqual([]);
    caller.drain();
    expect(emitted.map(shown)).toEqual([[['a:1', 'a:2'], ['b:3'], ['a:4']]]);
    expect((emitted[0] as EncodedTailLogsResponse).lineCount).toBe(4);
  });

  test('a replica list or event first sends the lines before it, so nothing is reordered', () => {
    const { out, caller, emitted } = output();
    caller.ready = false;
    out.send(batch('a', ['1']));
    out.send(batch('a', ['2']));
    out.send(replicaList([]));
    out.send(batch('a', ['3']));
    expect(emitted.map(shown)).toEqual([[['a:1'], ['a:2']], 'replicas']);
    caller.drain();
    expect(emitted.map(shown)).toEqual([[['a:1'], ['a:2']], 'replicas', [['a:3']]]);
  });

  test('pauses the replicas once maxBytes wait, and resumes them after the caller took what waited', () => {
    const one = batch('a', ['x'.repeat(100)]);
    const { out, caller, emitted } = output(one.length * 3);
    caller.ready = false;
    const resumed: string[] = [];
    out.send(one);
    out.send(one);
    expect(out.ready).toBe(true);
    out.send(one);
    expect(out.ready).toBe(false);
    out.whenReady(() => resumed.push('a'));
    expect(resumed).toEqual([]);
    caller.drain();
    expect(resumed).toEqual(['a']);
    expect(out.ready).toBe(true);
    expect(emitted.map(shown)).toEqual([[['a:' + 'x'.repeat(100)], ['a:' + 'x'.repeat(100)], ['a:' + 'x'.repeat(100)]]]);
  });

  test('what waited beyond maxBytes leaves in several messages, none larger than maxBytes unless alone', () => {
    const one = batch('a', ['y'.repeat(100)]);
    const { out, caller, emitted } = output(one.length * 2);
    caller.ready = false;
    for (let i = 0; i < 5; i++) out.send(one);
    caller.drain();
    expect(emitted.map((message) => (shown(message) as string[][]).length)).toEqual([2, 2, 1]);
    expect(emitted.every((message) => (message as Buffer).length <= one.length * 2 + 3)).toBe(true);
  });

  test('flush sends what waits (the end of a call)', () => {
    const { out, caller, emitted } = output();
    caller.ready = false;
    out.send(batch('a', ['last']));
    out.flush();
    expect(emitted.map(shown)).toEqual([[['a:last']]]);
    caller.drain();
    expect(emitted).toHaveLength(1);
  });
});

describe('joinBatches', () => {
  test('decodes to the LogLines of every message, in order, whatever the length varints take', () => {
    const long = batch('a', ['z'.repeat(20_000)]);
    const short = batch('b', ['s']);
    const joined = joinBatches([short, long, short]);
    expect(shown(joined)).toEqual([['b:s'], ['a:' + 'z'.repeat(20_000)], ['b:s']]);
    expect(joined.lineCount).toBe(3);
  });
});
