import { LogsSource, type Identifier, type TailLogsRequest } from '@applogs/proto';
import { invalidArgument, unimplemented } from './errors';

/** What a TailLogs call asks for, once validated. */
export type TailTarget =
  | { kind: 'app'; appId: Identifier }
  | { kind: 'replica'; appId: Identifier; podName: string };

// Flyte's rule for app names: a DNS label of at most 30 characters.
const APP_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const MAX_APP_NAME = 30;
// Pod names are DNS subdomains (RFC 1123), at most 253 characters.
const POD_NAME = /^[a-z0-9](?:[-a-z0-9.]{0,251}[a-z0-9])?$/;
// Project, domain and org end up in a label selector (`{name}-{project}-{domain}`) and in messages: DNS labels
// (any case, as the service name is lower-cased), at most 63 characters.
const ID_PART = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

export function tailTargetOf(request: TailLogsRequest): TailTarget {
  // Live logs are all we have; pretending to answer a persisted-only request with them would mislead.
  if (request.source === LogsSource.PERSISTED_ONLY) {
    throw unimplemented('persisted logs are not available here: applogs serves live logs (source LIVE_OR_PERSISTED or LIVE_ONLY)');
  }
  if (request.replica_id) {
    const replica = request.replica_id;
    if (!replica.app_id) throw invalidArgument('replica_id.app_id is required');
    const appId = validAppId(replica.app_id, 'replica_id.app_id');
    if (!replica.name) throw invalidArgument('replica_id.name is required: the pod name of the replica');
    if (!POD_NAME.test(replica.name)) {
      throw invalidArgument(`replica_id.name ${quote(replica.name)} is not a valid pod name`);
    }
    return { kind: 'replica', appId, podName: replica.name };
  }
  if (request.app_id) return { kind: 'app', appId: validAppId(request.app_id, 'app_id') };
  throw invalidArgument('a target is required: set app_id or replica_id');
}

function validAppId(appId: Identifier, field: string): Identifier {
  if (!appId.project) throw invalidArgument(`${field}.project is required`);
  if (!appId.domain) throw invalidArgument(`${field}.domain is required`);
  if (!appId.name) throw invalidArgument(`${field}.name is required`);
  for (const part of ['org', 'project', 'domain'] as const) {
    const value = appId[part];
    if (value && !ID_PART.test(value)) {
      throw invalidArgument(`${field}.${part} ${quote(value)} is not valid: 1-63 letters, digits and '-', starting and ending with a letter or digit`);
    }
  }
  if (appId.name.length > MAX_APP_NAME || !APP_NAME.test(appId.name)) {
    throw invalidArgument(
      `${field}.name ${quote(appId.name)} is not a valid app name: 1-${MAX_APP_NAME} letters, digits and '-', ` +
        'starting and ending with a letter or digit',
    );
  }
  return appId;
}

/**
 * A caller's value quoted for an error message: clipped when huge, and with control characters escaped, so
 * that NUL or a newline never reaches the grpc-message trailer.
 */
export function quote(value: string, max = 64): string {
  const clipped = value.length > max ? value.slice(0, max) : value;
  // eslint-disable-next-line no-control-regex
  const escaped = clipped.replace(/[\u0000-\u001f\u007f]/g, (c) => JSON.stringify(c).slice(1, -1));
  return `"${escaped}${value.length > max ? '…' : ''}"`;
}
