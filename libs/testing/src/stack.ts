import { KubeSim, type Scenario } from '@applogs/kube-sim';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify as stringifyYaml } from 'yaml';
import { appLogsClient } from './grpc-client';
import { CONTROL_PLANE_MAIN, DATA_PLANE_MAIN, ServiceProcess, freePort } from './processes';

export interface StackOptions {
  /** The cluster's apps (one cluster); with `clusters`, unused. */
  scenario?: Scenario;
  /** Several clusters, each a simulated API and a data plane of its own, the control plane routing between them by a file. */
  clusters?: ClusterOptions[];
  /** Extra environment for every data plane, e.g. APPLOGS_MAX_STREAMS. */
  dataPlaneEnv?: Record<string, string>;
  /** Also start a control plane in front of the data plane(s). */
  controlPlane?: boolean;
  /** Extra environment for the control plane. */
  controlPlaneEnv?: Record<string, string>;
}

/** One cluster of a Stack with several. */
export interface ClusterOptions {
  /** Its data plane's name in the routing file. */
  name: string;
  /** The `project/domain` patterns its data plane serves. */
  match: string[];
  scenario: Scenario;
  /** More environment for this cluster's data plane only (after StackOptions.dataPlaneEnv): its own secret or TLS. */
  dataPlaneEnv?: Record<string, string>;
  /** What the routing file gives the control plane for this data plane: its own secret, or mutual TLS files. */
  routeSecurity?: RouteSecurity;
}

/** A routing file entry's `secret` and `tls`, as the control plane reads them. */
export interface RouteSecurity {
  secret?: string;
  tls?: { cert: string; key: string; ca: string };
}

/** One cluster of a Stack: the simulated API, and the data plane next to it (replaced by restartDataPlane). */
export class StackCluster {
  constructor(
    readonly name: string,
    readonly sim: KubeSim,
    readonly dataPlaneAddress: string,
    public dataPlane: ServiceProcess,
    readonly routeSecurity: RouteSecurity = {},
  ) {}
}

/**
 * The whole system on loopback, as a user runs it: the simulated Kubernetes API in this process, and each
 * plane as its own Node process built from dist/. With `clusters`, several simulated APIs, a data plane for
 * each, and one control plane whose routing file (`routingFile`) names them all.
 */
export class Stack {
  private constructor(
    readonly clusters: StackCluster[],
    readonly controlPlane: ServiceProcess | undefined,
    readonly controlPlaneAddress: string | undefined,
    /** The control plane's APPLOGS_DATA_PLANES_FILE; undefined with one cluster. */
    readonly routingFile: string | undefined,
    private readonly workDir: string,
  ) {}

  /** The first cluster's: the only one, unless `clusters` was given. */
  get sim(): KubeSim {
    return this.clusters[0].sim;
  }

  get dataPlane(): ServiceProcess {
    return this.clusters[0].dataPlane;
  }

  set dataPlane(process: ServiceProcess) {
    this.clusters[0].dataPlane = process;
  }

  get dataPlaneAddress(): string {
    return this.clusters[0].dataPlaneAddress;
  }

  cluster(name: string): StackCluster {
    const found = this.clusters.find((cluster) => cluster.name === name);
    if (!found) throw new Error(`this stack has no cluster ${name}`);
    return found;
  }

  static async start(options: StackOptions): Promise<Stack> {
    const wanted = options.clusters ?? [{ name: 'default', match: ['*/*'], scenario: options.scenario! }];
    const workDir = mkdtempSync(path.join(os.tmpdir(), 'applogs-test-'));
    const clusters: StackCluster[] = [];
    const sims: KubeSim[] = [];
    try {
      for (const { name, scenario, dataPlaneEnv, routeSecurity } of wanted) {
        const sim = await KubeSim.start({ scenario });
        sims.push(sim);
        const kubeconfig = sim.writeKubeconfig(path.join(workDir, `kubeconfig-${name}`));
        const dataPlaneAddress = `127.0.0.1:${await freePort()}`;
        const dataPlane = await startDataPlane(dataPlaneAddress, { KUBECONFIG: kubeconfig, ...options.dataPlaneEnv, ...dataPlaneEnv });
        clusters.push(new StackCluster(name, sim, dataPlaneAddress, dataPlane, routeSecurity));
      }
      const routingFile = options.clusters ? path.join(workDir, 'data-planes.yaml') : undefined;
      if (routingFile) writeRoutingFile(routingFile, clusters, Object.fromEntries(wanted.map(({ name, match }) => [name, match])));
      let controlPlane: ServiceProcess | undefined;
      let controlPlaneAddress: string | undefined;
      if (options.controlPlane) {
        controlPlaneAddress = `127.0.0.1:${await freePort()}`;
        controlPlane = routingFile
          ? await startControlPlane(controlPlaneAddress, undefined, { APPLOGS_DATA_PLANES_FILE: routingFile, ...options.controlPlaneEnv })
          : await startControlPlane(controlPlaneAddress, clusters[0].dataPlaneAddress, options.controlPlaneEnv);
      }
      return new Stack(clusters, controlPlane, controlPlaneAddress, routingFile, workDir);
    } catch (error) {
      await Promise.all(clusters.map((cluster) => cluster.dataPlane.stop()));
      await Promise.all(sims.map((sim) => sim.close()));
      rmSync(workDir, { recursive: true, force: true });
      throw error;
    }
  }

  /** Rewrites the routing file: each cluster's data plane and its patterns, in this order (clusters left out are not routed to). */
  route(matches: Record<string, string[]>): void {
    if (!this.routingFile) throw new Error('this stack has one cluster and no routing file');
    writeRoutingFile(this.routingFile, this.clusters, matches);
  }

  dataPlaneClient() {
    return appLogsClient(this.dataPlaneAddress);
  }

  controlPlaneClient() {
    if (!this.controlPlaneAddress) throw new Error('this stack has no control plane');
    return appLogsClient(this.controlPlaneAddress);
  }

  async close(): Promise<void> {
    await Promise.all([this.controlPlane?.stop(), ...this.clusters.map((cluster) => cluster.dataPlane.stop())]);
    await Promise.all(this.clusters.map((cluster) => cluster.sim.close()));
    rmSync(this.workDir, { recursive: true, force: true });
  }
}

/** The routing file of `matches` (cluster name → patterns), written whole and then renamed into place, as a ConfigMap update is seen. */
function writeRoutingFile(file: string, clusters: StackCluster[], matches: Record<string, string[]>): void {
  const dataPlanes = Object.entries(matches).map(([name, match]) => {
    const cluster = clusters.find((candidate) => candidate.name === name)!;
    return { name, url: cluster.dataPlaneAddress, match, ...cluster.routeSecurity };
  });
  writeFileSync(`${file}.new`, stringifyYaml({ dataPlanes }));
  renameSync(`${file}.new`, file);
}

export function startDataPlane(address: string, env: Record<string, string>): Promise<ServiceProcess> {
  // Metrics off unless a test asks: suites run in parallel and would fight over the default port.
  return ServiceProcess.start(DATA_PLANE_MAIN, { APPLOGS_DATA_PLANE_ADDR: address, APPLOGS_DATA_PLANE_METRICS_ADDR: '', ...env }, /listening on/);
}

/** `dataPlaneUrl` undefined: the environment names the data planes (APPLOGS_DATA_PLANES_FILE). */
export function startControlPlane(address: string, dataPlaneUrl: string | undefined, env: Record<string, string> = {}): Promise<ServiceProcess> {
  const dataPlane: Record<string, string> = dataPlaneUrl ? { APPLOGS_DATA_PLANE_URL: dataPlaneUrl } : {};
  return ServiceProcess.start(
    CONTROL_PLANE_MAIN,
    { APPLOGS_CONTROL_PLANE_ADDR: address, ...dataPlane, APPLOGS_CONTROL_PLANE_METRICS_ADDR: '', ...env },
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
    await Promise.all(stack?.clusters.map((cluster) => cluster.sim.waitForOpenLogStreams(0)) ?? []);
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
