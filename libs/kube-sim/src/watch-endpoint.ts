import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PodEvent } from './pod-events';
import { podJson } from './pod-json';
import { parsePodSelector, selects } from './pod-selection';
import type { PodStore } from './pod-store';
import { podTableJson, wantsTable } from './pod-table';
import type { PodView } from './sim-pod';
import { sendStatus } from './status';
import { bookmarkObject, expiredStatus, watchEventType } from './watch-event';
import { parseWatchParams, type WatchParams } from './watch-params';

export interface WatchEndpointContext {
  store: PodStore;
  now(): bigint;
  /** Called once a watch response has started, so the sim can count it until it closes. */
  watchStarted(res: ServerResponse): void;
  /** How often a watch that allows bookmarks gets one. */
  bookmarkIntervalMs(): number;
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
  const render = (pod: PodView): unknown =>
    includeObject === undefined ? podJson(pod) : podTableJson([pod], pod.resourceVersion, ctx.now(), includeObject);
  const send = (type: string, object: unknown): void => {
    if (!res.destroyed && !res.writableEnded) res.write(`${JSON.stringify({ type, object })}\n`);
  };
  const deliver = (event: PodEvent): void => {
    const type = watchEventType(event, matches);
    if (type) send(type, render(event.pod));
  };

  res.writeHead(200, { 'Content-Type': 'application/json' });
  // Clients (client-node's fetch) wait for the headers before reading events.
  res.flushHeaders();
  ctx.watchStarted(res);

  const { store } = ctx;
  if (params.resourceVersion !== undefined && !params.sendInitialEvents) {
    const missed = store.events.since(params.resourceVersion);
    if (!missed) {
      send('ERROR', expiredStatus(params.resourceVersion, store.events.oldestResumable()));
      res.end();
      return;
    }
    for (const event of missed) deliver(event);
  } else {
    for (const pod of store.listPods(namespace)) if (matches(pod)) send('ADDED', render(pod));
    if (params.sendInitialEvents && params.bookmarks) send('BOOKMARK', bookmarkObject(store.resourceVersion(), true));
  }
  // Same turn as the replay, so no event falls between the two.
  const unsubscribe = store.events.subscribe(deliver);
  const timeout = params.timeoutMs === undefined ? undefined : setTimeout(() => res.end(), params.timeoutMs);
  const bookmarks = params.bookmarks ? setInterval(() => send('BOOKMARK', bookmarkObject(store.resourceVersion())), ctx.bookmarkIntervalMs()) : undefined;
  res.on('close', () => {
    unsubscribe();
    clearTimeout(timeout);
    clearInterval(bookmarks);
  });
}
