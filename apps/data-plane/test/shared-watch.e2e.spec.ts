import * as grpc from '@grpc/grpc-js';
import { CallReader, appRequest, demoScenario, demoService, podsOf, replicaEventsOf, replicaListsOf, useStack } from '@applogs/testing';

// Every call that follows one app shares one pod watch on the API server: started by the first, stopped by the last.
const fixture = useStack({ scenario: demoScenario({ hello: { replicas: 2, history: 1 }, worker: { replicas: 1, history: 1 } }) });

const helloWatches = () => fixture.stack.sim.watchRequests.filter((request) => request.query.labelSelector?.includes(demoService('hello'))).length;
const firstList = (reader: CallReader) => replicaListsOf(reader.messages)[0]?.slice().sort();

async function cancelAll(readers: CallReader[]): Promise<void> {
  for (const reader of readers) reader.call.cancel();
  const statuses = await Promise.all(readers.map(async (reader) => (await reader.ended).status.code));
  expect(new Set(statuses)).toEqual(new Set([grpc.status.CANCELLED]));
}

test('50 concurrent calls of one app hold 1 watch on the API, and 0 once they end; each sees every change', async () => {
  const { sim } = fixture.stack;
  const watchesBefore = helloWatches();
  const readers = Array.from({ length: 50 }, () => new CallReader(fixture.client.TailLogs(appRequest('hello'))));
  await Promise.all(readers.map((reader) => reader.until((messages) => messages.length > 0)));
  await sim.waitForOpenWatches(1);
  expect(sim.openWatches()).toBe(1);
  expect(helloWatches() - watchesBefore).toBe(1);
  expect(new Set(readers.map((reader) => firstList(reader)?.join()))).toEqual(new Set([podsOf(sim, 'hello').join()]));

  // One watch event reaches all 50 calls, each as its own JOINED.
  const [added] = sim.scaleApp(demoService('hello'), 3);
  await Promise.all(
    readers.map((reader) => reader.until((messages) => replicaEventsOf(messages).some((event) => event.kind === 'JOINED' && event.pod === added))),
  );
  expect(sim.openWatches()).toBe(1);

  await cancelAll(readers);
  await sim.waitForOpenWatches(0);
  sim.scaleApp(demoService('hello'), 2);
});

test('a call that joins a watched app gets its current replica set at once, without another watch', async () => {
  const { sim } = fixture.stack;
  const first = new CallReader(fixture.client.TailLogs(appRequest('hello')));
  await first.until((messages) => messages.length > 0);
  await sim.waitForOpenWatches(1);
  const watches = helloWatches();
  const [added] = sim.scaleApp(demoService('hello'), 3);
  await first.until((messages) => replicaEventsOf(messages).some((event) => event.kind === 'JOINED' && event.pod === added));

  const late = new CallReader(fixture.client.TailLogs(appRequest('hello')));
  await late.until((messages) => messages.length > 0);
  expect(firstList(late)).toEqual(podsOf(sim, 'hello'));
  expect(helloWatches()).toBe(watches);
  expect(sim.openWatches()).toBe(1);

  // The first call leaving does not stop the watch the late one still uses.
  await cancelAll([first]);
  const [removed] = sim.scaleApp(demoService('hello'), 2);
  await late.until((messages) => replicaEventsOf(messages).some((event) => event.kind === 'LEFT' && event.pod === removed));
  await cancelAll([late]);
  await sim.waitForOpenWatches(0);
});

test('calls of two apps hold one watch each', async () => {
  const { sim } = fixture.stack;
  const readers = ['hello', 'worker', 'hello', 'worker'].map((name) => new CallReader(fixture.client.TailLogs(appRequest(name))));
  await Promise.all(readers.map((reader) => reader.until((messages) => messages.length > 0)));
  await sim.waitForOpenWatches(2);
  expect(sim.openWatches()).toBe(2);
  await cancelAll(readers);
  await sim.waitForOpenWatches(0);
});
