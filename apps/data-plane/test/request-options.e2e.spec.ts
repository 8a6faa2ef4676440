import * as grpc from '@grpc/grpc-js';
import type { Scenario } from '@applogs/kube-sim';
import { CallReader, appRequest, linesOf, readToEnd, useStack, type RequestFields } from '@applogs/testing';

const HISTORY = 20;
const scenario: Scenario = { namespace: 'flyte', apps: [{ service: 'opts-demo-development', replicas: 1, history: HISTORY }] };

const fixture = useStack({ scenario, dataPlaneEnv: { APPLOGS_MAX_TAIL_LINES: '50', APPLOGS_TAIL_LINES: '10' } });

const pod = () => fixture.stack.sim.podNames()[0];
const history = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `${pod()}/user-container line ${from + i}`);
const request = (fields: RequestFields = {}) => appRequest('opts', fields);
const tail = (fields: RequestFields) => new CallReader(fixture.client.TailLogs(request(fields)));
const messages = (reader: CallReader) => linesOf(reader.messages).map((l) => l.message);

describe('request options over a real socket', () => {
  test("without options, the server's default tail (APPLOGS_TAIL_LINES)", async () => {
    const { messages: received } = await readToEnd(fixture.client.TailLogs(request({ follow: false })));
    expect(linesOf(received).map((l) => l.message)).toEqual(history(11, 20));
  });

  test('tail_lines 0, 3, and the maximum', async () => {
    for (const [tailLines, expected] of [
      [0, []],
      [3, history(18, 20)],
      [50, history(1, 20)],
    ] as const) {
      const { messages: received, status } = await readToEnd(fixture.client.TailLogs(request({ tailLines, follow: false })));
      expect(status.code).toBe(grpc.status.OK);
      expect(linesOf(received).map((l) => l.message)).toEqual(expected);
    }
  });

  test('tail_lines over the maximum is INVALID_ARGUMENT, not silently cut', async () => {
    const { status } = await readToEnd(fixture.client.TailLogs(request({ tailLines: 51 })));
    expect([status.code, status.details]).toEqual([grpc.status.INVALID_ARGUMENT, 'tail_lines 51 is out of range: 0 to 50 on this server']);
  });

  test('since_time: every line from the exact instant, whatever the tail default', async () => {
    const [, , third] = fixture.stack.sim.appendLines(pod(), 'user-container', ['s1', 's2', 's3', 's4']);
    const at = third.timestamp;
    const seconds = BigInt(Math.floor(Date.parse(at) / 1000));
    const nanos = Number(at.slice(20, 29));
    const reader = tail({ sinceTime: { seconds, nanos } });
    await reader.until((m) => linesOf(m).some((l) => l.message === 's4'));
    reader.call.cancel();
    expect(messages(reader)).toEqual(['s3', 's4']);
    const request = fixture.stack.sim.logRequests.at(-1)!;
    // Kubernetes gets whole seconds, and no tail limit.
    expect(request.query.sinceTime).toBe(`${at.slice(0, 19)}Z`);
    expect(request.query.tailLines).toBeUndefined();
  });

  test('since: a duration back from now', async () => {
    fixture.stack.sim.appendLines(pod(), 'user-container', [{ timestamp: new Date(Date.now() - 3_600_000).toISOString(), text: 'an hour ago' }]);
    fixture.stack.sim.appendLines(pod(), 'user-container', ['just now']);
    const { messages: received } = await readToEnd(fixture.client.TailLogs(request({ since: { seconds: 60n, nanos: 0 }, follow: false })));
    expect(linesOf(received).map((l) => l.message)).toContain('just now');
    expect(linesOf(received).map((l) => l.message)).not.toContain('an hour ago');
  });

  test('follow false ends after the history even for a running pod', async () => {
    const { status } = await readToEnd(fixture.client.TailLogs(request({ tailLines: 1, follow: false })));
    expect(status.code).toBe(grpc.status.OK);
    expect(fixture.stack.sim.logRequests.at(-1)!.query.follow).toBe('false');
  });

  test('include and exclude patterns are applied before batching, live lines too', async () => {
    const reader = tail({ tailLines: 50, include: ['line 1\\d$', 'ERROR'], exclude: ['line 15$'] });
    await reader.until((m) => linesOf(m).length >= 9);
    fixture.stack.sim.appendLines(pod(), 'user-container', ['INFO fine', 'ERROR broken', 'WARN meh']);
    await reader.until((m) => linesOf(m).some((l) => l.message === 'ERROR broken'));
    reader.call.cancel();
    expect(messages(reader)).toEqual([...history(10, 14), ...history(16, 19), 'ERROR broken']);
  });

  // Named by hand: Jest cannot print a BigInt in a title.
  test.each<[string, RequestFields, RegExp]>([
    ['an include pattern that does not compile', { include: ['(unclosed'] }, /^include pattern "\(unclosed" is not a valid RE2 expression/],
    ['an exclude pattern with a backreference', { exclude: ['(a)\\1'] }, /^exclude pattern "\(a\)\\1" is not a valid RE2 expression/],
    ['since and since_time together', { since: { seconds: 5n, nanos: 0 }, sinceTime: { seconds: 5n, nanos: 0 } }, /^set since_time or since, not both$/],
    ['a pattern of 600 characters', { include: ['y'.repeat(600)] }, /is 600 characters; at most 512 are allowed$/],
  ])('%s is INVALID_ARGUMENT naming the problem', async (_name, fields, message) => {
    const { status } = await readToEnd(fixture.client.TailLogs(request(fields)));
    expect(status.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(status.details).toMatch(message);
  });
});
