import type { IncomingMessage } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { KubeSim, simGet } from './index';
import { getJson, getText, openStream, type StreamReader } from './test/http';
import { WatchReader } from './test/watch-reader';

const history = (pod: string, container: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${pod}/${container} line ${i + 1}`);

describe('restarts and injected kubelet faults', () => {
  let sim: KubeSim;
  const logPath = (pod: string, query: string): string => `/api/v1/namespaces/flyte/pods/${pod}/log?${query}`;
  const podPath = (pod: string): string => `/api/v1/namespaces/flyte/pods/${pod}`;

  beforeEach(async () => {
    sim = await KubeSim.start({
      scenario: {
        pods: [
          {
            name: 'web',
            containers: [
              { name: 'main', history: 3 },
              { name: 'sidecar', history: 1 },
            ],
          },
        ],
      },
    });
  });

  afterEach(() => sim.close());

  async function follow(pod: string, container: string, lines: number): Promise<StreamReader> {
    const stream = await openStream(sim, logPath(pod, `container=${container}&follow=true`));
    await stream.waitFor((s) => s.lines().length === lines);
    return stream;
  }

  it('restartContainer ends follow streams cleanly; the new instance logs afresh and previous=true reads the old one', async () => {
    const main = await follow('web', 'main', 3);
    const sidecar = await follow('web', 'sidecar', 1);
    const before = (await getJson(sim, podPath('web'))).body.status.containerStatuses[0];
    const watch = await WatchReader.open(sim, `/api/v1/namespaces/flyte/pods?watch=true&resourceVersion=${sim.resourceVersion()}`);

    sim.restartContainer('web', 'main');
    await expect(main.finished).resolves.toBe('end');
    expect(main.lines()).toEqual(history('web', 'main', 3));

    expect((await getText(sim, logPath('web', 'container=main'))).text).toBe('');
    sim.appendLines('web', 'main', ['after restart']);
    expect((await getText(sim, logPath('web', 'container=main'))).text).toBe('after restart\n');
    expect((await getText(sim, logPath('web', 'container=main&previous=true&follow=true'))).text).toBe(
      history('web', 'main', 3)
        .map((l) => `${l}\n`)
        .join(''),
    );

    const none = await getJson(sim, logPath('web', 'container=sidecar&previous=true'));
    expect([none.status, none.body.message]).toEqual([400, 'previous terminated container "sidecar" in pod "web" not found']);

    const after = (await getJson(sim, podPath('web'))).body.status.containerStatuses[0];
    expect(after).toMatchObject({ restartCount: 1, ready: true, state: { running: {} }, lastState: { terminated: { containerID: before.containerID } } });
    expect(after.containerID).not.toBe(before.containerID);
    await watch.waitForEvents(1);
    expect(watch.summary()).toEqual(['MODIFIED web']);
    expect(watch.events()[0].object.status.containerStatuses[0].restartCount).toBe(1);

    // The other container was not restarted: its stream is still open.
    sim.appendLines('web', 'sidecar', ['still here']);
    await sidecar.waitFor((s) => s.text.endsWith('still here\n'));
    sidecar.destroy();
    watch.destroy();
  });

  it('keeps a rate producer writing into the new instance, numbering on', async () => {
    sim.addPod({ name: 'chatty', containers: [{ name: 'main', ratePerSecond: 500 }] });
    const stream = await openStream(sim, logPath('chatty', 'follow=true'));
    await stream.waitFor((s) => s.lines().length >= 5);
    sim.restartContainer('chatty', 'main');
    await stream.finished;
    const fresh = await openStream(sim, logPath('chatty', 'follow=true'));
    await fresh.waitFor((s) => s.lines().length >= 5);
    fresh.destroy();
    const old = (await getText(sim, logPath('chatty', 'previous=true'))).text.trimEnd().split('\n');
    const lineNo = (line: string): number => Number(line.split(' ').at(-1));
    expect(lineNo(fresh.lines()[0])).toBe(lineNo(old[old.length - 1]) + 1);
  });

  it('failLogRequests answers the next requests with the status, then serves again', async () => {
    sim.failLogRequests('web', { status: 500, count: 2 });
    for (let i = 0; i < 2; i++) {
      const res = await getJson(sim, logPath('web', 'container=main'));
      expect(res.status).toBe(500);
      expect(res.body).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'the kubelet is unavailable',
        reason: 'InternalError',
        details: { name: 'web', kind: 'pods' },
        code: 500,
      });
    }
    expect((await getText(sim, logPath('web', 'container=main'))).status).toBe(200);
    sim.failLogRequests('web', { status: 503, count: 1, message: 'node is draining' });
    const res = await getJson(sim, logPath('web', 'container=main&follow=true'));
    expect([res.status, res.body.reason, res.body.message]).toEqual([503, 'ServiceUnavailable', 'node is draining']);
  });

  it('resetLogStreams drops the connection mid-stream: no clean end', async () => {
    const res = await new Promise<IncomingMessage>((resolve, reject) =>
      simGet(sim, logPath('web', 'container=main&follow=true'), {}, resolve).on('error', reject),
    );
    let text = '';
    let ended = false;
    let failed = false;
    res.on('data', (chunk: Buffer) => (text += chunk.toString()));
    res.on('end', () => (ended = true));
    res.on('aborted', () => (failed = true));
    res.on('error', () => (failed = true));
    const closed = new Promise<boolean>((resolve) => res.on('close', () => resolve(res.complete)));
    await sim.waitForOpenLogStreams(1);

    expect(sim.resetLogStreams('web')).toBe(1);
    await expect(closed).resolves.toBe(false);
    expect([ended, failed]).toEqual([false, true]);
    expect(text).toBe(
      history('web', 'main', 3)
        .map((l) => `${l}\n`)
        .join(''),
    );
    await sim.waitForOpenLogStreams(0);
  });

  it('stallLogStreams sends nothing, even to new requests, until resumed; no line is lost', async () => {
    const stream = await follow('web', 'main', 3);
    sim.stallLogStreams('web');
    sim.appendLines('web', 'main', ['a', 'b']);
    let answered = false;
    const late = openStream(sim, logPath('web', 'container=main')).then((s) => {
      answered = true;
      return s;
    });
    await sim.waitForLogRequests(2);
    // Proving that nothing arrives needs some time to pass.
    await delay(200);
    expect(stream.lines()).toHaveLength(3);
    expect(answered).toBe(false);
    expect(sim.openLogStreams()).toBe(1);

    sim.resumeLogStreams('web');
    await stream.waitFor((s) => s.lines().length === 5);
    expect(stream.lines().slice(3)).toEqual(['a', 'b']);
    const lateStream = await late;
    await expect(lateStream.finished).resolves.toBe('end');
    expect(lateStream.lines()).toEqual([...history('web', 'main', 3), 'a', 'b']);
    sim.appendLines('web', 'main', ['c']);
    await stream.waitFor((s) => s.text.endsWith('c\n'));
    stream.destroy();
  });

  it('stallOpenLogStreams stops the streams open now, answers new requests, and loses nothing on resume', async () => {
    const stream = await follow('web', 'main', 3);
    sim.stallOpenLogStreams('web');
    sim.appendLines('web', 'main', ['a', 'b']);
    // A new request sees the new lines at once; that is how a stuck follow can be told from a quiet app.
    expect((await getText(sim, logPath('web', 'container=main&tailLines=1'))).text).toBe('b\n');
    const fresh = await follow('web', 'main', 5);
    expect(stream.lines()).toHaveLength(3);

    sim.resumeLogStreams('web');
    await stream.waitFor((s) => s.lines().length === 5);
    expect(stream.lines().slice(3)).toEqual(['a', 'b']);
    stream.destroy();
    fresh.destroy();
  });

  it('answers 204 for an unscheduled pod, 400 once scheduled but waiting, and streams once started', async () => {
    sim.addPod({ name: 'new', phase: 'Pending', scheduled: false, containers: [{ name: 'main' }] });
    for (const query of ['container=main', 'container=main&follow=true']) {
      const res = await getText(sim, logPath('new', query));
      expect([res.status, res.text, res.headers['content-type']]).toEqual([204, '', undefined]);
    }
    // The apiserver still validates the container before looking for a node.
    expect((await getJson(sim, logPath('new', 'container=nope'))).status).toBe(400);
    expect((await getJson(sim, podPath('new'))).body.spec.nodeName).toBeUndefined();

    sim.schedulePod('new');
    const waiting = await getJson(sim, logPath('new', 'container=main'));
    expect([waiting.status, waiting.body.message]).toEqual([400, 'container "main" in pod "new" is waiting to start: ContainerCreating']);

    sim.startPod('new');
    sim.appendLines('new', 'main', ['up']);
    expect((await getText(sim, logPath('new', 'container=main'))).text).toBe('up\n');
    expect((await getJson(sim, podPath('new'))).body.status).toMatchObject({ phase: 'Running', containerStatuses: [{ ready: true }] });
  });

  it('refuses faults for pods that do not exist', () => {
    expect(() => sim.failLogRequests('ghost', { status: 500, count: 1 })).toThrow('pods "ghost" not found in namespace flyte');
    expect(() => sim.stallLogStreams('ghost')).toThrow(/not found/);
    expect(() => sim.restartContainer('web', 'nope')).toThrow('container nope is not valid for pod web');
    expect(() => sim.failLogRequests('web', { status: 200, count: 1 })).toThrow(/400-599/);
  });
});
