import { grants, parseGrants, type Grant } from '@applogs/auth';
import { checkedMutualTls, isDnsLabel, isHostPort, type TlsFiles } from '@applogs/service-kit';

/** One data plane the control plane relays to, and the apps it serves. */
export interface DataPlaneRoute {
  /** Names it in messages, logs and metrics (`data_plane`). */
  name: string;
  /** `host:port` of its internal AppLogsService. */
  url: string;
  /** `project/domain` patterns, as in grants (either part may be `*`). */
  match: Grant[];
  /** Its own shared secret; undefined: APPLOGS_INTERNAL_SECRET. */
  secret?: string;
  /** Its own mutual TLS files; undefined: APPLOGS_INTERNAL_TLS_*. */
  tls?: Required<TlsFiles>;
}

const FIELDS = ['name', 'url', 'match', 'secret', 'tls'];
const TLS_FIELDS = ['cert', 'key', 'ca'] as const;

/**
 * The `dataPlanes` list of a routing file (APPLOGS_DATA_PLANES_FILE), checked: every entry has a unique name,
 * a host:port and at least one pattern, and its TLS files are readable PEM that belong together. Errors name
 * the file and the entry, on one line.
 */
export function parseDataPlaneRoutes(path: string, document: unknown): DataPlaneRoute[] {
  const list = (document as { dataPlanes?: unknown } | null)?.dataPlanes;
  if (!Array.isArray(list) || list.length === 0) throw new Error(`${path}: expected "dataPlanes:", a list of { name, url, match }`);
  const routes = list.map((item: unknown, index) => parseRoute(item, `${path}: data plane ${index + 1}`));
  routes.forEach((route, index) => {
    const first = routes.findIndex((other) => other.name === route.name);
    if (first < index) throw new Error(`${path}: data plane ${index + 1} (${route.name}): the name ${route.name} is taken by data plane ${first + 1}`);
  });
  return routes;
}

/** The first data plane whose patterns cover the project and domain; undefined when none does. */
export function routeFor(routes: readonly DataPlaneRoute[], project: string, domain: string): DataPlaneRoute | undefined {
  return routes.find((route) => grants(route.match, project, domain));
}

function parseRoute(item: unknown, at: string): DataPlaneRoute {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new Error(`${at}: expected { name, url, match }`);
  const entry = item as Record<string, unknown>;
  const { name } = entry;
  if (typeof name !== 'string' || !isDnsLabel(name)) {
    throw new Error(`${at}: name ${JSON.stringify(name)} must be 1-63 lower-case letters, digits and '-' (it labels metrics)`);
  }
  const where = `${at} (${name})`;
  const unknown = Object.keys(entry).filter((key) => !FIELDS.includes(key));
  if (unknown.length > 0) throw new Error(`${where}: unknown field ${unknown.join(', ')}; the fields are ${FIELDS.join(', ')}`);
  if (typeof entry.url !== 'string' || !isHostPort(entry.url)) throw new Error(`${where}: url ${JSON.stringify(entry.url)} is not host:port`);
  const match = parseGrants(entry.match, `${where}: match`);
  if (!match || match.length === 0) throw new Error(`${where}: match must be a list of "project/domain" patterns, e.g. ["shop/*"]`);
  if (entry.secret !== undefined && (typeof entry.secret !== 'string' || !entry.secret)) throw new Error(`${where}: secret must be a non-empty string`);
  return { name, url: entry.url, match, secret: entry.secret as string | undefined, tls: entry.tls === undefined ? undefined : parseTls(entry.tls, where) };
}

function parseTls(tls: unknown, where: string): Required<TlsFiles> {
  const files = (tls ?? {}) as Record<string, unknown>;
  if (typeof tls !== 'object' || !TLS_FIELDS.every((field) => typeof files[field] === 'string' && files[field])) {
    throw new Error(`${where}: tls must have cert, key and ca, each the path of a PEM file`);
  }
  return checkedMutualTls(files as unknown as Required<TlsFiles>, (field) => `${where}: tls.${field}`);
}
