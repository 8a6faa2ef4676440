import { setImmediate as nextTurn } from 'node:timers/promises';
import { KubeSim } from './index';
import { MAX_RETAINED_LINES } from './container-log';
import { getJson, getText } from './test/http';
import { LineReader, steadyValue } from './test/line-reader';

const MiB = 1024 * 1024;
const TS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/;

function floodSeq(line: string): number {
  const at = line.indexOf(' flood seq=');
  return at < 0 ? Number.NaN : parseInt(line.slice(at + 11), 10);
}

describe('log streams under backpressure', () => {
  let sim: KubeSim;
  const logPath = (pod: string, query: string): string => `/api/v1/namespaces/flyte/pods/${pod}/log?${query}`;

  beforeEach(async () => {
    sim = await KubeSim.start({
      scenario: {
        pods: [
          { name: 'firehose', containers: [{ name: 'main', history: 3, flood: true }] },
          { name: 'steady', containers: [{ name: 'main' }] },
        ],
      },
    });
  });

  afterEach(() => sim.close());

  /** Appends numbered lines until the sim stops writing to the (paused) reader; returns the buffered bytes then. */
  async function appendUntilStalled(pod: string, next: { n: number }, text: (i: number) => string): Promise<number> {
    for (;;) {
      sim.appendLines(
        pod,
        'main',
        Array.from({ length: 2000 }, () => text(next.n++)),
      );
      const stalled = await steadyValue(() => sim.bufferedLogBytes(), 50, 500);
      if (stalled !== undefined) return stalled;
      if (next.n > MAX_RETAINED_LINES / 2) throw new Error(`reader never stalled after ${next.n} lines`);
    }
  }

  it('stops generating for a paused flood reader and resumes with consecutive seq numbers', async () => {
    const problems: string[] = [];
    let index = 0;
    const reader = await LineReader.open(sim, logPath('firehose', 'follow=true'), (line) => {
      index++;
      // History first (plain lines 1..3), then generated lines continuing the numbering at 4.
      const ok = index <= 3 ? line === `firehose/main line ${index}` : floodSeq(line) === index && line.length === 120;
      if (!ok && problems.length < 5) problems.push(`line ${index}: ${line}`);
    });
    await reader.waitForLines(10_000);
    reader.pause();

    const stalled = await steadyValue(() => sim.bufferedLogBytes());
    expect(stalled).toBeDefined();
    expect(stalled).toBeLessThanOrEqual(MiB);
    const linesAtStall = reader.lines;
    // Many more turns: a sim that kept generating would grow the response buffer here.
    for (let i = 0; i < 200; i++) {
      await nextTurn();
      expect(sim.bufferedLogBytes()).toBe(stalled);
    }

    reader.resume();
    await reader.waitForLines(linesAtStall + 100_000);
    reader.destroy();
    expect(problems).toEqual([]);
    expect(sim.skippedLines()).toBe(0);
  });

  it('stamps generated lines now, strictly increasing, after the selected history', async () => {
    const lines: string[] = [];
    const reader = await LineReader.open(sim, logPath('firehose', 'follow=true&timestamps=true&tailLines=1'), (l) => lines.push(l));
    await reader.waitForLines(3000);
    reader.destroy();
    const stamps = lines.map((l) => l.slice(0, l.indexOf(' ')));
    for (const ts of stamps.slice(0, 5)) expect(ts).toMatch(TS);
    expect(lines[0]).toBe(`${stamps[0]} firehose/main line 3`);
    expect(lines.slice(1, 3000).map((l) => floodSeq(l))).toEqual(Array.from({ length: 2999 }, (_, i) => i + 4));
    for (let i = 1; i < stamps.length; i++) expect(stamps[i] > stamps[i - 1]).toBe(true);
    // Fresh: stamped by the same clock the reader can read, within a few seconds of it.
    const lastMs = Date.parse(stamps[stamps.length - 1]);
    expect(Math.abs(Date.now() - lastMs)).toBeLessThan(5000);
  });

  it('returns only the history of a flood container without follow, and honours limitBytes with it', async () => {
    expect((await getText(sim, logPath('firehose', ''))).text).toBe('firehose/main line 1\nfirehose/main line 2\nfirehose/main line 3\n');
    const limited = await getText(sim, logPath('firehose', 'follow=true&limitBytes=100000'));
    expect(Buffer.byteLength(limited.text)).toBe(100_000);
  });

  it('floods only the user container of a Knative app', async () => {
    const [pod] = sim.addApp({ service: 'flood-demo-development', replicas: 1, history: 2, flood: true });
    const user = await LineReader.open(sim, logPath(pod, 'container=user-container&follow=true&tailLines=0'));
    await user.waitForLines(1000);
    user.destroy();
    const sidecarLines: string[] = [];
    const sidecar = await LineReader.open(sim, logPath(pod, 'container=queue-proxy&follow=true'), (l) => sidecarLines.push(l));
    await sidecar.waitForLines(2);
    sim.appendLines(pod, 'queue-proxy', ['appended']);
    await sidecar.waitForLines(3);
    sidecar.destroy();
    expect(sidecarLines).toEqual([`${pod}/queue-proxy line 1`, `${pod}/queue-proxy line 2`, 'appended']);
  });

  it('holds appended lines for a slow reader and delivers every one in order', async () => {
    const received: string[] = [];
    const reader = await LineReader.open(sim, logPath('steady', 'follow=true'), (l) => received.push(l));
    reader.pause();
    await sim.waitForOpenLogStreams(1);
    const pad = 'x'.repeat(200);
    const text = (i: number): string => `line ${i} ${pad}`;
    const next = { n: 0 };
    const stalled = await appendUntilStalled('steady', next, text);
    expect(stalled).toBeLessThanOrEqual(MiB);
    // A stream waiting for 'drain' is not written to by appends: the backlog stays in the log.
    sim.appendLines(
      'steady',
      'main',
      Array.from({ length: 20_000 }, () => text(next.n++)),
    );
    expect(sim.bufferedLogBytes()).toBe(stalled);

    reader.resume();
    for (let batch = 0; batch < 10; batch++) {
      sim.appendLines(
        'steady',
        'main',
        Array.from({ length: 1000 }, () => text(next.n++)),
      );
      await nextTurn();
    }
    await reader.waitForLines(next.n);
    reader.destroy();
    expect(received.length).toBe(next.n);
    expect(received.every((l, i) => l === text(i))).toBe(true);
    expect(sim.skippedLines()).toBe(0);
  });

  it('moves a reader whose lines were trimmed to the oldest retained line, counting what it skipped', async () => {
    const received: number[] = [];
    const reader = await LineReader.open(sim, logPath('steady', 'follow=true'), (l) => received.push(parseInt(l, 10)));
    reader.pause();
    await sim.waitForOpenLogStreams(1);
    const text = (i: number): string => `${i} ${'y'.repeat(200)}`;
    const next = { n: 0 };
    await appendUntilStalled('steady', next, text);
    // Enough to rotate the whole retained window past the stalled reader's cursor.
    sim.appendLines(
      'steady',
      'main',
      Array.from({ length: MAX_RETAINED_LINES + 30_000 }, () => text(next.n++)),
    );

    reader.resume();
    await reader.waitFor(() => received[received.length - 1] === next.n - 1);
    reader.destroy();
    const skipped = sim.skippedLines();
    expect(skipped).toBeGreaterThan(0);
    const gaps = received.flatMap((n, i) => (i > 0 && n !== received[i - 1] + 1 ? [[received[i - 1], n]] : []));
    expect(gaps).toHaveLength(1);
    expect(gaps[0][1] - gaps[0][0] - 1).toBe(skipped);
    expect(received[0]).toBe(0);
    expect(received[received.length - 1]).toBe(next.n - 1);
  });

  it('reports its counters at GET /kube-sim/stats', async () => {
    const reader = await LineReader.open(sim, logPath('firehose', 'follow=true'));
    await sim.waitForOpenLogStreams(1);
    const connections = sim.stats().connections;
    expect(connections).toBeGreaterThanOrEqual(1);
    expect((await getJson(sim, '/kube-sim/stats')).body).toEqual({
      openLogStreams: 1,
      openWatches: 0,
      logRequests: 1,
      skippedLines: 0,
      connections: connections + 1,
    });
    reader.destroy();
    await sim.waitForOpenLogStreams(0);
    expect((await getJson(sim, '/kube-sim/stats')).body).toMatchObject({ openLogStreams: 0, openWatches: 0, logRequests: 1, skippedLines: 0 });
  });
});
