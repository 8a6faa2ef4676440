import type { MethodDefinition } from '@grpc/proto-loader';
import { appLogsPackageDefinition, encodeTailLogsResponse, ReplicaEvent_Kind, type TailLogsResponse } from '@applogs/proto';
import { toEvents } from './response-events';

const hello = { project: 'demo', domain: 'development', name: 'hello' };
const helloId = { org: '', ...hello };
const seconds = String(Date.parse('2030-01-02T03:04:05Z') / 1000);

const tailLogs = (appLogsPackageDefinition()['flyteidl2.app.AppLogsService'] as Record<string, MethodDefinition<unknown, TailLogsResponse>>)['TailLogs'];
/** A response as the client receives it: encoded by the server, decoded by our grpc-js client. */
const received = (response: TailLogsResponse) => tailLogs.responseDeserialize(encodeTailLogsResponse(response));

describe('toEvents', () => {
  test('replicas: pods with their app; an empty org is left out', () => {
    const response = received({ replicas: { replicas: [{ app_id: helloId, name: 'pod-a' }, { app_id: { ...helloId, org: 'acme' }, name: 'pod-b' }] } });
    expect(toEvents(response, hello)).toEqual([
      {
        type: 'replicas',
        replicas: [
          { pod: 'pod-a', app: hello },
          { pod: 'pod-b', app: { ...hello, org: 'acme' } },
        ],
      },
    ]);
  });

  test('a batch becomes one lines event per replica, nanosecond timestamps kept exactly', () => {
    const line = (message: string, nanos: number) => ({ timestamp: { seconds, nanos }, message, originator: 'USER', short_pod_name: '' }) as never;
    const response = received({
      batches: {
        logs: [
          { replica_id: { app_id: helloId, name: 'pod-a' }, structured_lines: [line('a1', 123_456_789), line('a2', 123_456_790)].map((l: any) => ({ ...l, short_pod_name: 'a' })), lines: [], source: 'LOG_LINE_SOURCE_LIVE' as never },
          { replica_id: { app_id: helloId, name: 'pod-b' }, structured_lines: [line('b1', 7)], lines: [], source: 'LOG_LINE_SOURCE_LIVE' as never },
        ],
      },
    });
    expect(toEvents(response, hello)).toEqual([
      {
        type: 'lines',
        replica: { pod: 'pod-a', shortName: 'a', app: hello },
        lines: [
          { timestamp: { seconds: BigInt(seconds), nanos: 123_456_789 }, rfc3339: '2030-01-02T03:04:05.123456789Z', message: 'a1' },
          { timestamp: { seconds: BigInt(seconds), nanos: 123_456_790 }, rfc3339: '2030-01-02T03:04:05.123456790Z', message: 'a2' },
        ],
      },
      {
        type: 'lines',
        replica: { pod: 'pod-b', app: hello },
        lines: [{ timestamp: { seconds: BigInt(seconds), nanos: 7 }, rfc3339: '2030-01-02T03:04:05.000000007Z', message: 'b1' }],
      },
    ]);
  });

  test('a line without a timestamp, and a replica id without its app (the target app stands in)', () => {
    const response = received({
      batches: { logs: [{ replica_id: { name: 'pod-a' }, structured_lines: [{ message: 'bare', originator: 'USER', short_pod_name: '' } as never], lines: [], source: 'LOG_LINE_SOURCE_LIVE' as never }] },
    });
    expect(toEvents(response, hello)).toEqual([{ type: 'lines', replica: { pod: 'pod-a', app: hello }, lines: [{ timestamp: undefined, rfc3339: undefined, message: 'bare' }] }]);
  });

  test.each([
    [ReplicaEvent_Kind.JOINED, 'joined'],
    [ReplicaEvent_Kind.LEFT, 'left'],
    [ReplicaEvent_Kind.RESTARTED, 'restarted'],
    [ReplicaEvent_Kind.RETRYING, 'retrying'],
    [ReplicaEvent_Kind.FAILED, 'failed'],
  ])('replica event %s', (kind, expected) => {
    const response = received({ replica_event: { replica: { app_id: helloId, name: 'pod-a' }, kind, message: 'HTTP 500; retry 2 in 800 ms' } });
    expect(toEvents(response, hello)).toEqual([{ type: 'replica-event', kind: expected, replica: { pod: 'pod-a', app: hello }, message: 'HTTP 500; retry 2 in 800 ms' }]);
  });

  test('what this client does not know is skipped: an unknown event kind, the deprecated log_lines arm', () => {
    expect(toEvents({ replica_event: { replica: { app_id: helloId, name: 'pod-a' }, kind: 42 as never, message: 'new' } }, hello)).toEqual([]);
    expect(toEvents({ replica_event: { replica: { app_id: helloId, name: 'pod-a' }, kind: ReplicaEvent_Kind.KIND_UNSPECIFIED, message: '' } }, hello)).toEqual([]);
    expect(toEvents(received({ log_lines: { lines: ['old'], structured_lines: [] } }), hello)).toEqual([]);
  });
});
