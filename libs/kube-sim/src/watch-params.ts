/** Query parameters of a watch request that change what is sent; selectors are parsed separately. */
export interface WatchParams {
  /** undefined for '' or '0': start with the current state (ADDED for every pod), then live events. */
  resourceVersion?: number;
  /** End the watch cleanly after this long; undefined: never (the sim has no default request timeout). */
  timeoutMs?: number;
  bookmarks: boolean;
  /** The watch-list protocol: the current state as ADDED events first, whatever the resourceVersion. */
  sendInitialEvents: boolean;
}

const TRUE = new Set(['1', 't', 'T', 'true', 'TRUE', 'True']);

/** Throws with the apiserver-style message for a 400. */
export function parseWatchParams(query: URLSearchParams): WatchParams {
  const rv = query.get('resourceVersion') ?? '';
  if (rv !== '' && !/^\d+$/.test(rv)) throw new Error(`invalid resource version "${rv}"`);
  const timeout = query.get('timeoutSeconds') ?? '';
  if (timeout !== '' && !/^\d+$/.test(timeout)) throw new Error(`timeoutSeconds: invalid integer value "${timeout}"`);
  const seconds = timeout === '' ? 0 : Number(timeout);
  return {
    resourceVersion: rv === '' || rv === '0' ? undefined : Number(rv),
    timeoutMs: seconds > 0 ? seconds * 1000 : undefined,
    bookmarks: TRUE.has(query.get('allowWatchBookmarks') ?? ''),
    sendInitialEvents: TRUE.has(query.get('sendInitialEvents') ?? ''),
  };
}
