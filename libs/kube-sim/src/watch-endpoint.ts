import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { PodEvent } from './pod-events';
import { podJson } from './pod-json';
import { parsePodSelector, selects } from './pod-selection';
import type { PodStore } from './pod-store';
import { podTableJson, wantsTable } from './pod-table';
import type { PodView } from './sim-pod';
import type { Gate } from './stall-gate';
import { sendStatus } from './status';
import type { WatchRequestRecord } from './types';
import { bookmarkObject, expiredStatus, watchEventType } from './watch-event';
import { parseWatchParams, type WatchParams } from './watch-params';

export interface WatchEndpointContext {
  store: PodStore;
  now(): bigint;
  /** Called once a watch response has started, so the sim can count it until it closes. */
  watchStarted(res: ServerResponse): void;
  /** How often a watch that allows bookmarks gets one. */
  bookmarkIntervalMs(): number;
  recordWatch(record: WatchRequestRecord): void;
  /** True when this watch is to answer 200 and end at once (an injected fault). */
  takeEndAtOnce(): boolean;
  /** Stalled while the whole API server is frozen: events and the end are held until it thaws. */
  apiGate: Gate;
}

/**
 * GET .../pods?watch=true: newline-delimited {"type","object"} events in one chunked response,
 * first what the client missed (or the current state), then live changes. `namespace` undefined
 * watches all namespaces. A malformed selector throws LabelSelectorError for the router's 400.
 */
export function handleWatchRequest(
  ctx: WatchEndpointContext,
  req: IncomingMessage,
  res: ServerResponse,
  namespace: string | undefined,
  query: URLSearchParams,
): void {
  ctx.recordWatch({ namespace, query: Object.fromEntries(query.entries()), atMs: performance.now() });
  const selector = parsePodSelector(query);
  let params: WatchParams;
  try {
    params = parseWatchParams(query);
  } catch (err) {
    sendStatus(res, 'BadRequest', (err as Error).message);
    return;
  }
  const includeObject = wantsTable(req.headers.accept) ? (query.get('includeObject') ?? 'Metadata') : undefined;
  const matches = (pod: PodView): boolean => (namespace === undefined || pod.namespace === namespace) && selects(selector, pod);
  // kubectl watches with as=Table too: each event then carries a one-row Table.
  const render = (pod: PodView): unknown => (includeObject === undefined ? podJson(pod) : podTableJson([pod], pod.resourceVersion, ctx.now(), includeObject));
  const out = gatedOutput(res, ctx.apiGate);
  const send = (type: string, object: unknown): void => out(`${JSON.stringify({ type, object })}\n`);
  const deliver = (event: PodEvent): void => {
    const type = watchEventType(event, matches);
    if (type) send(type, render(event.pod));
  };

  res.writeHead(200, { 'Content-Type': 'application/json' });
  // Clients (client-node's fetch) wait for the headers before reading events.
  res.flushHeaders();
  ctx.watchStarted(res);
  if (ctx.takeEndAtOnce()) {
    res.end();
    return;
  }

  const { store } = ctx;
  if (params.resourceVersion !== undefined && !params.sendInitialEvents) {
    const missed = store.events.since(params.resourceVersion);
    if (!missed) {
      send('ERROR', expiredStatus(params.resourceVersion, store.events.oldestResumable()));
      out(null);
      return;
    }
    for (const event of missed) deliver(event);
  } else {
    for (const pod of store.listPods(namespace)) if (matches(pod)) send('ADDED', render(pod));
    if (params.sendInitialEvents && params.bookmarks) send('BOOKMARK', bookmarkObject(store.resourceVersion(), true));
  }
  // Same turn as the replay, so no event falls between the two.
  const unsubscribe = store.events.subscribe(deliver);
  const timeout = params.timeoutMs === undefined ? undefined : setTimeout(() => out(null), params.timeoutMs);
  const bookmarks = params.bookmarks ? setInterval(() => send('BOOKMARK', bookmarkObject(store.resourceVersion())), ctx.bookmarkIntervalMs()) : undefined;
  res.on('close', () => {
    unsubscribe();
    clearTimeout(timeout);
    clearInterval(bookmarks);
  });
}

/**
 * Writes text (null: the end) to `res` in order; while `gate` is stalled everything is held, the end too,
 * and sent when it resumes.
 */
function gatedOutput(res: ServerResponse, gate: Gate): (text: string | null) => void {
  const held: Array<string | null> = [];
  const write = (text: string | null): void => {
    if (res.destroyed || res.writableEnded) return;
    if (text === null) res.end();
    else res.write(text);
  };
  const flush = (): void => {
    if (gate.stalled()) wait();
    else held.splice(0).forEach(write);
  };
  const wait = (): void => {
    res.once('close', gate.whenResumed(flush));
  };
  return (text) => {
    if (held.length === 0 && !gate.stalled()) return write(text);
    if (held.length === 0) wait();
    held.push(text);
  };
}
