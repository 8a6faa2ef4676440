import type { Scenario } from '@applogs/kube-sim';
import { endlessLineToken } from '@applogs/kube-sim';
import type { TailLogsResponse } from '@applogs/proto';
import { CallReader, appRequest, linesOf, multiByteText, replicaEventsOf, useStack } from '@applogs/testing';
import { readFileSync } from 'node:fs';

// Lines no gRPC message could hold, CRLF logs and a log without any newline, through both planes to a default
// grpc-js client (which accepts messages of at most 4 MiB).

const MiB = 1024 * 1024;
const MAX_LINE_BYTES = 64 * 1024;

const scenario: Scenario = {
  namespace: 'flyte',
  apps: [
    { service: 'long-demo-development', replicas: 1, history: 1 },
    { service: 'crlf-demo-development', replicas: 1, history: 2, lineEnding: 'crlf' },
    { service: 'endless-demo-development', replicas: 1, history: 1, flood: 'no-newlines' },
    { service: 'resume-demo-development', replicas: 1, history: 1 },
  ],
};

/** The lines of `pod` from the messages so far. */
const linesBy = (messages: TailLogsResponse[], pod: string) => linesOf(messages).filter((line) => line.pod === pod);

/** Resident memory of a process now, and its peak so far, from Linux's /proc. */
function residentMiB(pid: number): { now: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const mib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1]) / 1024;
  return { now: mib('VmRSS'), peak: mib('VmHWM') };
}

describe('long lines, CRLF and logs without newlines, through both planes', () => {
  const fixture = useStack({ scenario, controlPlane: true, dataPlaneEnv: { APPLOGS_RETRY_INITIAL_MS: '20' } });
  const tail = (name: string) => new CallReader(fixture.client.TailLogs(appRequest(name)));
  const podOf = (service: string) => fixture.stack.sim.appPods(service)[0];

  test('a 5 MiB line arrives as pieces of at most 64 KiB that join back to it, in order, with its timestamp', async () => {
    const pod = podOf('long-demo-development');
    const line = multiByteText(5 * MiB);
    const [appended] = fixture.stack.sim.appendLines(pod, 'user-container', [line, 'after it']);
    const reader = tail('long');
    await reader.until((messages) => linesBy(messages, pod).some((l) => l.message === 'after it'));
    reader.call.cancel();
    const lines = linesBy(reader.messages, pod);
    expect(lines[0].message).toBe(`${pod}/user-container line 1`);
    const pieces = lines.slice(1, -1);
    expect(pieces.map((piece) => piece.message).join('')).toBe(line);
    const sizes = pieces.map((piece) => Buffer.byteLength(piece.message));
    expect(sizes.slice(0, -1).every((size) => size <= MAX_LINE_BYTES && size >= MAX_LINE_BYTES - 3)).toBe(true);
    expect(sizes.at(-1)).toBeLessThanOrEqual(MAX_LINE_BYTES);
    // Some cut fell inside a character and was moved before it; none split one (no U+FFFD).
    expect(sizes.slice(0, -1).some((size) => size < MAX_LINE_BYTES)).toBe(true);
    expect(pieces.some((piece) => piece.message.includes('\ufffd'))).toBe(false);
    const stamp = Date.parse(appended.timestamp);
    expect(pieces.every((piece) => Number(piece.timestamp!.seconds) === Math.floor(stamp / 1000))).toBe(true);
    expect(new Set(pieces.map((piece) => piece.timestamp!.nanos)).size).toBe(1);
    expect(pieces[0].timestamp!.nanos).toBe(Number(appended.timestamp.slice(20, 29)));
  });

  test('CRLF lines arrive without \\r, an empty one as ""', async () => {
    const pod = podOf('crlf-demo-development');
    fixture.stack.sim.appendLines(pod, 'user-container', ['', 'last']);
    const reader = tail('crlf');
    await reader.until((messages) => linesBy(messages, pod).length >= 4);
    reader.call.cancel();
    expect(linesBy(reader.messages, pod).map((line) => line.message)).toEqual([`${pod}/user-container line 1`, `${pod}/user-container line 2`, '', 'last']);
  });

  test('a log without newlines: pieces keep coming while the data plane stays small', async () => {
    const pod = podOf('endless-demo-development');
    const call = fixture.client.TailLogs(appRequest('endless'));
    // Checked as they come and dropped: the call brings far more than this process should keep.
    const check = new EndlessLineCheck();
    const problems: string[] = [];
    const stamps = new Set<string>();
    const target = 64 * MiB;
    const before = residentMiB(fixture.stack.dataPlane.child.pid!);
    await new Promise<void>((resolve, reject) => {
      call.on('data', (message: TailLogsResponse) => {
        for (const line of linesOf([message])) {
          if (line.message === `${pod}/user-container line 1`) continue;
          stamps.add(`${line.timestamp?.seconds}.${line.timestamp?.nanos}`);
          if (Buffer.byteLength(line.message) > MAX_LINE_BYTES || !check.add(line.message)) problems.push(line.message.slice(0, 80));
        }
        if (check.bytes >= target || problems.length > 0) resolve();
      });
      call.on('error', reject);
    });
    call.cancel();
    expect(problems).toEqual([]);
    expect(stamps.size).toBe(1);
    expect(check.bytes).toBeGreaterThanOrEqual(target);
    // Holding what it had read of the line, the data plane would have grown by 64 MiB; it holds at most a piece
    // and a chunk of it (measured: its peak grows by about 5 MiB, garbage not collected yet, and 13 MiB over 768 MiB).
    const growth = residentMiB(fixture.stack.dataPlane.child.pid!).peak - before.now;
    expect(growth).toBeLessThan(32);
  });

  test('a stream broken inside a long line resumes after the pieces sent: each piece exactly once', async () => {
    const pod = podOf('resume-demo-development');
    // Far more than the data plane reads while the caller pauses (about 2.5 MiB), so the break is mid-line.
    const line = multiByteText(12 * MiB);
    fixture.stack.sim.appendLines(pod, 'user-container', [line, 'after it']);
    const reader = tail('resume');
    await reader.until((messages) => linesBy(messages, pod).length >= 3);
    reader.call.pause();
    await fixture.stack.sim.waitForStalledLogStreams(1, 20_000);
    expect(fixture.stack.sim.resetLogStreams(pod)).toBe(1);
    reader.call.resume();
    await reader.until((messages) => linesBy(messages, pod).some((l) => l.message === 'after it'));
    reader.call.cancel();

    const pieces = linesBy(reader.messages, pod).slice(1, -1);
    // The data plane sends RETRYING when the stream breaks, after the pieces it had sent: some come after it.
    const retryAt = reader.messages.findIndex((m) => m.resp.case === 'replicaEvent');
    expect(linesBy(reader.messages.slice(0, retryAt), pod).length).toBeGreaterThan(1);
    expect(linesBy(reader.messages.slice(retryAt), pod).length).toBeGreaterThan(1);
    expect(pieces.map((piece) => piece.message).join('')).toBe(line);
    expect(pieces.every((piece) => Buffer.byteLength(piece.message) <= MAX_LINE_BYTES)).toBe(true);
    expect(replicaEventsOf(reader.messages).map((event) => event.kind)).toEqual(['RETRYING']);
    const requests = fixture.stack.sim.logRequests.filter((request) => request.pod === pod);
    expect(requests.map((request) => request.query.sinceTime !== undefined)).toEqual([false, true]);
  });
});

/** Checks that pieces of the simulator's endless line join into `1 ✓ 2 ✓ 3 ✓ …`, without keeping them. */
class EndlessLineCheck {
  bytes = 0;
  private next = 1;
  /** The start of a token that the next piece completes. */
  private partial = '';

  add(piece: string): boolean {
    this.bytes += Buffer.byteLength(piece);
    const text = this.partial + piece;
    let at = 0;
    for (let token = endlessLineToken(this.next); text.length - at >= token.length; token = endlessLineToken(this.next)) {
      if (!text.startsWith(token, at)) return false;
      at += token.length;
      this.next += 1;
    }
    this.partial = text.slice(at);
    return endlessLineToken(this.next).startsWith(this.partial);
  }
}
