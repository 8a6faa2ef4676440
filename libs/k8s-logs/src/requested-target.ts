import { LogsSource, type Identifier, type TailLogsRequest } from '@applogs/proto';
import { invalidArgument, unimplemented } from './errors';
import { quote } from './quote';

/** What a TailLogs call asks to read, once validated: every replica of an app, or one of them. */
export type RequestedTarget = { kind: 'app'; appId: Identifier } | { kind: 'replica'; appId: Identifier; podName: string };

// Flyte's rule for app names: a DNS label of at most 30 characters.
const APP_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const MAX_APP_NAME = 30;
// Pod names are DNS subdomains (RFC 1123), at most 253 characters.
const POD_NAME = /^[a-z0-9](?:[-a-z0-9.]{0,251}[a-z0-9])?$/;
// Project, domain and org end up in a label selector (`{name}-{project}-{domain}`) and in messages: DNS labels
// (any case, as the service name is lower-cased), at most 63 characters.
const ID_PART = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** The request's target, validated; messages name the fields as the .proto file does. */
export function requestedTarget(request: TailLogsRequest): RequestedTarget {
  // Live logs are all we have; pretending to answer a persisted-only request with them would mislead.
  if (request.source === LogsSource.PERSISTED_ONLY) {
    throw unimplemented('persisted logs are not available here: applogs serves live logs (source LIVE_OR_PERSISTED or LIVE_ONLY)');
  }
  const { target } = request;
  if (target.case === 'replicaId') {
    const replica = target.value;
    if (!replica.appId) throw invalidArgument('replica_id.app_id is required');
    const appId = validAppId(replica.appId, 'replica_id.app_id');
    if (!replica.name) throw invalidArgument('replica_id.name is required: the pod name of the replica');
    if (!POD_NAME.test(replica.name)) {
      throw invalidArgument(`replica_id.name ${quote(replica.name)} is not a valid pod name`);
    }
    return { kind: 'replica', appId, podName: replica.name };
  }
  if (target.case === 'appId') return { kind: 'app', appId: validAppId(target.value, 'app_id') };
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
      `${field}.name ${quote(appId.name)} is not a valid app name: 1-${MAX_APP_NAME} letters, digits and '-', ` + 'starting and ending with a letter or digit',
    );
  }
  return appId;
}
