import type { Grant } from './caller';

const PART = /^(\*|[A-Za-z0-9][A-Za-z0-9_.-]{0,62})$/;

/** Parses `project/domain` (either part may be `*`); undefined when it is not one. */
export function parseGrant(text: string): Grant | undefined {
  const parts = text.trim().split('/');
  if (parts.length !== 2 || !parts.every((part) => PART.test(part))) return undefined;
  return { project: parts[0], domain: parts[1] };
}

/**
 * A list of `project/domain` patterns; undefined when `list` is not a list. An item that is not a pattern
 * throws, `what` naming it (`entry 2 (alice): grant`).
 */
export function parseGrants(list: unknown, what: string): Grant[] | undefined {
  if (!Array.isArray(list)) return undefined;
  return list.map((item) => {
    const grant = typeof item === 'string' ? parseGrant(item) : undefined;
    if (!grant) throw new Error(`${what} ${JSON.stringify(item)} is not "project/domain" (either may be *)`);
    return grant;
  });
}

/** Whether any grant covers the app's project and domain. */
export function grants(granted: readonly Grant[], project: string, domain: string): boolean {
  return granted.some((grant) => (grant.project === '*' || grant.project === project) && (grant.domain === '*' || grant.domain === domain));
}
