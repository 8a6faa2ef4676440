import * as grpc from '@grpc/grpc-js';
import type { TailLogsResponse } from '@applogs/proto';
import {
  CallReader,
  appendNumbered,
  appRequest,
  demoScenario,
  historyOf,
  podsOf,
  linesOf,
  messagesOf,
  readToEnd,
  replicaEventsOf,
  replicaListsOf,
  replicaRequest,
  useStack,
} from '@applogs/testing';

const HISTORY = 3;

const scenario = demoScenario({
  scale: { replicas: 2, history: HISTORY },
  restart: { replicas: 1, history: HISTORY },
  faulty: { replicas: 3, history: HISTORY },
  stall: { replicas: 1, history: HISTORY },
  roll: { replicas: 2, history: HISTORY },
  cycle: { replicas: 3, history: HISTORY },
});

// Short delays so that retries happen within a test; the behaviour is the same as with the defaults.
const dataPlaneEnv = { APPLOGS_RETRY_INITIAL_MS: '20', APPLOGS_RETRY_MAX_MS: '100', APPLOGS_STALL_TIMEOUT_MS: '700', APPLOGS_MAX_STREAMS: '20' };

const fixture = useStack({ scenario, dataPlaneEnv });

const appPods = (name: string) => podsOf(fixture.stack.sim, name);
const history = (pod: string) => historyOf(pod, HISTORY);
const events = (messages: TailLogsResponse[]) => replicaEventsOf(messages).map((event) => `${event.kind} ${event.pod}`);
const lastList = (messages: TailLogsResponse[]) => replicaListsOf(messages).at(-1)!.sort();

const produce = (pod: string, label: string, count?: number) => appendNumbered(fixture.stack.sim, pod, label, count);

function tail(name: string) {
  return new CallReader(fixture.client.TailLogs(appRequest(name)));
}

describe('a call follows the app as it changes', () => {
  test('scale-up from 2 to 5 replicas: the new ones join, from their first line, and are listed', async () => {
    const before = appPods('scale');
    const reader = tail('scale');
    await reader.until((m) => linesOf(m).length >= 2 * HISTORY);
    const added = fixture.stack.sim.scaleApp('scale-demo-development', 5);
    expect(added).toHaveLength(3);
    await reader.until((m) => events(m).filter((e) => e.startsWith('JOINED')).length === 3);
    const all = appPods('scale');
    const produced = new Map(all.map((pod) => [pod, [...history(pod), ...produce(pod, 'after scale-up')]]));
    await reader.until((m) => all.every((pod) => messagesOf(m, pod).length >= produced.get(pod)!.length));
    reader.call.cancel();
    expect(lastList(reader.messages)).toEqual(all);
    expect(events(reader.messages).sort()).toEqual(
      all
        .filter((p) => !before.includes(p))
        .map((p) => `JOINED ${p}`)
        .sort(),
    );
    for (const pod of all) expect(messagesOf(reader.messages, pod)).toEqual(produced.get(pod));
    fixture.stack.sim.scaleApp('scale-demo-development', 2);
  });

  test('a container restart mid-stream: the new container is followed, nothing lost or repeated; RESTARTED says how the old one exited', async () => {
    const [pod] = appPods('restart');
    const reader = tail('restart');
    await reader.until((m) => linesOf(m).length >= HISTORY);
    const beforeRestart = produce(pod, 'old container');
    await reader.until((m) => messagesOf(m, pod).length >= HISTORY + 5);
    fixture.stack.sim.restartContainer(pod, 'user-container', undefined, { exitCode: 137, reason: 'OOMKilled', signal: 9 });
    await reader.until((m) => events(m).includes(`RESTARTED ${pod}`));
    const afterRestart = produce(pod, 'new container');
    await reader.until((m) => messagesOf(m, pod).length >= HISTORY + 10);
    reader.call.cancel();
    expect(messagesOf(reader.messages, pod)).toEqual([...history(pod), ...beforeRestart, ...afterRestart]);
    const restarted = reader.messages.flatMap(({ resp }) => (resp.case === 'replicaEvent' ? [resp.value] : []));
    expect(restarted.map((event) => event.message)).toEqual([
      'container user-container restarted (restart 1) after exit 137 (OOMKilled, signal 9); following the new one',
    ]);
    expect(restarted[0].exit).toMatchObject({ exitCode: 137, reason: 'OOMKilled', signal: 9, finishedAt: { seconds: expect.any(BigInt) } });

    // The crashed instance's log is still there: `previous` reads it once, and the call ends.
    const previous = await readToEnd(fixture.client.TailLogs(appRequest('restart', { previous: true })));
    expect(previous.status.code).toBe(grpc.status.OK);
    expect(replicaListsOf(previous.messages)[0]).toEqual([pod]);
    expect(messagesOf(previous.messages, pod)).toEqual([...history(pod), ...beforeRestart]);
    expect(fixture.stack.sim.logRequests.at(-1)?.query).toMatchObject({ previous: 'true', follow: 'false', tailLines: '1000' });
  });

  test('previous: replicas that never restarted are skipped (SKIPPED), or NOT_FOUND when named; follow is refused', async () => {
    const pods = appPods('scale');
    const skipped = await readToEnd(fixture.client.TailLogs(appRequest('scale', { previous: true })));
    expect(skipped.status.code).toBe(grpc.status.OK);
    expect(replicaListsOf(skipped.messages)).toEqual([[]]);
    expect(replicaEventsOf(skipped.messages)).toEqual(
      pods.map((pod) => ({ kind: 'SKIPPED', pod, message: `pod ${pod} has no previous container: user-container never restarted` })),
    );
    const named = await readToEnd(fixture.client.TailLogs(replicaRequest('scale', pods[0], { previous: true })));
    expect([named.status.code, named.status.details]).toEqual([
      grpc.status.NOT_FOUND,
      `pod ${pods[0]} has no previous container: user-container never restarted`,
    ]);
    const followed = await readToEnd(fixture.client.TailLogs(appRequest('scale', { previous: true, follow: true })));
    expect([followed.status.code, followed.status.details]).toEqual([
      grpc.status.INVALID_ARGUMENT,
      'previous logs are never followed: leave follow unset (or false) with previous',
    ]);
  });

  test('a 500 and a connection reset on one of three replicas: it resumes, the others never stop', async () => {
    const pods = appPods('faulty');
    const broken = pods[1];
    const reader = tail('faulty');
    await reader.until((m) => linesOf(m).length >= 3 * HISTORY);
    const produced = new Map(pods.map((pod) => [pod, [...history(pod), ...produce(pod, 'first')]]));
    await reader.until((m) => pods.every((pod) => messagesOf(m, pod).length >= HISTORY + 5));
    // The reset breaks the open stream; the first retry then meets a 500; the second gets through.
    fixture.stack.sim.failLogRequests(broken, { status: 500, count: 1 });
    fixture.stack.sim.resetLogStreams(broken);
    // Written while the broken replica is away: it must still arrive, once.
    for (const pod of pods) produced.get(pod)!.push(...produce(pod, 'during the outage'));
    await reader.until((m) => events(m).filter((e) => e === `RETRYING ${broken}`).length >= 2);
    for (const pod of pods) produced.get(pod)!.push(...produce(pod, 'after'));
    await reader.until((m) => pods.every((pod) => messagesOf(m, pod).length >= produced.get(pod)!.length));
    reader.call.cancel();
    for (const pod of pods) expect(messagesOf(reader.messages, pod)).toEqual(produced.get(pod));
    expect(events(reader.messages)).toEqual([`RETRYING ${broken}`, `RETRYING ${broken}`]);
    const retrying = replicaEventsOf(reader.messages).map((event) => event.message);
    expect(retrying[0]).toMatch(/the log stream of pod .* broke/);
    expect(retrying[1]).toMatch(/Kubernetes API answered 500 .*the kubelet is unavailable/);
  });

  test('a stalled stream is detected and resumed', async () => {
    const [pod] = appPods('stall');
    const reader = tail('stall');
    await reader.until((m) => linesOf(m).length >= HISTORY);
    fixture.stack.sim.stallLogStreams(pod);
    const duringStall = produce(pod, 'while stalled');
    await reader.until((m) => events(m).includes(`RETRYING ${pod}`));
    fixture.stack.sim.resumeLogStreams(pod);
    const after = produce(pod, 'after');
    await reader.until((m) => messagesOf(m, pod).length >= HISTORY + 10);
    reader.call.cancel();
    expect(messagesOf(reader.messages, pod)).toEqual([...history(pod), ...duringStall, ...after]);
    expect(replicaEventsOf(reader.messages)[0]?.message).toMatch(/no bytes for 700 ms/);
  });

  test('a rollout moves the call to the new revision', async () => {
    const oldPods = appPods('roll');
    const reader = tail('roll');
    await reader.until((m) => linesOf(m).length >= 2 * HISTORY);
    const { added } = fixture.stack.sim.rollout('roll-demo-development');
    await reader.until((m) => added.every((pod) => events(m).includes(`JOINED ${pod}`)) && oldPods.every((pod) => events(m).includes(`LEFT ${pod}`)));
    const produced = new Map(added.map((pod) => [pod, [...history(pod), ...produce(pod, 'new revision')]]));
    await reader.until((m) => added.every((pod) => messagesOf(m, pod).length >= produced.get(pod)!.length));
    reader.call.cancel();
    expect(lastList(reader.messages)).toEqual([...added].sort());
    for (const pod of added) expect(messagesOf(reader.messages, pod)).toEqual(produced.get(pod));
    for (const pod of oldPods) expect(messagesOf(reader.messages, pod)).toEqual(history(pod));
  });

  test('1,000 open/cancel cycles leave no upstream stream open and every slot free', async () => {
    // Waves of 10 under a limit of 20: a call cancelled before its handler ran may release its slot a moment
    // after the next wave arrives.
    const waves = 100;
    const perWave = 10;
    for (let wave = 0; wave < waves; wave += 1) {
      const readers = Array.from({ length: perWave }, () => tail('cycle'));
      // Cancel half as soon as the call is made and half once lines arrive: both must release everything.
      await Promise.all(readers.slice(perWave / 2).map((reader) => reader.until((m) => m.length > 0)));
      readers.forEach((reader) => reader.call.cancel());
      await Promise.all(readers.map((reader) => reader.ended));
      await fixture.stack.sim.waitForOpenLogStreams(0);
    }
    await fixture.stack.sim.waitForOpenWatches(0);
    // All 20 slots are free again: 20 calls are served at once, the 21st is refused. They are opened one after
    // the other, so that a cancelled call the server had not yet begun gets to release its slot first.
    const readers: CallReader[] = [];
    for (let i = 0; i < 20; i += 1) {
      readers.push(tail('cycle'));
      await readers[i].until((m) => m.length > 0);
    }
    expect((await readToEnd(fixture.client.TailLogs(appRequest('cycle')))).status.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    readers.forEach((reader) => reader.call.cancel());
    await Promise.all(readers.map((reader) => reader.ended));
  });
});
