import type { Scenario } from '@applogs/kube-sim';
import { CallReader, Stack, appRequest, linesOf, seqsByPod } from '@applogs/testing';

// A user container that writes as fast as it is read: only flow control can keep memory bounded.
const scenario: Scenario = { namespace: 'flyte', apps: [{ service: 'flood-demo-development', replicas: 2, flood: true }] };

let stack: Stack;

beforeAll(async () => {
  stack = await Stack.start({ scenario, controlPlane: true });
});

afterAll(async () => {
  await stack?.close();
});

describe('a caller that stops reading holds back the whole chain', () => {
  test('Kubernetes stops being read while the caller pauses, and no line is lost or repeated', async () => {
    const client = stack.controlPlaneClient();
    const reader = new CallReader(client.TailLogs(appRequest('flood')));
    try {
      await reader.until((messages) => linesOf(messages).length >= 1000);
      reader.call.pause();
      // Both planes stop reading, their buffers fill, and TCP backpressure reaches the simulated kubelet.
      await stack.sim.waitForStalledLogStreams(2, 20_000);
      const received = linesOf(reader.messages).length;
      reader.call.resume();
      await reader.until((messages) => linesOf(messages).length >= received + 20_000);
    } finally {
      reader.call.cancel();
      client.close();
    }
    const byPod = seqsByPod(reader.messages);
    expect(byPod.size).toBe(2);
    for (const seqs of byPod.values()) {
      // Every replica's lines arrive once, in order, from its first line on.
      expect(seqs).toEqual(seqs.map((_, i) => seqs[0] + i));
    }
    await stack.sim.waitForOpenLogStreams(0);
  });
});
