import type { IncomingMessage, ServerResponse } from 'node:http';
import { apiGroupListJson, apiVersionsJson, coreResourceListJson, KNATIVE_GROUP, KNATIVE_VERSION, knativeResourceListJson, versionJson } from './discovery';
import { handleControlRequest } from './control-endpoint';
import { knativeServiceJson, knativeServiceListJson } from './knative-json';
import { LabelSelectorError } from './label-selector';
import { handleLogRequest, type LogEndpointContext } from './log-endpoint';
import { namespaceJson, namespaceListJson } from './namespace-json';
import { podJson, podListJson } from './pod-json';
import { parsePodSelector, selects } from './pod-selection';
import { podTableJson, wantsTable } from './pod-table';
import type { SimPod } from './sim-pod';
import { podNotFound, sendJson, sendStatus } from './status';
import { handleWatchRequest, type WatchEndpointContext } from './watch-endpoint';

export interface RouterContext extends LogEndpointContext, WatchEndpointContext {
  /** host:port as clients reach it, for /api's serverAddressByClientCIDRs. */
  serverAddress(): string;
  /** Body of GET /kube-sim/stats, the sim's own control endpoint (not a Kubernetes API). */
  stats(): unknown;
  /** Runs a POST /kube-sim/control body; throws with the message for a 400. */
  control(body: unknown): Record<string, unknown>;
}

interface Request {
  ctx: RouterContext;
  req: IncomingMessage;
  res: ServerResponse;
  query: URLSearchParams;
}

function isWatchParam(query: URLSearchParams): boolean {
  const watch = query.get('watch');
  return watch !== null && ['1', 't', 'T', 'true', 'TRUE', 'True'].includes(watch);
}

/** The legacy /api/v1/watch/... prefix means the same as ?watch=true on the path without it. */
function isLegacyWatchPath(path: string[]): boolean {
  return (path[0] === 'api' && path[2] === 'watch') || (path[0] === 'apis' && path[3] === 'watch');
}

/**
 * Which pods a watch path covers: '' for all namespaces, the namespace name, or undefined when
 * the path is not a pod collection (only pods can be watched here).
 */
function podWatchNamespace(rest: string[]): string | undefined {
  if (rest.length === 1 && rest[0] === 'pods') return '';
  if (rest.length === 3 && rest[0] === 'namespaces' && rest[2] === 'pods') return rest[1];
  return undefined;
}

function routeWatch(r: Request, path: string[]): void {
  const rest = path.slice(2).filter((part, i) => !(i === 0 && part === 'watch'));
  const namespace = path[0] === 'api' && path[1] === 'v1' ? podWatchNamespace(rest) : undefined;
  if (namespace === undefined) {
    sendStatus(r.res, 'MethodNotAllowed', 'kube-sim can only watch pods');
  } else {
    handleWatchRequest(r.ctx, r.req, r.res, namespace === '' ? undefined : namespace, r.query);
  }
}

function sendPods(r: Request, pods: SimPod[]): void {
  const selector = parsePodSelector(r.query);
  const selected = pods.filter((p) => selects(selector, p));
  const rv = r.ctx.store.resourceVersion();
  if (wantsTable(r.req.headers.accept)) {
    sendJson(r.res, 200, podTableJson(selected, rv, r.ctx.now(), r.query.get('includeObject') ?? 'Metadata'));
  } else {
    sendJson(r.res, 200, podListJson(selected, rv));
  }
}

function sendPod(r: Request, namespace: string, name: string): void {
  const pod = r.ctx.store.getPod(namespace, name);
  if (!pod) {
    podNotFound(r.res, name);
  } else if (wantsTable(r.req.headers.accept)) {
    sendJson(r.res, 200, podTableJson([pod], pod.resourceVersion, r.ctx.now(), r.query.get('includeObject') ?? 'Metadata'));
  } else {
    sendJson(r.res, 200, podJson(pod));
  }
}

function sendNamespace(r: Request, name: string): void {
  const found = r.ctx.store.namespaces().find((n) => n.name === name);
  if (found) sendJson(r.res, 200, namespaceJson(found.name, found.createdNs));
  else sendStatus(r.res, 'NotFound', `namespaces "${name}" not found`, { name, kind: 'namespaces' });
}

function sendService(r: Request, namespace: string, name: string): void {
  const svc = r.ctx.store.getService(namespace, name);
  if (svc) {
    sendJson(r.res, 200, knativeServiceJson(svc));
  } else {
    sendStatus(r.res, 'NotFound', `services.${KNATIVE_GROUP} "${name}" not found`, { name, group: KNATIVE_GROUP, kind: 'services' });
  }
}

/** Returns false for paths this sim does not serve. `rest` is the path after /api/v1. */
function routeCore(r: Request, rest: string[]): boolean {
  const [first, namespace, resource, name, sub] = rest;
  if (rest.length === 0) {
    sendJson(r.res, 200, coreResourceListJson());
  } else if (rest.length === 1 && first === 'pods') {
    sendPods(r, r.ctx.store.listPods());
  } else if (rest.length === 1 && first === 'namespaces') {
    sendJson(r.res, 200, namespaceListJson(r.ctx.store.namespaces(), r.ctx.store.resourceVersion()));
  } else if (rest.length === 2 && first === 'namespaces') {
    sendNamespace(r, namespace);
  } else if (first !== 'namespaces' || resource !== 'pods') {
    return false;
  } else if (rest.length === 3) {
    sendPods(r, r.ctx.store.listPods(namespace));
  } else if (rest.length === 4) {
    sendPod(r, namespace, name);
  } else if (rest.length === 5 && sub === 'log') {
    handleLogRequest(r.ctx, r.res, namespace, name, r.query);
  } else {
    return false;
  }
  return true;
}

/** `rest` is the path after /apis/serving.knative.dev/v1. */
function routeKnative(r: Request, rest: string[]): boolean {
  const [first, namespace, resource, name] = rest;
  const rv = r.ctx.store.resourceVersion();
  if (rest.length === 0) {
    sendJson(r.res, 200, knativeResourceListJson());
  } else if (rest.length === 1 && first === 'services') {
    sendJson(r.res, 200, knativeServiceListJson(r.ctx.store.listServices(), rv));
  } else if (first !== 'namespaces' || resource !== 'services') {
    return false;
  } else if (rest.length === 3) {
    sendJson(r.res, 200, knativeServiceListJson(r.ctx.store.listServices(namespace), rv));
  } else if (rest.length === 4) {
    sendService(r, namespace, name);
  } else {
    return false;
  }
  return true;
}

function route(r: Request, path: string[]): boolean {
  const joined = path.join('/');
  if (joined === 'kube-sim/stats') {
    sendJson(r.res, 200, r.ctx.stats());
  } else if (joined === 'version') {
    sendJson(r.res, 200, versionJson());
  } else if (joined === 'api') {
    sendJson(r.res, 200, apiVersionsJson(r.ctx.serverAddress()));
  } else if (joined === 'apis') {
    sendJson(r.res, 200, apiGroupListJson());
  } else if (path[0] === 'api' && path[1] === 'v1') {
    return routeCore(r, path.slice(2));
  } else if (path[0] === 'apis' && path[1] === KNATIVE_GROUP && path[2] === KNATIVE_VERSION) {
    return routeKnative(r, path.slice(3));
  } else {
    return false;
  }
  return true;
}

export function handleRequest(ctx: RouterContext, req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://kube-sim');
  let path: string[];
  try {
    path = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    sendStatus(res, 'BadRequest', `malformed path ${url.pathname}`);
    return;
  }
  if (req.method === 'POST' && path.join('/') === 'kube-sim/control') {
    handleControlRequest(req, res, (body) => ctx.control(body));
    return;
  }
  if (req.method !== 'GET') {
    sendStatus(res, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
    return;
  }
  const r: Request = { ctx, req, res, query: url.searchParams };
  try {
    if (isLegacyWatchPath(path) || isWatchParam(url.searchParams)) {
      routeWatch(r, path);
    } else if (!route(r, path)) {
      sendStatus(res, 'NotFound', 'the server could not find the requested resource');
    }
  } catch (err) {
    if (!(err instanceof LabelSelectorError)) throw err;
    sendStatus(res, 'BadRequest', err.message);
  }
}
