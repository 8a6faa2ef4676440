import { KubeSim } from './index';
import { getJson, getText, openStream } from './test/http';

const TS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/;

describe('pods/{name}/log', () => {
  let sim: KubeSim;
  const logPath = (pod: string, query = ''): string => `/api/v1/namespaces/flyte/pods/${pod}/log${query ? `?${query}` : ''}`;

  beforeEach(async () => {
    sim = await KubeSim.start({
      scenario: {
        pods: [
          { name: 'solo', containers: [{ name: 'main', history: 10 }] },
          {
            name: 'duo',
            containers: [
              { name: 'user-container', history: 3 },
              { name: 'queue-proxy', history: 3 },
            ],
          },
          { name: 'pending', phase: 'Pending', containers: [{ name: 'main' }] },
          { name: 'finished', phase: 'Succeeded', containers: [{ name: 'main', history: 2 }] },
          { name: 'quiet', containers: [{ name: 'main' }] },
        ],
      },
    });
  });

  afterEach(() => sim.close());

  it('returns the whole history as chunked text/plain', async () => {
    const res = await getText(sim, logPath('solo'));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain');
    expect(res.headers['transfer-encoding']).toBe('chunked');
    expect(res.headers['content-length']).toBeUndefined();
    expect(res.text).toBe(Array.from({ length: 10 }, (_, i) => `solo/main line ${i + 1}\n`).join(''));
  });

  it('honours tailLines and timestamps', async () => {
    const res = await getText(sim, logPath('solo', 'tailLines=3&timestamps=true'));
    const lines = res.text.trimEnd().split('\n');
    expect(lines.map((l) => l.slice(l.indexOf(' ') + 1))).toEqual(['solo/main line 8', 'solo/main line 9', 'solo/main line 10']);
    const stamps = lines.map((l) => l.slice(0, l.indexOf(' ')));
    for (const ts of stamps) expect(ts).toMatch(TS);
    expect([...stamps].sort()).toEqual(stamps);
    expect(new Set(stamps).size).toBe(3);
    expect((await getText(sim, logPath('solo', 'tailLines=0'))).text).toBe('');
  });

  it('filters by sinceTime after truncating it to whole seconds', async () => {
    sim.appendLines('quiet', 'main', [
      { timestamp: '2030-01-01T10:00:00.100000000Z', text: 'a' },
      { timestamp: '2030-01-01T10:00:00.900000000Z', text: 'b' },
      { timestamp: '2030-01-01T10:00:01.200000000Z', text: 'c' },
    ]);
    expect((await getText(sim, logPath('quiet', 'sinceTime=2030-01-01T10:00:00.950Z'))).text).toBe('a\nb\nc\n');
    expect((await getText(sim, logPath('quiet', 'sinceTime=2030-01-01T10:00:01.999999999Z'))).text).toBe('c\n');
    expect((await getText(sim, logPath('quiet', 'sinceTime=2030-01-01T10:00:02Z'))).text).toBe('');
    expect((await getText(sim, logPath('quiet', 'sinceTime=2030-01-01T10:00:00Z&tailLines=1&timestamps=true'))).text).toBe(
      '2030-01-01T10:00:01.200000000Z c\n',
    );
  });

  it('filters by sinceSeconds relative to now', async () => {
    sim.appendLines('quiet', 'main', [{ timestamp: '2000-01-01T00:00:00Z', text: 'ancient' }, 'fresh']);
    expect((await getText(sim, logPath('quiet', 'sinceSeconds=60'))).text).toBe('fresh\n');
  });

  it('cuts the output at limitBytes', async () => {
    expect((await getText(sim, logPath('solo', 'limitBytes=20'))).text).toBe('solo/main line 1\nsol');
  });

  it('rejects invalid options with a 400 Status', async () => {
    const res = await getJson(sim, logPath('solo', 'sinceTime=2030-01-01T00:00:00Z&sinceSeconds=5'));
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('at most one of sinceTime or sinceSeconds may be specified');
  });

  it('writes a large history in pieces', async () => {
    const big = Array.from({ length: 5000 }, (_, i) => `line ${i} ${'x'.repeat(40)}`);
    sim.appendLines('quiet', 'main', big);
    const res = await getText(sim, logPath('quiet'));
    expect(res.text).toBe(big.map((l) => `${l}\n`).join(''));
  });

  it('uses the only container when none is named', async () => {
    expect((await getText(sim, logPath('finished'))).text).toBe('finished/main line 1\nfinished/main line 2\n');
  });

  it('requires a container name for multi-container pods', async () => {
    const res = await getJson(sim, logPath('duo'));
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'a container name must be specified for pod duo, choose one of: [user-container queue-proxy]',
      reason: 'BadRequest',
      details: { name: 'duo', kind: 'pods' },
      code: 400,
    });
    expect((await getText(sim, logPath('duo', 'container=queue-proxy'))).text).toBe('duo/queue-proxy line 1\nduo/queue-proxy line 2\nduo/queue-proxy line 3\n');
  });

  it('rejects unknown containers, waiting containers and missing pods', async () => {
    const unknown = await getJson(sim, logPath('duo', 'container=nope'));
    expect([unknown.status, unknown.body.message]).toEqual([400, 'container nope is not valid for pod duo']);
    const waiting = await getJson(sim, logPath('pending', 'container=main'));
    expect([waiting.status, waiting.body.message]).toEqual([400, 'container "main" in pod "pending" is waiting to start: ContainerCreating']);
    const missing = await getJson(sim, logPath('ghost', 'container=main'));
    expect([missing.status, missing.body.reason, missing.body.message]).toEqual([404, 'NotFound', 'pods "ghost" not found']);
  });

  it('records every log request, failed ones included', async () => {
    await getText(sim, logPath('ghost', 'container=x&follow=false'));
    await getText(sim, logPath('solo', 'tailLines=1'));
    await sim.waitForLogRequests(2);
    expect(sim.logRequests).toEqual([
      { namespace: 'flyte', pod: 'ghost', container: 'x', query: { container: 'x', follow: 'false' }, clientPort: expect.any(Number) },
      { namespace: 'flyte', pod: 'solo', container: undefined, query: { tailLines: '1' }, clientPort: expect.any(Number) },
    ]);
  });

  it('streams appended lines to a follower as they are appended', async () => {
    const stream = await openStream(sim, logPath('solo', 'follow=true&tailLines=1'));
    await stream.waitFor((s) => s.text === 'solo/main line 10\n');
    await sim.waitForOpenLogStreams(1);
    const appended = sim.appendLines('solo', 'main', ['first', 'second']);
    expect(appended.map((l) => l.text)).toEqual(['first', 'second']);
    for (const l of appended) expect(l.timestamp).toMatch(TS);
    expect(appended[1].timestamp > appended[0].timestamp).toBe(true);
    await stream.waitFor((s) => s.text.endsWith('first\nsecond\n'));
    sim.appendLines('solo', 'main', ['third']);
    await stream.waitFor((s) => s.text.endsWith('third\n'));
    stream.destroy();
  });

  it('ends follow streams cleanly when the pod is deleted', async () => {
    const stream = await openStream(sim, logPath('quiet', 'follow=true'));
    await sim.waitForOpenLogStreams(1);
    sim.appendLines('quiet', 'main', ['bye']);
    await stream.waitFor((s) => s.text === 'bye\n');
    sim.deletePod('quiet');
    await expect(stream.finished).resolves.toBe('end');
    await sim.waitForOpenLogStreams(0);
    expect(sim.podNames()).not.toContain('quiet');
  });

  it('stops counting a stream once the client goes away', async () => {
    const streams = await Promise.all([openStream(sim, logPath('solo', 'follow=true')), openStream(sim, logPath('quiet', 'follow=true'))]);
    await sim.waitForOpenLogStreams(2);
    expect(sim.openLogStreams()).toBe(2);
    streams[0].destroy();
    await sim.waitForOpenLogStreams(1);
    streams[1].destroy();
    await sim.waitForOpenLogStreams(0);
  });

  it('does not keep following a container that has finished', async () => {
    const stream = await openStream(sim, logPath('finished', 'follow=true'));
    await expect(stream.finished).resolves.toBe('end');
    expect(stream.text).toBe('finished/main line 1\nfinished/main line 2\n');
  });

  it('ends a follow stream once limitBytes is used up', async () => {
    const stream = await openStream(sim, logPath('quiet', 'follow=true&limitBytes=8'));
    await sim.waitForOpenLogStreams(1);
    sim.appendLines('quiet', 'main', ['12345', '67890']);
    await expect(stream.finished).resolves.toBe('end');
    expect(stream.text).toBe('12345\n67');
  });

  it('generates lines at the configured rate, continuing the history numbering', async () => {
    sim.addPod({ name: 'chatty', containers: [{ name: 'main', history: 2, ratePerSecond: 2000 }] });
    const stream = await openStream(sim, logPath('chatty', 'follow=true'));
    await stream.waitFor((s) => s.lines().length >= 300);
    stream.destroy();
    const lines = stream.lines().slice(0, 300);
    expect(lines).toEqual(Array.from({ length: 300 }, (_, i) => `chatty/main line ${i + 1}`));
  });

  it('rejects a wait that times out, naming the current count', async () => {
    await expect(sim.waitForOpenLogStreams(3, 50)).rejects.toThrow(/currently 0/);
  });

  it('destroys open streams on close', async () => {
    const stream = await openStream(sim, logPath('solo', 'follow=true'));
    await sim.waitForOpenLogStreams(1);
    await sim.close();
    await expect(stream.finished).resolves.toBe('aborted');
    expect(sim.openLogStreams()).toBe(0);
  });
});
