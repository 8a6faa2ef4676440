import { status } from '@grpc/grpc-js';
import type { MethodDefinition } from '@grpc/proto-loader';
import { appLogsPackageDefinition, type TailLogsRequest } from '@applogs/proto';
import { targetApp, toTailLogsRequest } from './tail-request';

const hello = { project: 'demo', domain: 'development', name: 'hello' };
const tailLogs = appLogsPackageDefinition()['flyteidl2.app.AppLogsService'] as Record<string, MethodDefinition<TailLogsRequest, unknown>>;
/** What the server decodes from what we send: the request through proto-loader's encoder and decoder. */
const overTheWire = (request: TailLogsRequest) => tailLogs['TailLogs'].requestDeserialize(tailLogs['TailLogs'].requestSerialize(request));

describe('toTailLogsRequest', () => {
  test('an app target with no options leaves every option unset', () => {
    const request = toTailLogsRequest({ app: hello });
    expect(request).toEqual({ app_id: { org: '', ...hello }, source: 'LIVE_OR_PERSISTED', include: [], exclude: [] });
    const received = overTheWire(request);
    expect(received).toMatchObject({ target: 'app_id', app_id: { org: '', ...hello }, tail_lines: null, follow: null, since: null, since_time: null });
  });

  test('a replica target names the pod and its app', () => {
    const target = { replica: { app: { ...hello, org: 'acme' }, pod: 'hello-00001-abc' } };
    expect(toTailLogsRequest(target).replica_id).toEqual({ app_id: { org: 'acme', ...hello }, name: 'hello-00001-abc' });
    expect(overTheWire(toTailLogsRequest(target))).toMatchObject({ target: 'replica_id', replica_id: { name: 'hello-00001-abc', app_id: { org: 'acme' } } });
    expect(targetApp(target)).toEqual({ ...hello, org: 'acme' });
  });

  test('every option, with wrappers as { value } and zero and false kept as set', () => {
    const request = toTailLogsRequest(
      { app: hello },
      { tailLines: 0, follow: false, since: '5m', include: ['ERROR|WARN'], exclude: ['health'] },
    );
    expect(request).toMatchObject({ tail_lines: { value: 0 }, follow: { value: false }, since: { seconds: '300', nanos: 0 }, include: ['ERROR|WARN'], exclude: ['health'] });
    expect(overTheWire(request)).toMatchObject({ tail_lines: { value: 0 }, follow: { value: false }, since: { seconds: '300', nanos: 0 } });
  });

  test('since in milliseconds; sinceTime to the nanosecond, as text or as a line timestamp', () => {
    expect(toTailLogsRequest({ app: hello }, { since: 1500.25 }).since).toEqual({ seconds: '1', nanos: 500_250_000 });
    const seconds = String(Date.parse('2030-01-02T03:04:05Z') / 1000);
    const fromText = toTailLogsRequest({ app: hello }, { sinceTime: '2030-01-02T03:04:05.123456789Z' });
    expect(fromText.since_time).toEqual({ seconds, nanos: 123_456_789 });
    expect(overTheWire(fromText).since_time).toEqual({ seconds, nanos: 123_456_789 });
    expect(toTailLogsRequest({ app: hello }, { sinceTime: { seconds: BigInt(seconds), nanos: 7 } }).since_time).toEqual({ seconds, nanos: 7 });
  });

  test.each([
    ['tailLines: 1.5', { tailLines: 1.5 }, 'tailLines must be a whole number from 0 to 2147483647, not 1.5'],
    ['tailLines: -1', { tailLines: -1 }, 'tailLines must be a whole number'],
    ['tailLines: 2 ** 31', { tailLines: 2 ** 31 }, 'tailLines must be a whole number'],
    ["since: '5 minutes'", { since: '5 minutes' }, 'since "5 minutes" expected numbers with units'],
    ['since: -1', { since: -1 }, 'since -1 must be a finite, non-negative number of milliseconds'],
    ["sinceTime: '2030-01-02 03:04'", { sinceTime: '2030-01-02 03:04' }, 'sinceTime "2030-01-02 03:04" is not an RFC3339 time'],
    ['sinceTime: { nanos: 1e9 }', { sinceTime: { seconds: 1n, nanos: 1e9 } }, 'sinceTime must have bigint seconds'],
  ])('refuses %s as INVALID_ARGUMENT', (_name, options, message) => {
    expect(() => toTailLogsRequest({ app: hello }, options)).toThrow(message);
    expect(() => toTailLogsRequest({ app: hello }, options)).toThrow(expect.objectContaining({ code: status.INVALID_ARGUMENT }));
  });

  test("the server's own rules are left to it (one place states them)", () => {
    expect(() => toTailLogsRequest({ app: hello }, { since: '5m', sinceTime: '2030-01-02T03:04:05Z', tailLines: 1_000_000 })).not.toThrow();
  });
});
