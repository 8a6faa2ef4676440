import { create, fromBinary, ReplicaEvent_Kind, TailLogsResponseSchema, toBinary, type MessageInitShape } from '@applogs/proto';
import { toEvents } from './response-events';

const hello = { project: 'demo', domain: 'development', name: 'hello' };
const helloId = { org: '', ...hello };
const seconds = BigInt(Date.parse('2030-01-02T03:04:05Z') / 1000);

/** A response as the client receives it: encoded by the server, decoded by the client. */
const received = (response: MessageInitShape<typeof TailLogsResponseSchema>) =>
  fromBinary(TailLogsResponseSchema, toBinary(TailLogsResponseSchema, create(TailLogsResponseSchema, response)));

describe('toEvents', () => {
  test('replicas: pods with their app; an empty org is left out', () => {
    const response = received({
      resp: {
        case: 'replicas',
        value: {
          replicas: [
            { appId: helloId, name: 'pod-a' },
            { appId: { ...helloId, org: 'acme' }, name: 'pod-b' },
          ],
        },
      },
    });
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
    const line = (message: string, nanos: number, shortPodName = '') => ({ timestamp: { seconds, nanos }, message, shortPodName });
    const response = received({
      resp: {
        case: 'batches',
        value: {
          logs: [
            { replicaId: { appId: helloId, name: 'pod-a' }, structuredLines: [line('a1', 123_456_789, 'a'), line('a2', 123_456_790, 'a')] },
            { replicaId: { appId: helloId, name: 'pod-b' }, structuredLines: [line('b1', 7)] },
          ],
        },
      },
    });
    expect(toEvents(response, hello)).toMatchObject([
      {
        type: 'lines',
        replica: { pod: 'pod-a', shortName: 'a', app: hello },
        lines: [
          { timestamp: { seconds, nanos: 123_456_789 }, rfc3339: '2030-01-02T03:04:05.123456789Z', message: 'a1' },
          { timestamp: { seconds, nanos: 123_456_790 }, rfc3339: '2030-01-02T03:04:05.123456790Z', message: 'a2' },
        ],
      },
      {
        type: 'lines',
        replica: { pod: 'pod-b', app: hello },
        lines: [{ timestamp: { seconds, nanos: 7 }, rfc3339: '2030-01-02T03:04:05.000000007Z', message: 'b1' }],
      },
    ]);
  });

  test('a line without a timestamp, and a replica id without its app (the target app stands in)', () => {
    const response = received({ resp: { case: 'batches', value: { logs: [{ replicaId: { name: 'pod-a' }, structuredLines: [{ message: 'bare' }] }] } } });
    expect(toEvents(response, hello)).toEqual([
      { type: 'lines', replica: { pod: 'pod-a', app: hello }, lines: [{ timestamp: undefined, rfc3339: undefined, message: 'bare' }] },
    ]);
  });

  test.each([ReplicaEvent_Kind.JOINED, ReplicaEvent_Kind.LEFT, ReplicaEvent_Kind.RESTARTED, ReplicaEvent_Kind.RETRYING, ReplicaEvent_Kind.FAILED])(
    'replica event %s',
    (kind) => {
      const response = received({
        resp: { case: 'replicaEvent', value: { replica: { appId: helloId, name: 'pod-a' }, kind, message: 'HTTP 500; retry 2 in 800 ms' } },
      });
      expect(toEvents(response, hello)).toEqual([
        { type: 'replica-event', kind, replica: { pod: 'pod-a', app: hello }, message: 'HTTP 500; retry 2 in 800 ms' },
      ]);
    },
  );

  test('what this client does not know is skipped: an unknown event kind, the deprecated log_lines arm', () => {
    const event = (kind: ReplicaEvent_Kind) =>
      received({ resp: { case: 'replicaEvent', value: { replica: { appId: helloId, name: 'pod-a' }, kind, message: '' } } });
    expect(toEvents(event(42 as ReplicaEvent_Kind), hello)).toEqual([]);
    expect(toEvents(event(ReplicaEvent_Kind.KIND_UNSPECIFIED), hello)).toEqual([]);
    expect(toEvents(received({ resp: { case: 'logLines', value: { lines: ['old'] } } }), hello)).toEqual([]);
  });
});
