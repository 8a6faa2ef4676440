import { Code, fromBinary, TailLogsRequestSchema, toBinary, type TailLogsRequest } from '@applogs/proto';
import { tailLogsRequest, targetApp } from './tail-request';

const hello = { project: 'demo', domain: 'development', name: 'hello' };
/** What the server decodes from what we send. */
const overTheWire = (request: TailLogsRequest) => fromBinary(TailLogsRequestSchema, toBinary(TailLogsRequestSchema, request));

describe('tailLogsRequest', () => {
  test('an app target with no options leaves every option unset', () => {
    const received = overTheWire(tailLogsRequest({ app: hello }));
    expect(received.target).toMatchObject({ case: 'appId', value: { org: '', ...hello } });
    expect([received.tailLines, received.follow, received.since, received.sinceTime, received.include, received.exclude]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      [],
      [],
    ]);
  });

  test('a replica target names the pod and its app', () => {
    const target = { replica: { app: { ...hello, org: 'acme' }, pod: 'hello-00001-abc' } };
    expect(overTheWire(tailLogsRequest(target)).target).toMatchObject({
      case: 'replicaId',
      value: { name: 'hello-00001-abc', appId: { org: 'acme', ...hello } },
    });
    expect(targetApp(target)).toEqual({ ...hello, org: 'acme' });
  });

  test('every option, zero and false kept as set', () => {
    const received = overTheWire(tailLogsRequest({ app: hello }, { tailLines: 0, follow: false, since: '5m', include: ['ERROR|WARN'], exclude: ['health'] }));
    expect(received).toMatchObject({ tailLines: 0, follow: false, since: { seconds: 300n, nanos: 0 }, include: ['ERROR|WARN'], exclude: ['health'] });
    expect(overTheWire(tailLogsRequest({ app: hello }, { previous: true })).previous).toBe(true);
  });

  test('since in milliseconds; sinceTime to the nanosecond, as text or as a line timestamp', () => {
    expect(tailLogsRequest({ app: hello }, { since: 1500.25 }).since).toMatchObject({ seconds: 1n, nanos: 500_250_000 });
    const seconds = BigInt(Date.parse('2030-01-02T03:04:05Z') / 1000);
    const fromText = overTheWire(tailLogsRequest({ app: hello }, { sinceTime: '2030-01-02T03:04:05.123456789Z' }));
    expect(fromText.sinceTime).toMatchObject({ seconds, nanos: 123_456_789 });
    const fromLine = tailLogsRequest({ app: hello }, { sinceTime: fromText.sinceTime! });
    expect(fromLine.sinceTime).toMatchObject({ seconds, nanos: 123_456_789 });
  });

  test.each([
    ['tailLines: 1.5', { tailLines: 1.5 }, 'tailLines must be a whole number from 0 to 2147483647, not 1.5'],
    ['tailLines: -1', { tailLines: -1 }, 'tailLines must be a whole number'],
    ['tailLines: 2 ** 31', { tailLines: 2 ** 31 }, 'tailLines must be a whole number'],
    ["since: '5 minutes'", { since: '5 minutes' }, 'since "5 minutes" expected numbers with units'],
    ["since: '-5m'", { since: '-5m' }, 'since "-5m" must not be negative'],
    ['since: -1', { since: -1 }, 'since -1 must be a finite, non-negative number of milliseconds'],
    ["sinceTime: '2030-01-02 03:04'", { sinceTime: '2030-01-02 03:04' }, 'sinceTime "2030-01-02 03:04" is not an RFC3339 time'],
  ])('refuses %s as INVALID_ARGUMENT', (_name, options, message) => {
    expect(() => tailLogsRequest({ app: hello }, options)).toThrow(message);
    expect(() => tailLogsRequest({ app: hello }, options)).toThrow(expect.objectContaining({ code: Code.INVALID_ARGUMENT }));
  });

  test('a line timestamp that is not one is refused', () => {
    const bad = { seconds: 1n, nanos: 1e9 } as never;
    expect(() => tailLogsRequest({ app: hello }, { sinceTime: bad })).toThrow('sinceTime must have bigint seconds');
  });

  test("the server's own rules are left to it (one place states them)", () => {
    expect(() => tailLogsRequest({ app: hello }, { since: '5m', sinceTime: '2030-01-02T03:04:05Z', tailLines: 1_000_000 })).not.toThrow();
  });
});
