/** A setting that is missing or malformed; the message names the variable and what it expects. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

/** A `host:port` address to listen on or dial, e.g. `127.0.0.1:8090` or `[::1]:8090`. */
export function envAddress(env: Env, name: string, fallback: string): string {
  const value = env[name]?.trim() || fallback;
  if (!isHostPort(value)) throw new ConfigError(`${name}="${value}" is not a host:port address (for example 127.0.0.1:8090)`);
  return value;
}

/** Whether `value` is `host:port`, e.g. `127.0.0.1:8090`, `[::1]:8090` or `dp-east.example:8091`. */
export function isHostPort(value: string): boolean {
  const match = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(value);
  return match !== null && Number(match[2]) <= 65535;
}

/** Like envAddress, but set to the empty string it turns the feature off (undefined). */
export function envOptionalAddress(env: Env, name: string, fallback: string): string | undefined {
  if (env[name] !== undefined && env[name]!.trim() === '') return undefined;
  return envAddress(env, name, fallback);
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function envLogLevel(env: Env, name: string, fallback: string): string {
  const value = env[name]?.trim() || fallback;
  if (!LOG_LEVELS.includes(value)) throw new ConfigError(`${name}="${value}" must be one of ${LOG_LEVELS.join(', ')}`);
  return value;
}

export function envInteger(env: Env, name: string, fallback: number, bounds: { min: number; max: number }): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!/^-?\d+$/.test(raw) || value < bounds.min || value > bounds.max) {
    throw new ConfigError(`${name}="${raw}" must be a whole number from ${bounds.min} to ${bounds.max}`);
  }
  return value;
}

/** `true` or `false` (any case); unset or blank: `fallback`. Nothing else, so that a typo is not read as false. */
export function envBoolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = raw.toLowerCase();
  if (value !== 'true' && value !== 'false') throw new ConfigError(`${name}="${raw}" must be true or false`);
  return value === 'true';
}

/** Whether `value` is a DNS label (RFC 1123), as Kubernetes object names such as namespaces are. */
export function isDnsLabel(value: string): boolean {
  return /^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$/.test(value);
}

/** A Kubernetes object name such as a namespace: a DNS label. */
export function envDnsLabel(env: Env, name: string, fallback: string): string {
  const value = env[name]?.trim() || fallback;
  if (!isDnsLabel(value)) {
    throw new ConfigError(`${name}="${value}" is not a valid Kubernetes name (lower-case letters, digits and '-')`);
  }
  return value;
}

/** The host (without an IPv6 address's brackets) and the port of a `host:port` address, as `listen` takes them. */
export function splitHostPort(address: string): { host: string; port: number } {
  const separator = address.lastIndexOf(':');
  return { host: address.slice(0, separator).replace(/^\[|\]$/g, ''), port: Number(address.slice(separator + 1)) };
}

/** True for hosts that only this machine can reach. */
export function isLoopbackAddress(address: string): boolean {
  const { host } = splitHostPort(address);
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

/**
 * Comma-separated web origins (`https://console.example.com`, `http://localhost:3000`), as browsers send them in
 * `Origin`: a scheme, a host and maybe a port, nothing else. Empty or unset: none.
 */
export function envOrigins(env: Env, name: string): string[] {
  const raw = env[name]?.trim() ?? '';
  if (raw === '') return [];
  return raw.split(',').map((part) => {
    const origin = part.trim();
    let url: URL | undefined;
    try {
      url = new URL(origin);
    } catch {
      url = undefined;
    }
    if (!url || !/^https?:$/.test(url.protocol) || url.origin !== origin) {
      throw new ConfigError(`${name}: "${origin}" is not an origin: scheme, host and port only, like https://console.example.com`);
    }
    return origin;
  });
}
