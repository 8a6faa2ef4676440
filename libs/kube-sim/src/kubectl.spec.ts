import { execFile, spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { KubeSim } from './index';

function findOnPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

const kubectlPath = findOnPath('kubectl');
const describeKubectl = kubectlPath ? describe : describe.skip;

// kubectl is an outside program with its own caches and retry timers; once in a full, loaded suite run its
// `get -w` missed the expected rows (not reproduced in 6 parallel runs). A second attempt is logged, not hidden.
jest.retryTimes(1, { logErrorsBeforeRetry: true });
if (!kubectlPath) {
  console.warn('kube-sim: skipping the real-kubectl tests: kubectl not found on PATH');
}

describeKubectl(`real kubectl against KubeSim${kubectlPath ? '' : ' (SKIPPED: kubectl not found on PATH)'}`, () => {
  let sim: KubeSim;
  let dir: string;
  let kubeconfig: string;
  let pods: string[];

  // Async on purpose: a sync exec would block the event loop the in-process server answers on.
  const kubectl = async (...args: string[]): Promise<string> => {
    const { stdout } = await promisify(execFile)(kubectlPath as string, ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'cache'), ...args], {
      timeout: 30_000,
      env: { ...process.env, KUBECONFIG: kubeconfig, HOME: dir },
    });
    return stdout;
  };

  beforeAll(async () => {
    sim = await KubeSim.start();
    pods = sim.addApp({ service: 'hello-demo-development', replicas: 2, history: 10 });
    sim.addApp({ service: 'other-demo-development', replicas: 1, history: 1 });
    dir = mkdtempSync(join(tmpdir(), 'kube-sim-kubectl-'));
    kubeconfig = sim.writeKubeconfig(join(dir, 'nested', 'kubeconfig'));
  });

  afterAll(async () => {
    await sim?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('lists the pods of one service by label', async () => {
    const out = await kubectl('get', 'pods', '-l', 'serving.knative.dev/service=hello-demo-development', '-o', 'name');
    expect(out.trim().split('\n')).toEqual([...pods].sort().map((p) => `pod/${p}`));
  });

  it('prints the default pod table', async () => {
    const out = await kubectl('get', 'pods', '-l', 'serving.knative.dev/service=hello-demo-development');
    const [header, ...rows] = out.trim().split('\n');
    expect(header.split(/\s+/)).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    expect(rows.map((r) => r.split(/\s+/).slice(0, 4))).toEqual([...pods].sort().map((p) => [p, '2/2', 'Running', '0']));
  });

  it('follows pod changes with get -w', async () => {
    const child = spawn(
      kubectlPath as string,
      [
        '--kubeconfig',
        kubeconfig,
        '--cache-dir',
        join(dir, 'cache'),
        'get',
        'pods',
        '-w',
        '--output-watch-events',
        '-l',
        'serving.knative.dev/service=other-demo-development',
      ],
      { env: { ...process.env, KUBECONFIG: kubeconfig, HOME: dir } },
    );
    let out = '';
    let waiter = (): void => undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      waiter();
    });
    const rows = (): string[][] =>
      out
        .trim()
        .split('\n')
        .slice(1)
        .map((r) => r.split(/\s+/));
    const waitForRows = (n: number): Promise<void> =>
      new Promise((resolve) => {
        waiter = () => rows().length >= n && resolve();
        waiter();
      });
    try {
      await waitForRows(1);
      await sim.waitForOpenWatches(1);
      const [added] = sim.scaleApp('other-demo-development', 2);
      sim.restartContainer(added, 'user-container');
      sim.scaleApp('other-demo-development', 1);
      await waitForRows(4);
      expect(
        rows()
          .slice(1)
          .map((r) => [r[0], r[1], r[4]]),
      ).toEqual([
        ['ADDED', added, '0'],
        ['MODIFIED', added, '1'],
        ['DELETED', added, '1'],
      ]);
    } finally {
      child.kill();
    }
  });

  it('reads the previous instance of a restarted container with --previous, and says when there is none', async () => {
    const [pod] = sim.addApp({ service: 'crashy-demo-development', replicas: 1, history: 3 });
    await expect(kubectl('logs', pod, '-c', 'user-container', '--previous')).rejects.toMatchObject({
      stderr: expect.stringContaining(`previous terminated container "user-container" in pod "${pod}" not found`),
    });
    sim.restartContainer(pod, 'user-container', undefined, { exitCode: 137, reason: 'OOMKilled' });
    sim.appendLines(pod, 'user-container', ['in the new instance']);
    const expected = [1, 2, 3].map((i) => `${pod}/user-container line ${i}\n`).join('');
    expect(await kubectl('logs', pod, '-c', 'user-container', '--previous')).toBe(expected);
    expect(await kubectl('logs', pod, '-c', 'user-container', '-p', '--tail=1')).toBe(`${pod}/user-container line 3\n`);
    expect(await kubectl('logs', pod, '-c', 'user-container')).toBe('in the new instance\n');
    const status = JSON.parse(await kubectl('get', 'pod', pod, '-o', 'json')).status.containerStatuses.find(
      (c: { name: string }) => c.name === 'user-container',
    );
    expect(status.lastState.terminated).toMatchObject({ exitCode: 137, reason: 'OOMKilled' });
  });

  it('tails a container log', async () => {
    const out = await kubectl('logs', pods[0], '-c', 'user-container', '--tail=3');
    expect(out).toBe([8, 9, 10].map((i) => `${pods[0]}/user-container line ${i}\n`).join(''));
  });
});
