import { create, TailLogsResponseSchema, toBinary } from '@applogs/proto';
import { toJson } from '@bufbuild/protobuf';
import { relayedResponse } from './relayed-response';

const encoded = toBinary(
  TailLogsResponseSchema,
  create(TailLogsResponseSchema, {
    resp: {
      case: 'batches',
      value: {
        logs: [
          {
            replicaId: { appId: { project: 'demo', domain: 'development', name: 'hello' }, name: 'hello-00001-abc' },
            structuredLines: [{ message: 'naïve ✓ line', timestamp: { seconds: 1_800_000_000n, nanos: 5 } }],
          },
        ],
      },
    },
  }),
);

describe('relayedResponse', () => {
  test('binary: written back byte for byte, though never decoded', () => {
    const relayed = relayedResponse(TailLogsResponseSchema, encoded, false);
    expect(relayed.$unknown?.length).toBe(1);
    expect(Buffer.from(toBinary(TailLogsResponseSchema, relayed as never))).toEqual(Buffer.from(encoded));
  });

  test('JSON: decoded, so that Connect writes canonical protobuf JSON', () => {
    const relayed = relayedResponse(TailLogsResponseSchema, encoded, true);
    expect(toJson(TailLogsResponseSchema, relayed as never)).toMatchObject({
      batches: {
        logs: [{ replicaId: { name: 'hello-00001-abc' }, structuredLines: [{ message: 'naïve ✓ line', timestamp: '2027-01-15T08:00:00.000000005Z' }] }],
      },
    });
  });
});
