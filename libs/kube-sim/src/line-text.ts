import type { LineStyle } from './types';

/** FNV-1a: a cheap deterministic "random" so the same pod/line always renders the same text. */
function hash(input: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < input.length; i++) {
    h ^= input.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix(h);
}

/** murmur3's finalizer: FNV alone leaves neighbouring seq numbers with visibly similar fields. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hex(n: number): string {
  return n.toString(16).padStart(8, '0');
}

function pick<T>(items: readonly T[], n: number): T {
  return items[n % items.length];
}

/** [method, path, status], weighted towards reads like most web traffic. */
const ROUTES: ReadonlyArray<readonly [string, string, number]> = [
  ['GET', '/api/items', 200],
  ['GET', '/api/items/{id}', 200],
  ['GET', '/api/items/{id}', 200],
  ['GET', '/api/search?q=widgets&page=2', 200],
  ['GET', '/healthz', 200],
  ['POST', '/api/orders', 201],
  ['PUT', '/api/users/{id}/cart', 200],
  ['DELETE', '/api/users/{id}/cart/items/{item}', 204],
];

function userLine(seed: number, seq: number): string {
  const ms = 2 + (seed % 180);
  const id = 1000 + (seed % 9000);
  const req = hex(mix(seed ^ 0x9e3779b9));
  const trace = `${hex(seed)}${hex(mix(seed + 1))}`;
  const client = `10.0.${(seed >>> 8) % 250}.${(seed >>> 16) % 250}`;
  // Errors are rare (1 in 30) so the demo reads like a healthy service.
  switch (seed % 10 === 3 && seed % 3 !== 0 ? 9 : seed % 10) {
    case 0:
      return `DEBUG [db] SELECT * FROM items WHERE id=$1 took ${ms}ms rows=1 pool=${seed % 8}/10 trace=${trace} seq=${seq}`;
    case 1:
      return `WARN  [cache] miss key=item:${id} ttl=300s fallback=db latency=${ms}ms trace=${trace} seq=${seq}`;
    case 2:
      return `INFO  [worker] job ${req} finished in ${ms * 7}ms queue=default attempts=1 status=ok trace=${trace} seq=${seq}`;
    case 3:
      return `ERROR [http] GET /api/items/${id} 502 ${ms * 11}ms error="upstream connect timeout" trace=${trace} seq=${seq}`;
    default: {
      const [method, template, status] = pick(ROUTES, seed >>> 4);
      const path = template.replace('{id}', String(id)).replace('{item}', String(seed % 997));
      return `INFO  [http] ${method} ${path} ${status} ${ms}ms bytes=${status === 204 ? 0 : (seed % 4000) + 120} client=${client} trace=${trace} seq=${seq}`;
    }
  }
}

function queueProxyLine(seed: number, seq: number): string {
  const requests = seed % 40;
  return `{"severity":"INFO","logger":"queueproxy","caller":"queue/stats.go:85","message":"requests=${requests} concurrency=${(requests / 10).toFixed(1)} probe=ok","seq":${seq}}`;
}

/**
 * Text of the seq-th generated line of a container; every line stays distinct through its seq marker (unless
 * `bytes` cuts it off: then the text is padded with filler, or cut, to exactly that many bytes).
 */
export function generatedLineText(style: LineStyle, pod: string, container: string, seq: number, bytes?: number): string {
  const seed = style === 'plain' ? 0 : hash(`${pod}/${container}#${seq}`);
  const text = style === 'plain' ? `${pod}/${container} line ${seq}` : container === 'queue-proxy' ? queueProxyLine(seed, seq) : userLine(seed, seq);
  // Generated text is ASCII, so characters are bytes.
  return bytes === undefined ? text : text.padEnd(bytes, ' lorem ipsum dolor sit amet').slice(0, bytes);
}
