import type { Scenario } from '@applogs/kube-sim';
import { CallReader, appRequest, linesOf, seqsByPod, useStack } from '@applogs/testing';

const scenario: Scenario = {
  namespace: 'flyte',
  apps: [
    { service: 'flood-demo-development', replicas: 2, flood: true },
    { service: 'quiet-demo-development', replicas: 1, history: 0 },
  ],
};

const fixture = useStack({ scenario, controlPlane: true });

describe('a busy caller gets fuller messages; an idle one gets each line at once', () => {
  test('after a pause, one message carries LogLines of both replicas, at most 100 lines each, none lost or reordered', async () => {
    const reader = new CallReader(fixture.client.TailLogs(appRequest('flood')));
    try {
      await reader.until((messages) => linesOf(messages).length >= 1000);
      reader.call.pause();
      await fixture.stack.sim.waitForStalledLogStreams(2, 20_000);
      const received = linesOf(reader.messages).length;
      reader.call.resume();
      await reader.until((messages) => linesOf(messages).length >= received + 20_000);
    } finally {
      reader.call.cancel();
    }
    const batches = reader.messages.flatMap(({ resp }) => (resp.case === 'batches' ? [resp.value.logs] : []));
    // Only coalescing puts two replicas' lines in one message: the encoder writes one replica's chunk at a time.
    const joined = batches.filter((logs) => new Set(logs.map((entry) => entry.replicaId?.name)).size > 1);
    expect(joined.length).toBeGreaterThan(0);
    expect(Math.max(...batches.flat().map((entry) => entry.structuredLines.length))).toBeLessThanOrEqual(100);
    const byPod = seqsByPod(reader.messages);
    expect(byPod.size).toBe(2);
    for (const seqs of byPod.values()) expect(seqs).toEqual(seqs.map((_, i) => seqs[0] + i));
  });

  test('a line written to an idle stream arrives alone, without waiting for more', async () => {
    const reader = new CallReader(fixture.client.TailLogs(appRequest('quiet')));
    try {
      await reader.until((messages) => messages.some(({ resp }) => resp.case === 'replicas'));
      const pod = fixture.stack.sim.podNames().find((name) => name.startsWith('quiet'))!;
      fixture.stack.sim.appendLines(pod, 'user-container', ['only line']);
      // Nothing else is written: if the line were held for company, this would never hold.
      const messages = await reader.until((received) => linesOf(received).length > 0);
      const batch = messages.find(({ resp }) => resp.case === 'batches')!;
      expect(linesOf([batch]).map((line) => line.message)).toEqual(['only line']);
    } finally {
      reader.call.cancel();
    }
  });
});
