import { replicaColour, shortPodName as shortOf } from '@applogs/client';
import type { Scenario } from '@applogs/kube-sim';
import { formatRfc3339Nano, nanosOf, parseRfc3339, timestampOfNanos } from '@applogs/proto';
import { killDataPlane, restartDataPlane, Stack, useStack, finishedPod, multiByteText, seqOf } from '@applogs/testing';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { CliProcess } from './cli-process';

// `applogs` from dist/, as its own process, against both planes and the simulated Kubernetes API.

const scenario: Scenario = {
  namespace: 'flyte',
  apps: [
    { service: 'hello-demo-development', replicas: 2, history: 3 },
    { service: 'stamps-demo-development', replicas: 1, history: 0 },
    // Writes as fast as it is read: only flow control keeps anything bounded.
    { service: 'flood-demo-development', replicas: 1, flood: true },
    { service: 'long-demo-development', replicas: 1, history: 0 },
    { service: 'crashy-demo-development', replicas: 2, history: 3 },
  ],
  pods: [finishedPod('report-finished', 'report-demo-development', 3)],
};

const TARGET = ['--project', 'demo', '--domain', 'development'];
const REPORT_LINES = [1, 2, 3].map((i) => `report-finished | report-finished/user-container line ${i}`);

describe('applogs tail', () => {
  const fixture = useStack({ scenario, controlPlane: true });
  const server = () => ['--server', fixture.stack.controlPlaneAddress!];
  const tail = (args: string[], env: Record<string, string> = {}) => CliProcess.run(['tail', ...args, ...TARGET, ...server()], env);

  test('a finished pod with --no-follow: its lines, uncoloured in a pipe, and exit 0', async () => {
    const { code, stdout, stderr } = await tail(['report', '--no-follow']);
    expect(code).toBe(0);
    expect(stdout).toBe(REPORT_LINES.map((line) => `${line}\n`).join(''));
    expect(stderr).toBe('tailing 1 replica: report-finished\n');
  });

  test('FORCE_COLOR=1: the replica name in its colour, events dimmed', async () => {
    const { code, stdout, stderr } = await tail(['report', '--no-follow'], { FORCE_COLOR: '1' });
    expect(code).toBe(0);
    const colour = replicaColour('report-finished').ansi;
    expect(stdout.split('\n').slice(0, -1)).toEqual([1, 2, 3].map((i) => `\x1b[${colour}mreport-finished\x1b[0m | report-finished/user-container line ${i}`));
    expect(stderr).toBe('\x1b[2mtailing 1 replica: report-finished\x1b[0m\n');
  });

  test('NO_COLOR keeps colour off even where it would be on', async () => {
    const { stdout } = await tail(['report', '--no-follow'], { NO_COLOR: '1' });
    expect(stdout).not.toContain('\x1b[');
  });

  test('every replica of a running app, then --no-follow ends after the history', async () => {
    const pods = fixture.stack.sim.appPods('hello-demo-development');
    const { code, stdout } = await tail(['hello', '--no-follow']);
    expect(code).toBe(0);
    const lines = stdout.split('\n').slice(0, -1);
    for (const pod of pods) {
      expect(lines.filter((line) => line.startsWith(`${shortOf(pod)} | `))).toEqual([1, 2, 3].map((i) => `${shortOf(pod)} | ${pod}/user-container line ${i}`));
    }
    expect(lines).toHaveLength(6);
  });

  test('JSON, and timestamps to the nanosecond', async () => {
    const [pod] = fixture.stack.sim.appPods('stamps-demo-development');
    fixture.stack.sim.appendLines(pod, 'user-container', [
      { timestamp: '2030-01-02T03:04:05.123456789Z', text: 'x' },
      { timestamp: '2030-01-02T03:04:05.000000007Z', text: 'say "hi"' },
    ]);
    const json = await tail(['stamps', '--no-follow', '--output', 'json']);
    expect(json.code).toBe(0);
    expect(
      json.stdout
        .split('\n')
        .slice(0, -1)
        .map((line) => JSON.parse(line)),
    ).toEqual([
      { replica: pod, short: shortOf(pod), timestamp: '2030-01-02T03:04:05.123456789Z', message: 'x' },
      { replica: pod, short: shortOf(pod), timestamp: '2030-01-02T03:04:05.000000007Z', message: 'say "hi"' },
    ]);
    expect(
      json.stderr
        .split('\n')
        .slice(0, -1)
        .map((line) => JSON.parse(line)),
    ).toEqual([{ event: 'replicas', replicas: [pod] }]);

    const text = await tail(['stamps', '--no-follow', '--timestamps', '--replica', pod]);
    expect(text.stdout).toBe(`2030-01-02T03:04:05.123456789Z ${shortOf(pod)} | x\n2030-01-02T03:04:05.000000007Z ${shortOf(pod)} | say "hi"\n`);
  });

  test('--tail, --since-time, --include and --exclude reach the server', async () => {
    const [pod] = fixture.stack.sim.appPods('stamps-demo-development');
    fixture.stack.sim.appendLines(pod, 'user-container', [
      { timestamp: '2031-01-01T00:00:00.000000001Z', text: 'ERROR disk full' },
      { timestamp: '2031-01-01T00:00:00.000000002Z', text: 'INFO all good' },
      { timestamp: '2031-01-01T00:00:00.000000003Z', text: 'ERROR ignore me' },
      { timestamp: '2031-01-01T00:00:00.000000004Z', text: 'WARN slow' },
    ]);
    const filtered = await tail(['stamps', '--no-follow', '--since-time', '2031-01-01T00:00:00.000000001Z', '-i', 'ERROR', '-i', 'WARN', '-e', 'ignore']);
    expect(filtered.stdout).toBe(`${shortOf(pod)} | ERROR disk full\n${shortOf(pod)} | WARN slow\n`);
    const last = await tail(['stamps', '--no-follow', '--tail', '1']);
    expect(last.stdout).toBe(`${shortOf(pod)} | WARN slow\n`);
  });

  test('a 5 MiB line: its pieces of at most 64 KiB, a line of output each, instead of giving up', async () => {
    const [pod] = fixture.stack.sim.appPods('long-demo-development');
    const line = multiByteText(5 * 1024 * 1024);
    fixture.stack.sim.appendLines(pod, 'user-container', [line, 'next']);
    const { code, stdout, stderr } = await tail(['long', '--no-follow']);
    expect({ code, stderr }).toEqual({ code: 0, stderr: `tailing 1 replica: ${shortOf(pod)}\n` });
    const prefix = `${shortOf(pod)} | `;
    const printed = stdout.split('\n').slice(0, -1);
    expect(printed.every((row) => row.startsWith(prefix))).toBe(true);
    const messages = printed.map((row) => row.slice(prefix.length));
    expect(messages.at(-1)).toBe('next');
    const pieces = messages.slice(0, -1);
    expect(pieces.length).toBeGreaterThanOrEqual(80);
    expect(pieces.every((piece) => Buffer.byteLength(piece) <= 64 * 1024)).toBe(true);
    expect(pieces.join('')).toBe(line);
  });

  test.each([
    ['an unknown app: NOT_FOUND', ['nope'], /^applogs: NOT_FOUND: no replicas found for app demo\/development\/nope \(.*\)\n$/],
    ['a bad app name: INVALID_ARGUMENT', ['Hello World'], /^applogs: INVALID_ARGUMENT: app_id\.name "Hello World" is not a valid app name: .*\n$/],
    [
      'a pod of another app: NOT_FOUND',
      ['hello', '--replica', 'report-finished'],
      /^applogs: NOT_FOUND: pod report-finished is not a replica of app demo\/development\/hello\n$/,
    ],
  ])('%s: exit 1 and one line', async (_name, args, message) => {
    const { code, stdout, stderr } = await tail(args);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
  });

  test.each([
    [
      ['tail', 'hello', ...TARGET, '--since', '5m', '--since-time', '2026-11-25T10:00:00Z'],
      "applogs: use --since or --since-time, not both (see 'applogs tail --help')\n",
    ],
    [['tail', 'hello', ...TARGET, '--follow'], "applogs: unknown flag --follow (see 'applogs tail --help')\n"],
    [['tail', ...TARGET], "applogs: missing APP, the app to tail (see 'applogs tail --help')\n"],
    [['tail', 'hello', '--project', 'demo'], "applogs: --domain is required (see 'applogs tail --help')\n"],
    [['tail', 'hello', ...TARGET, '--since', '5 minutes'], expect.stringMatching(/^applogs: --since "5 minutes" expected numbers with units, .*\n$/)],
    [['tial'], `applogs: unknown command "tial" (see 'applogs --help')\n`],
  ])('usage error %j: exit 2 and one line, no call', async (args, message) => {
    // No --server: nothing listens there, a call would not come back as a usage error.
    const { code, stdout, stderr } = await CliProcess.run(args, { APPLOGS_SERVER: '127.0.0.1:1' });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toEqual(message);
  });

  test('--help, tail --help and --version exit 0', async () => {
    const help = await CliProcess.run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('applogs tail APP --project P --domain D');
    const tailHelp = await CliProcess.run(['tail', '--help']);
    expect(tailHelp.code).toBe(0);
    expect(tailHelp.stdout).toContain('--since-time');
    const version = await CliProcess.run(['--version']);
    expect(version).toMatchObject({ code: 0, stdout: expect.stringMatching(/^applogs \d+\.\d+\.\d+\n$/) });
  });

  test('Ctrl-C while following: the call is cancelled and the exit status is 130', async () => {
    const cli = CliProcess.start(['tail', 'hello', ...TARGET, ...server()]);
    try {
      await cli.until(() => cli.lines.length >= 6, 'the history of both replicas');
      const [pod] = fixture.stack.sim.appPods('hello-demo-development');
      fixture.stack.sim.appendLines(pod, 'user-container', ['live line']);
      await cli.until(() => cli.lines.includes(`${shortOf(pod)} | live line`), 'a live line');
      expect(fixture.stack.sim.openLogStreams()).toBe(2);
      const { code, signal } = await cli.interrupt();
      expect({ code, signal }).toEqual({ code: 130, signal: null });
      // Cancelling the call reaches Kubernetes through both planes (useStack also waits for this after each test).
      await fixture.stack.sim.waitForOpenLogStreams(0);
    } finally {
      await cli.kill();
    }
  });

  test('a restart is shown with its exit; --previous then prints the crashed instance and skips the replica that never restarted', async () => {
    const [crashed, steady] = fixture.stack.sim.appPods('crashy-demo-development');
    const cli = CliProcess.start(['tail', 'crashy', ...TARGET, ...server()]);
    try {
      await cli.until(() => cli.lines.length >= 6, 'the history of both replicas');
      fixture.stack.sim.appendLines(crashed, 'user-container', ['out of memory soon']);
      await cli.until(() => cli.lines.includes(`${shortOf(crashed)} | out of memory soon`), 'the last line before the crash');
      fixture.stack.sim.restartContainer(crashed, 'user-container', undefined, { exitCode: 137, reason: 'OOMKilled' });
      await cli.untilStderr(/restarted/);
      expect(cli.stderr).toContain(
        `~ ${shortOf(crashed)} restarted: container user-container restarted (restart 1) after exit 137 (OOMKilled); following the new one\n`,
      );
    } finally {
      await cli.kill();
    }
    const { code, stdout, stderr } = await tail(['crashy', '--previous']);
    expect(code).toBe(0);
    const old = [1, 2, 3].map((i) => `${crashed}/user-container line ${i}`).concat('out of memory soon');
    expect(stdout).toBe(old.map((message) => `${shortOf(crashed)} | ${message}\n`).join(''));
    expect(stderr).toBe(
      `tailing 1 replica: ${shortOf(crashed)}\n= ${shortOf(steady)} skipped: pod ${steady} has no previous container: user-container never restarted\n`,
    );
  });

  test('a reader that stops reading holds back the whole chain, and no line is lost or repeated', async () => {
    const cli = CliProcess.start(['tail', 'flood', ...TARGET, ...server(), '--tail', '0']);
    try {
      await cli.until(() => cli.lineCount >= 1000, '1000 lines');
      cli.child.stdout!.pause();
      // The CLI pauses its call when stdout is full; HTTP/2 flow control then reaches the simulated kubelet.
      await fixture.stack.sim.waitForStalledLogStreams(1, 20_000);
      // A CLI that kept reading would buffer the flood in memory (hundreds of MB a second); one that pauses its
      // call holds at most the HTTP/2 window. Nothing signals "did not grow", so watch it for a while.
      if (existsSync(`/proc/${cli.child.pid}/status`)) {
        const rssKb = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${cli.child.pid}/status`, 'utf8'))?.[1]);
        const start = rssKb();
        let peak = start;
        for (let now = Date.now(), until = now + 2000, next = now; now < until; now = Date.now()) {
          await new Promise((resolve) => setImmediate(resolve));
          if (now >= next) {
            peak = Math.max(peak, rssKb());
            next = now + 10;
          }
        }
        expect(peak - start).toBeLessThan(40 * 1024);
      }
      const before = cli.lineCount;
      cli.child.stdout!.resume();
      await cli.until(() => cli.lineCount >= before + 20_000, '20000 more lines');
      expect((await cli.interrupt()).code).toBe(130);
      const seqs = cli.lines.map(seqOf);
      expect(seqs).toEqual(seqs.map((_, i) => seqs[0] + i));
    } finally {
      await cli.kill();
    }
  });

  test('a reader that goes away (`| head`) ends it quietly with 0', async () => {
    const cli = CliProcess.start(['tail', 'hello', ...TARGET, ...server()]);
    try {
      await cli.until(() => cli.lines.length >= 1, 'a first line');
      const closed = once(cli.child.stdout!, 'close');
      cli.child.stdout!.destroy();
      await closed;
      // The next write finds the pipe closed.
      const [pod] = fixture.stack.sim.appPods('hello-demo-development');
      fixture.stack.sim.appendLines(pod, 'user-container', ['after head 1', 'after head 2']);
      const { code, stderr } = await cli.exited;
      expect(code).toBe(0);
      expect(stderr).toMatch(/^tailing 2 replicas: [^\n]+\n$/); // nothing about EPIPE
    } finally {
      await cli.kill();
    }
  });
});

describe('applogs tail across a data plane restart', () => {
  const resumeScenario: Scenario = { namespace: 'flyte', apps: [{ service: 'resume-demo-development', replicas: 2, history: 0 }] };
  let stack: Stack;

  beforeAll(async () => {
    stack = await Stack.start({ scenario: resumeScenario, controlPlane: true });
  });
  afterAll(async () => {
    await stack?.close();
  });

  test('reconnects and prints every line exactly once, in order', async () => {
    const pods = stack.sim.appPods('resume-demo-development');
    expect(pods).toHaveLength(2);
    const produced = new Map<string, string[]>(pods.map((pod) => [pod, []]));
    let lastStamp = 0n;
    /** Appends lines `from`..`to` to both replicas, with timestamps the sim assigns (now). */
    const produce = (from: number, to: number) => {
      for (const pod of pods) {
        const texts = Array.from({ length: to - from + 1 }, (_, i) => `${pod.slice(-5)} line ${from + i}`);
        const added = stack.sim.appendLines(pod, 'user-container', texts);
        produced.get(pod)!.push(...texts);
        for (const { timestamp } of added) {
          const at = nanosOf(parseRfc3339(timestamp)!);
          if (at > lastStamp) lastStamp = at;
        }
      }
    };
    /** Appends `texts` to both replicas all at one instant, after every line so far: repeats must be told apart by text. */
    const burst = (texts: string[]) => {
      const timestamp = formatRfc3339Nano(timestampOfNanos((lastStamp += 1000n)));
      for (const pod of pods) {
        const lines = texts.map((text) => `${pod.slice(-5)} ${text}`);
        stack.sim.appendLines(
          pod,
          'user-container',
          lines.map((text) => ({ timestamp, text })),
        );
        produced.get(pod)!.push(...lines);
      }
    };
    const printed = (cli: CliProcess, pod: string) =>
      cli.lines.filter((line) => line.startsWith(`${shortOf(pod)} | `)).map((line) => line.slice(shortOf(pod).length + 3));
    const caughtUp = (cli: CliProcess) => pods.every((pod) => printed(cli, pod).length >= produced.get(pod)!.length);

    const cli = CliProcess.start(['tail', 'resume', ...TARGET, '--server', stack.controlPlaneAddress!]);
    try {
      await cli.untilStderr(/tailing 2 replicas/);
      produce(1, 20);
      await cli.until(() => caughtUp(cli), 'lines 1-20');

      // Lines still in flight when the data plane dies, some sharing one timestamp (and a text).
      produce(21, 30);
      burst(['same instant a', 'same instant b', 'same instant a']);
      await killDataPlane(stack);
      await cli.untilStderr(/applogs: stream broke \(\w+: .+\); reconnecting in \d+ ms/);

      // Lines written while no data plane runs; at least one reconnect fails meanwhile.
      produce(31, 50);
      await cli.until(() => (cli.stderr.match(/reconnecting in \d+ ms/g) ?? []).length >= 2, 'a failed reconnect');

      const requestsBefore = stack.sim.logRequests.length;
      await restartDataPlane(stack);
      produce(51, 60);
      await cli.until(() => caughtUp(cli), 'every line after the restart');
      await cli.untilStderr(/applogs: reconnected/);
      // The resumed call asked from where output ended (since_time), not for the usual tail: the data plane
      // turned that into Kubernetes' sinceTime for both replicas.
      const resumed = stack.sim.logRequests.slice(requestsBefore);
      expect(new Set(resumed.map((r) => r.pod))).toEqual(new Set(pods));
      for (const { query } of resumed) expect(query).toMatchObject({ follow: 'true', sinceTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/) });
      expect(resumed.filter((r) => 'tailLines' in r.query)).toEqual([]);

      // A little more, live on the new stream, to be sure nothing is still coming twice.
      produce(61, 65);
      await cli.until(() => caughtUp(cli), 'lines 61-65');
      for (const pod of pods) expect(printed(cli, pod)).toEqual(produced.get(pod));
      expect(cli.lines).toHaveLength(2 * 68);

      const { code } = await cli.interrupt();
      expect(code).toBe(130);
    } finally {
      await cli.kill();
    }
    await stack.sim.waitForOpenLogStreams(0);
  });
});
