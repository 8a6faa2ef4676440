import { KubeSim, type Scenario } from '@applogs/kube-sim';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { appLogsClient } from './grpc-client';
import { CONTROL_PLANE_MAIN, DATA_PLANE_MAIN, ServiceProcess, freePort } from './processes';

export interface StackOptions {
  scenario: Scenario;
  /** Extra environment for the data plane, e.g. APPLOGS_MAX_STREAMS. */
  dataPlaneEnv?: Record<string, string>;
  /** Also start a control plane in front of the data plane. */
  controlPlane?: boolean;
  /** Extra environment for the control plane. */
  controlPlaneEnv?: Record<string, string>;
}

/**
 * The whole system on loopback, as a user runs it: the simulated Kubernetes API in this process, and each
 * plane as its own Node process built from dist/.
 */
export class Stack {
  private constructor(
    readonly sim: KubeSim,
    readonly dataPlane: ServiceProcess,
    readonly dataPlaneAddress: string,
    readonly controlPlane: ServiceProcess | undefined,
    readonly controlPlaneAddress: string | undefined,
    private readonly workDir: string,
  ) {}

  static async start(options: StackOptions): Promise<Stack> {
    const sim = await KubeSim.start({ scenario: options.scenario });
    const workDir = mkdtempSync(path.join(os.tmpdir(), 'applogs-test-'));
    try {
      const kubeconfig = sim.writeKubeconfig(path.join(workDir, 'kubeconfig'));
      const dataPlaneAddress = `127.0.0.1:${await freePort()}`;
      const dataPlane = await startDataPlane(dataPlaneAddress, { KUBECONFIG: kubeconfig, ...options.dataPlaneEnv });
      let controlPlane: ServiceProcess | undefined;
      let controlPlaneAddress: string | undefined;
      if (options.controlPlane) {
        controlPlaneAddress = `127.0.0.1:${await freePort()}`;
        controlPlane = await startControlPlane(controlPlaneAddress, dataPlaneAddress, options.controlPlaneEnv);
      }
      return new Stack(sim, dataPlane, dataPlaneAddress, controlPlane, controlPlaneAddress, workDir);
    } catch (error) {
      await sim.close();
      rmSync(workDir, { recursive: true, force: true });
      throw error;
    }
  }

  dataPlaneClient() {
    return appLogsClient(this.dataPlaneAddress);
  }

  controlPlaneClient() {
    if (!this.controlPlaneAddress) throw new Error('this stack has no control plane');
    return appLogsClient(this.controlPlaneAddress);
  }

  async close(): Promise<void> {
    await Promise.all([this.controlPlane?.stop(), this.dataPlane.stop()]);
    await this.sim.close();
    rmSync(this.workDir, { recursive: true, force: true });
  }
}

export function startDataPlane(address: string, env: Record<string, string>): Promise<ServiceProcess> {
  // Metrics off unless a test asks: suites run in parallel and would fight over the default port.
  return ServiceProcess.start(DATA_PLANE_MAIN, { APPLOGS_DATA_PLANE_ADDR: address, APPLOGS_DATA_PLANE_METRICS_ADDR: '', ...env }, /listening on/);
}

export function startControlPlane(address: string, dataPlaneUrl: string, env: Record<string, string> = {}): Promise<ServiceProcess> {
  return ServiceProcess.start(
    CONTROL_PLANE_MAIN,
    { APPLOGS_CONTROL_PLANE_ADDR: address, APPLOGS_DATA_PLANE_URL: dataPlaneUrl, APPLOGS_CONTROL_PLANE_METRICS_ADDR: '', ...env },
    /listening on/,
  );
}

export interface StackFixture {
  readonly stack: Stack;
  /** A plain grpc-js client of the data plane (`client`) or of the control plane (`controlPlaneClient`). */
  readonly client: ReturnType<Stack['dataPlaneClient']>;
}

/**
 * Starts a Stack before the suite's tests and closes it after them. After every test, waits until no log
 * stream is open upstream: each test must leave nothing running behind it. `options` may be made just before the
 * start (files to write first, say); `closed` runs after the stack has stopped.
 */
export function useStack(options: StackOptions | (() => Promise<StackOptions>), closed: () => void = () => undefined): StackFixture {
  let stack: Stack | undefined;
  let client: StackFixture['client'] | undefined;
  beforeAll(async () => {
    const resolved = typeof options === 'function' ? await options() : options;
    stack = await Stack.start(resolved);
    client = resolved.controlPlane ? stack.controlPlaneClient() : stack.dataPlaneClient();
  });
  afterAll(async () => {
    client?.close();
    await stack?.close();
    closed();
  });
  afterEach(async () => {
    await stack?.sim.waitForOpenLogStreams(0);
  });
  return {
    get stack() {
      if (!stack) throw new Error('the stack is not started yet: use it inside a test');
      return stack;
    },
    get client() {
      if (!client) throw new Error('the stack is not started yet: use it inside a test');
      return client;
    },
  };
}
