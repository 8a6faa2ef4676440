import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { appRevision, expandApp } from './knative';
import { kubeconfigYaml, writeKubeconfigFile } from './kubeconfig';
import { LineGenerator } from './line-generator';
import { NanoClock } from './nano-time';
import { PodStore } from './pod-store';
import { handleRequest, type RouterContext } from './router';
import { DEFAULT_NAMESPACE } from './scenario';
import { createSimPod, isLive } from './sim-pod';
import { sendStatus } from './status';
import type { AppendedLine, KnativeAppSpec, KnativeServiceSpec, LineStyle, LogRequestRecord, PodSpec, Scenario } from './types';

export interface SimStats {
  openLogStreams: number;
  logRequests: number;
  skippedLines: number;
}

export interface KubeSimOptions {
  scenario?: Scenario;
  host?: string;
  port?: number;
}

/** A simulated Kubernetes API server (pods, pods/log, Knative services) over real HTTP. */
export class KubeSim {
  readonly logRequests: LogRequestRecord[] = [];
  private readonly store = new PodStore();
  private readonly clock = new NanoClock();
  private readonly generator = new LineGenerator();
  private readonly events = new EventEmitter();
  private readonly openResponses = new Set<ServerResponse>();
  private readonly stalledResponses = new Set<ServerResponse>();
  private readonly sockets = new Set<Socket>();
  private readonly defaultLineStyle: LineStyle;
  private podOrdinal = 0;
  private skipped = 0;
  private serverUrl = '';
  private closed = false;

  private constructor(
    private readonly server: Server,
    readonly namespace: string,
    scenario: Scenario,
  ) {
    this.defaultLineStyle = scenario.lineStyle ?? 'plain';
    this.store.ensureNamespace(namespace, this.clock.now());
    // Waiters are per test; many concurrent ones are legitimate, not a leak.
    this.events.setMaxListeners(0);
  }

  static async start(options: KubeSimOptions = {}): Promise<KubeSim> {
    const scenario = options.scenario ?? {};
    const server = createServer();
    const sim = new KubeSim(server, scenario.namespace ?? DEFAULT_NAMESPACE, scenario);
    sim.loadScenario(scenario);
    server.on('request', (req, res) => sim.onRequest(req, res));
    server.on('connection', (socket) => {
      sim.sockets.add(socket);
      socket.on('close', () => sim.sockets.delete(socket));
    });
    const host = options.host ?? '127.0.0.1';
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.port ?? 0, host, () => {
          server.off('error', reject);
          resolve();
        });
      });
    } catch (err) {
      // The scenario already started line generators; a sim that never listened must not leave them behind.
      sim.generator.stopAll();
      throw err;
    }
    sim.serverUrl = `http://${urlHost(host)}:${(server.address() as AddressInfo).port}`;
    return sim;
  }

  get url(): string {
    return this.serverUrl;
  }

  /** `server` overrides the address written, for callers that reach us by another name (a compose service). */
  kubeconfigYaml(server = this.url): string {
    return kubeconfigYaml(server, this.namespace);
  }

  writeKubeconfig(path: string, server = this.url): string {
    return writeKubeconfigFile(path, this.kubeconfigYaml(server));
  }

  addPod(spec: PodSpec, namespace = this.namespace): void {
    const pod = createSimPod(spec, namespace, {
      clock: this.clock,
      resourceVersion: this.store.nextResourceVersion(),
      ordinal: this.podOrdinal++,
      defaultLineStyle: this.defaultLineStyle,
    });
    this.store.addPod(pod);
    for (const c of pod.containers) {
      if (isLive(pod, c)) this.generator.start(pod, c);
    }
  }

  addApp(app: KnativeAppSpec): string[] {
    const namespace = app.namespace ?? this.namespace;
    const pods = expandApp(app, (name) => this.store.hasPod(namespace, name));
    for (const pod of pods) this.addPod(pod, namespace);
    if (app.createKnativeService ?? true) {
      this.setKnativeService({ name: app.service, latestReadyRevisionName: appRevision(app) }, namespace);
    }
    return pods.map((p) => p.name);
  }

  setKnativeService(svc: KnativeServiceSpec, namespace = this.namespace): void {
    this.store.setService(namespace, svc.name, svc.latestReadyRevisionName, this.clock.now());
  }

  deletePod(name: string, namespace = this.namespace): void {
    const pod = this.store.removePod(namespace, name);
    if (!pod) throw new Error(`pods "${name}" not found in namespace ${namespace}`);
    this.generator.stopPod(pod);
    for (const c of pod.containers) c.log.close();
  }

  podNames(namespace = this.namespace): string[] {
    return this.store.listPods(namespace).map((p) => p.name);
  }

  appendLines(pod: string, container: string, lines: Array<string | AppendedLine>, namespace = this.namespace): AppendedLine[] {
    const found = this.store.getPod(namespace, pod);
    if (!found) throw new Error(`pods "${pod}" not found in namespace ${namespace}`);
    const target = found.containers.find((c) => c.name === container);
    if (!target) throw new Error(`container ${container} is not valid for pod ${pod}`);
    return target.log.append(lines);
  }

  openLogStreams(): number {
    return this.openResponses.size;
  }

  /** Lines slow follow readers never got because the log was trimmed past them (like a rotated file). */
  skippedLines(): number {
    return this.skipped;
  }

  /**
   * Bytes written to open log responses but not yet handed to the kernel. Streams write only while
   * the response accepts more, so this stays around one write per stalled reader.
   */
  bufferedLogBytes(): number {
    let total = 0;
    for (const res of this.openResponses) total += res.writableLength;
    return total;
  }

  /** Open log streams whose reader has stopped taking data, so the sim waits for it (TCP backpressure). */
  stalledLogStreams(): number {
    return this.stalledResponses.size;
  }

  waitForStalledLogStreams(n: number, timeoutMs = 10_000): Promise<void> {
    return this.waitFor(
      () => this.stalledResponses.size === n,
      () => `timed out after ${timeoutMs}ms waiting for ${n} stalled log streams; currently ${this.stalledResponses.size}`,
      timeoutMs,
    );
  }

  /** What GET /kube-sim/stats answers, for a benchmark in another process. */
  stats(): SimStats {
    return { openLogStreams: this.openResponses.size, logRequests: this.logRequests.length, skippedLines: this.skipped };
  }

  waitForOpenLogStreams(n: number, timeoutMs = 10_000): Promise<void> {
    return this.waitFor(
      () => this.openResponses.size === n,
      () => `timed out after ${timeoutMs}ms waiting for ${n} open log streams; currently ${this.openResponses.size}`,
      timeoutMs,
    );
  }

  waitForLogRequests(n: number, timeoutMs = 10_000): Promise<void> {
    return this.waitFor(
      () => this.logRequests.length >= n,
      () => `timed out after ${timeoutMs}ms waiting for ${n} log requests; currently ${this.logRequests.length}`,
      timeoutMs,
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.generator.stopAll();
    for (const res of this.openResponses) res.destroy();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private loadScenario(scenario: Scenario): void {
    for (const pod of scenario.pods ?? []) this.addPod(pod);
    for (const app of scenario.apps ?? []) this.addApp(app);
    // Explicit services last, so a scenario can override what an app registered.
    for (const svc of scenario.knativeServices ?? []) this.setKnativeService(svc);
  }

  /** What the HTTP handlers may see and report back; built once, not per request. */
  private readonly router: RouterContext = {
    store: this.store,
    now: () => this.clock.now(),
    serverAddress: () => this.url.replace(/^http:\/\//, ''),
    stats: () => this.stats(),
    linesSkipped: (lines) => {
      this.skipped += lines;
    },
    recordRequest: (record) => {
      this.logRequests.push(record);
      this.events.emit('change');
    },
    streamStarted: (res) => {
      this.openResponses.add(res);
      this.events.emit('change');
      res.on('close', () => {
        this.openResponses.delete(res);
        this.stalledResponses.delete(res);
        this.events.emit('change');
      });
    },
    streamStalled: (res, stalled) => {
      if (stalled) this.stalledResponses.add(res);
      else this.stalledResponses.delete(res);
      this.events.emit('change');
    },
  };

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    try {
      handleRequest(this.router, req, res);
    } catch (err) {
      // A sim bug should surface as a 500 to the client under test, not kill the test process.
      if (!res.headersSent) sendStatus(res, 'InternalError', (err as Error).message);
      else res.destroy(err as Error);
    }
  }

  /** Event-driven wait: re-checks the predicate on every change instead of polling. */
  private waitFor(done: () => boolean, describe: () => string, timeoutMs: number): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const onChange = (): void => {
        if (!done()) return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(describe()));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.events.off('change', onChange);
      };
      this.events.on('change', onChange);
    });
  }
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
