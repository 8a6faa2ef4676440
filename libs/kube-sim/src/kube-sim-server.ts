import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { hasBearerToken, newBearerToken } from './bearer-token';
import { ChangeWaiter } from './change-waiter';
import { runControlAction } from './control-actions';
import { KnativeApps, type RolloutResult } from './knative-apps';
import { kubeconfigYaml, writeKubeconfigFile, type KubeSimAccess } from './kubeconfig';
import { LineGenerator } from './line-generator';
import { LogFaults, podKey, type LogFailure } from './log-faults';
import { NanoClock } from './nano-time';
import { OpenResponses } from './open-responses';
import { findContainer, relabel, restart, schedule, start } from './pod-lifecycle';
import { PodStore } from './pod-store';
import { handleRequest, type RouterContext } from './router';
import { DEFAULT_NAMESPACE } from './scenario';
import { servingCertificate } from './serving-certificate';
import { createSimPod, isLive, type ContainerEnd, type SimPod } from './sim-pod';
import { StallGate } from './stall-gate';
import { sendStatus } from './status';
import { Timeline } from './timeline';
import type { AppendedLine, KnativeAppSpec, KnativeServiceSpec, LineStyle, LogRequestRecord, PodSpec, Scenario, WatchRequestRecord } from './types';
import { WatchFaults } from './watch-faults';

export interface SimStats {
  openLogStreams: number;
  openWatches: number;
  logRequests: number;
  skippedLines: number;
  /** TCP connections accepted since the start: a client that keeps connections alive makes few. */
  connections: number;
}

export interface KubeSimOptions {
  scenario?: Scenario;
  host?: string;
  port?: number;
  /** How often watches with allowWatchBookmarks=true get a BOOKMARK; default 60 s, about the apiserver's. */
  watchBookmarkIntervalMs?: number;
  /**
   * true (default): HTTPS with a certificate from a CA made for this start, as every real API server serves.
   * false: plain HTTP, for tests of clients that must refuse it or opt in to it.
   */
  tls?: boolean;
  /** More names or IPs clients reach the sim by (a compose service name), for its certificate; loopback is always in. */
  hosts?: string[];
  /** The bearer token every request must carry; default: a random one per start. */
  token?: string;
}

export interface ScaleOptions {
  /** New pods start unscheduled (Pending, no node) until startPod(). */
  pending?: boolean;
}

/**
 * A simulated Kubernetes API server (pods with watch, pods/log, Knative services) over real HTTPS, with bearer
 * token authentication. It is itself a KubeSimAccess: pass it to simRequest to talk to it directly.
 */
export class KubeSim implements KubeSimAccess {
  readonly logRequests: LogRequestRecord[] = [];
  /** Every pod watch request, in order, with when it came. */
  readonly watchRequests: WatchRequestRecord[] = [];
  private readonly store = new PodStore();
  private readonly clock = new NanoClock();
  private readonly generator = new LineGenerator();
  private readonly changes = new ChangeWaiter();
  private readonly open: OpenResponses;
  private readonly faults = new LogFaults();
  private readonly watchFaults = new WatchFaults();
  /** Stalled while the API server is frozen (freezeApi). */
  private readonly apiGate = new StallGate();
  private readonly sockets = new Set<Socket>();
  private connections = 0;
  private readonly defaultLineStyle: LineStyle;
  private readonly apps: KnativeApps;
  private readonly timeline: Timeline;
  private podOrdinal = 0;
  private skipped = 0;
  private serverUrl = '';
  private closed = false;

  private constructor(
    private readonly server: Server,
    readonly namespace: string,
    scenario: Scenario,
    private readonly bookmarkIntervalMs: number,
    /** The bearer token every request must carry (the kubeconfig's user token). */
    readonly token: string,
    /** The CA that signed the sim's certificate (PEM); undefined when it serves plain HTTP. */
    readonly caCertificate: string | undefined,
  ) {
    this.open = new OpenResponses(
      () => this.changes.changed(),
      (res) => this.tcpSocket(res),
    );
    this.defaultLineStyle = scenario.lineStyle ?? 'plain';
    this.store.ensureNamespace(namespace, this.clock.now());
    this.apps = new KnativeApps({
      addPod: (spec, ns) => this.addPod(spec, ns),
      deletePod: (name, ns) => this.deletePod(name, ns),
      listPods: (ns) => this.store.listPods(ns),
      hasPod: (ns, name) => this.store.hasPod(ns, name),
      setService: (ns, name, revision) => this.setKnativeService({ name, latestReadyRevisionName: revision }, ns),
    });
    this.timeline = new Timeline(
      scenario.timeline ?? [],
      (step) => this.control(step),
      (step, err) => process.stderr.write(`kube-sim: timeline step ${step.action} at ${step.atMs}ms failed: ${err.message}\n`),
    );
  }

  static async start(options: KubeSimOptions = {}): Promise<KubeSim> {
    const scenario = options.scenario ?? {};
    const host = options.host ?? '127.0.0.1';
    const tls = options.tls === false ? undefined : await servingCertificate(host, options.hosts ?? []);
    const server: Server = tls ? createHttpsServer({ cert: tls.cert, key: tls.key }) : createHttpServer();
    const sim = new KubeSim(
      server,
      scenario.namespace ?? DEFAULT_NAMESPACE,
      scenario,
      options.watchBookmarkIntervalMs ?? 60_000,
      options.token ?? newBearerToken(),
      tls?.caCertificate,
    );
    sim.loadScenario(scenario);
    server.on('request', (req, res) => sim.onRequest(req, res));
    // The TCP connections, under TLS too: resetLogStreams needs them to send a reset.
    server.on('connection', (socket: Socket) => {
      sim.sockets.add(socket);
      sim.connections += 1;
      socket.on('close', () => sim.sockets.delete(socket));
    });
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
    sim.serverUrl = `${tls ? 'https' : 'http'}://${urlHost(host)}:${(server.address() as AddressInfo).port}`;
    sim.timeline.start();
    return sim;
  }

  get url(): string {
    return this.serverUrl;
  }

  /**
   * A kubeconfig with the sim's CA and token. `server` overrides the address written, for callers that reach
   * us by another name (a compose service; start the sim with it in `hosts`).
   */
  kubeconfigYaml(server = this.url): string {
    return kubeconfigYaml({ url: server, caCertificate: this.caCertificate, token: this.token }, this.namespace);
  }

  writeKubeconfig(path: string, server = this.url): string {
    return writeKubeconfigFile(path, this.kubeconfigYaml(server));
  }

  /** The cluster-wide resourceVersion now, e.g. to start a watch from. */
  resourceVersion(): string {
    return this.store.resourceVersion();
  }

  addPod(spec: PodSpec, namespace = this.namespace): void {
    const pod = createSimPod(spec, namespace, { clock: this.clock, ordinal: this.podOrdinal++, defaultLineStyle: this.defaultLineStyle });
    this.store.addPod(pod);
    this.startGenerators(pod);
  }

  /** Deploys a Knative app: its first revision's pods and (unless disabled) its Knative service. */
  addApp(app: KnativeAppSpec): string[] {
    return this.apps.deploy(app, app.namespace ?? this.namespace);
  }

  /** The current revision's pods of an app, oldest first. */
  appPods(service: string, namespace = this.namespace): string[] {
    return this.apps.podNames(service, namespace);
  }

  /**
   * Adds pods like the app's others (Running, or unscheduled with `pending`) or deletes the newest.
   * Returns the names added (scaling up) or removed (scaling down).
   */
  scaleApp(service: string, replicas: number, namespace = this.namespace, options: ScaleOptions = {}): string[] {
    const { added, removed } = this.apps.scale(service, replicas, namespace, options.pending ?? false);
    return added.length > 0 ? added : removed;
  }

  /** A new revision `${service}-0000N`: new pods, the Knative service pointed at it, old pods deleted. */
  rollout(service: string, namespace = this.namespace): RolloutResult {
    return this.apps.rollout(service, namespace);
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

  /** Binds an unscheduled pod to the node; its containers keep waiting (ContainerCreating). */
  schedulePod(name: string, namespace = this.namespace): void {
    this.store.updatePod(this.pod(name, namespace), schedule);
  }

  /** A Pending pod starts: scheduled if it was not, Running, containers started now. */
  startPod(name: string, namespace = this.namespace): void {
    const pod = this.pod(name, namespace);
    this.store.updatePod(pod, (p) => start(p, this.clock));
    this.startGenerators(pod);
  }

  /** Merges labels into the pod's (null removes one); watchers whose selector it leaves see DELETED. */
  labelPod(name: string, labels: Record<string, string | null>, namespace = this.namespace): void {
    this.store.updatePod(this.pod(name, namespace), (p) => relabel(p, labels));
  }

  /**
   * A container crash and restart: follow streams on it end cleanly, the new instance's log starts
   * empty (the old one stays readable with previous=true) and its producer keeps writing there. `end` is how the
   * old instance exited, as lastState.terminated shows it (default: exit 1, Error).
   */
  restartContainer(pod: string, container: string, namespace = this.namespace, end?: ContainerEnd): void {
    const found = this.pod(pod, namespace);
    const target = findContainer(found, container);
    this.store.updatePod(found, (p) => restart(p, target, this.clock, end));
  }

  podNames(namespace = this.namespace): string[] {
    return this.store.listPods(namespace).map((p) => p.name);
  }

  /** Appends to the container's current instance, waking its follow streams. */
  appendLines(pod: string, container: string, lines: Array<string | AppendedLine>, namespace = this.namespace): AppendedLine[] {
    return findContainer(this.pod(pod, namespace), container).log.append(lines);
  }

  /** The next `failure.count` log requests for the pod answer `failure.status` with a Status body. */
  failLogRequests(pod: string, failure: LogFailure, namespace = this.namespace): void {
    this.pod(pod, namespace);
    this.faults.failRequests(podKey(namespace, pod), failure);
  }

  /** Kills the connections of the pod's open log streams mid-stream (TCP reset); returns how many. */
  resetLogStreams(pod: string, namespace = this.namespace): number {
    this.pod(pod, namespace);
    return this.open.resetLogs(podKey(namespace, pod));
  }

  /** The pod's log streams, and log requests arriving meanwhile, send nothing until resumeLogStreams. */
  stallLogStreams(pod: string, namespace = this.namespace): void {
    this.pod(pod, namespace);
    this.faults.gate(podKey(namespace, pod)).stall();
  }

  resumeLogStreams(pod: string, namespace = this.namespace): void {
    this.faults.resume(podKey(namespace, pod));
  }

  /**
   * The pod's log streams open now stop sending (the connections stay open), as a kubelet's follow can stop
   * following after a log rotation; new log requests are answered. resumeLogStreams lets them go on; no line is lost.
   */
  stallOpenLogStreams(pod: string, namespace = this.namespace): void {
    this.pod(pod, namespace);
    this.faults.stallOpenStreams(podKey(namespace, pod));
  }

  /** The next `count` pod watches (undefined: every one, until `endWatchesAtOnce(0)`) answer 200 and end at once, with no event. */
  endWatchesAtOnce(count?: number): void {
    this.watchFaults.endAtOnce(count);
  }

  /**
   * The API server stops, as if SIGSTOPped: open responses (logs, watches) send nothing, not even their end,
   * and new requests get no answer at all, not even headers, until thawApi. /kube-sim/* still answers.
   */
  freezeApi(): void {
    this.apiGate.stall();
  }

  /** Undoes freezeApi: held responses go on and waiting requests are answered; nothing is lost. */
  thawApi(): void {
    this.apiGate.resume();
  }

  /** Drops the retained watch history: resuming from any resourceVersion before now gets 410 Expired. */
  expireWatchHistory(): void {
    this.store.events.expire(Number(this.store.resourceVersion()));
  }

  /** Runs a control action, exactly what POST /kube-sim/control and scenario timelines do. */
  control(body: unknown): Record<string, unknown> {
    return runControlAction(this, body);
  }

  openLogStreams(): number {
    return this.open.logCount();
  }

  openWatches(): number {
    return this.open.watchCount();
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
    return this.open.bufferedLogBytes();
  }

  /** Open log streams whose reader has stopped taking data, so the sim waits for it (TCP backpressure). */
  stalledLogStreams(): number {
    return this.open.backpressuredCount();
  }

  waitForStalledLogStreams(n: number, timeoutMs = 10_000): Promise<void> {
    return this.waitForCount('stalled log streams', () => this.open.backpressuredCount(), n, timeoutMs);
  }

  /** What GET /kube-sim/stats answers, for a benchmark in another process. */
  stats(): SimStats {
    return {
      openLogStreams: this.open.logCount(),
      openWatches: this.open.watchCount(),
      logRequests: this.logRequests.length,
      skippedLines: this.skipped,
      connections: this.connections,
    };
  }

  waitForOpenLogStreams(n: number, timeoutMs = 10_000): Promise<void> {
    return this.waitForCount('open log streams', () => this.open.logCount(), n, timeoutMs);
  }

  waitForOpenWatches(n: number, timeoutMs = 10_000): Promise<void> {
    return this.waitForCount('open watches', () => this.open.watchCount(), n, timeoutMs);
  }

  waitForWatchRequests(n: number, timeoutMs = 10_000): Promise<void> {
    return this.changes.waitFor(
      () => this.watchRequests.length >= n,
      () => `timed out after ${timeoutMs}ms waiting for ${n} watch requests; currently ${this.watchRequests.length}`,
      timeoutMs,
    );
  }

  waitForLogRequests(n: number, timeoutMs = 10_000): Promise<void> {
    return this.changes.waitFor(
      () => this.logRequests.length >= n,
      () => `timed out after ${timeoutMs}ms waiting for ${n} log requests; currently ${this.logRequests.length}`,
      timeoutMs,
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.timeline.stop();
    this.generator.stopAll();
    this.open.destroyAll();
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

  private pod(name: string, namespace: string): SimPod {
    const pod = this.store.getPod(namespace, name);
    if (!pod) throw new Error(`pods "${name}" not found in namespace ${namespace}`);
    return pod;
  }

  private startGenerators(pod: SimPod): void {
    for (const c of pod.containers) {
      if (isLive(pod, c)) this.generator.start(pod, c);
    }
  }

  /** The TCP connection under a response: under TLS, res.socket is the TLS layer, which cannot send a reset. */
  private tcpSocket(res: ServerResponse): Socket | undefined {
    const socket = res.socket;
    if (!socket) return undefined;
    for (const tcp of this.sockets) {
      if (tcp.remotePort === socket.remotePort && tcp.remoteAddress === socket.remoteAddress) return tcp;
    }
    return undefined;
  }

  private waitForCount(what: string, count: () => number, n: number, timeoutMs: number): Promise<void> {
    return this.changes.waitFor(
      () => count() === n,
      () => `timed out after ${timeoutMs}ms waiting for ${n} ${what}; currently ${count()}`,
      timeoutMs,
    );
  }

  /** What the HTTP handlers may see and report back; built once, not per request. */
  private readonly router: RouterContext = {
    store: this.store,
    faults: this.faults,
    now: () => this.clock.now(),
    serverAddress: () => this.url.replace(/^https?:\/\//, ''),
    stats: () => this.stats(),
    control: (body) => this.control(body),
    bookmarkIntervalMs: () => this.bookmarkIntervalMs,
    linesSkipped: (lines) => {
      this.skipped += lines;
    },
    recordRequest: (record) => {
      this.logRequests.push(record);
      this.changes.changed();
    },
    streamStarted: (res, pod) => this.open.logStarted(res, pod),
    streamStalled: (res, stalled) => this.open.setBackpressured(res, stalled),
    watchStarted: (res) => this.open.watchStarted(res),
    recordWatch: (record) => {
      this.watchRequests.push(record);
      this.changes.changed();
    },
    takeEndAtOnce: () => this.watchFaults.takeEndAtOnce(),
    apiGate: this.apiGate,
  };

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    // Every path, /kube-sim/control and /kube-sim/stats included: whoever may change the cluster must hold its
    // token, as with a real apiserver (tools in other processes read it from the kubeconfig the sim writes).
    if (!hasBearerToken(req, this.token)) {
      sendStatus(res, 'Unauthorized', 'Unauthorized');
      return;
    }
    if (this.apiGate.stalled() && !req.url?.startsWith('/kube-sim/')) {
      // Frozen: no answer at all until thawed (or until the client gives up).
      res.once(
        'close',
        this.apiGate.whenResumed(() => this.onRequest(req, res)),
      );
      return;
    }
    try {
      handleRequest(this.router, req, res);
    } catch (err) {
      // A sim bug should surface as a 500 to the client under test, not kill the test process.
      if (!res.headersSent) sendStatus(res, 'InternalError', (err as Error).message);
      else res.destroy(err as Error);
    }
  }
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
