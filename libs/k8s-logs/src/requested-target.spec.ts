import { status } from '@grpc/grpc-js';
import { LogsSource, type TailLogsRequest } from '@applogs/proto';
import { AppLogsError } from './errors';
import { tailTargetOf } from './tail-target';

const appId = { org: '', project: 'demo', domain: 'development', name: 'hello' };
const request = (fields: Partial<TailLogsRequest>): TailLogsRequest => ({ source: LogsSource.LIVE_OR_PERSISTED, include: [], exclude: [], ...fields });

describe('tailTargetOf', () => {
  test('an app id', () => {
    expect(tailTargetOf(request({ app_id: appId }))).toEqual({ kind: 'app', appId });
  });

  test('a replica id', () => {
    expect(tailTargetOf(request({ replica_id: { app_id: appId, name: 'hello-pod-1' } }))).toEqual({
      kind: 'replica',
      appId,
      podName: 'hello-pod-1',
    });
  });

  test.each([
    { name: 'no target', req: request({}), message: /a target is required: set app_id or replica_id/ },
    { name: 'no project', req: request({ app_id: { ...appId, project: '' } }), message: /app_id\.project is required/ },
    { name: 'no domain', req: request({ app_id: { ...appId, domain: '' } }), message: /app_id\.domain is required/ },
    { name: 'no name', req: request({ app_id: { ...appId, name: '' } }), message: /app_id\.name is required/ },
    { name: 'name too long', req: request({ app_id: { ...appId, name: 'a'.repeat(31) } }), message: /app_id\.name "a{31}" is not a valid app name/ },
    { name: 'name with a slash', req: request({ app_id: { ...appId, name: 'a/b' } }), message: /not a valid app name/ },
    { name: 'name ending in a dash', req: request({ app_id: { ...appId, name: 'ab-' } }), message: /not a valid app name/ },
    { name: 'replica without app', req: request({ replica_id: { name: 'p' } }), message: /replica_id\.app_id is required/ },
    { name: 'replica without name', req: request({ replica_id: { app_id: appId, name: '' } }), message: /replica_id\.name is required/ },
    { name: 'replica name with a path', req: request({ replica_id: { app_id: appId, name: '../secrets' } }), message: /replica_id\.name "\.\.\/secrets" is not a valid pod name/ },
    { name: 'replica with a bad app', req: request({ replica_id: { app_id: { ...appId, domain: '' }, name: 'p' } }), message: /replica_id\.app_id\.domain is required/ },
  ])('$name is INVALID_ARGUMENT', ({ req, message }) => {
    let thrown: unknown;
    try {
      tailTargetOf(req);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppLogsError);
    expect((thrown as AppLogsError).code).toBe(status.INVALID_ARGUMENT);
    expect((thrown as AppLogsError).message).toMatch(message);
  });

  test('live sources are served, persisted-only is UNIMPLEMENTED', () => {
    expect(tailTargetOf(request({ app_id: appId, source: LogsSource.LIVE_ONLY }))).toEqual({ kind: 'app', appId });
    expect(() => tailTargetOf(request({ app_id: appId, source: LogsSource.PERSISTED_ONLY }))).toThrow(
      expect.objectContaining({ code: status.UNIMPLEMENTED, message: expect.stringMatching(/persisted logs are not available here/) }),
    );
  });

  test('a huge name is clipped in the message', () => {
    expect(() => tailTargetOf(request({ app_id: { ...appId, name: 'x'.repeat(100_000) } }))).toThrow(/^app_id\.name "x{64}…"/);
  });
});

describe('hostile identifiers (fuzz findings)', () => {
  const base = { org: '', project: 'demo', domain: 'development', name: 'hello' };
  const refusal = (appId: object) => {
    try {
      tailTargetOf({ app_id: appId, include: [], exclude: [] } as unknown as TailLogsRequest);
      return undefined;
    } catch (error) {
      return (error as Error).message;
    }
  };

  test.each(['a/b', '..', 'a b', 'ü', '-a', 'p'.repeat(64)])('project or domain %j is refused, naming the field', (value) => {
    expect(refusal({ ...base, project: value })).toMatch(/^app_id\.project "/);
    expect(refusal({ ...base, domain: value })).toMatch(/^app_id\.domain "/);
  });

  test('a huge or control-character value is clipped and escaped in the message', () => {
    const message = refusal({ ...base, org: `a\0b\n${'x'.repeat(1 << 20)}` })!;
    expect(message).toMatch(/^app_id\.org "a\\u0000b\\nx+…" is not valid/);
    expect(message.length).toBeLessThan(300);
    expect(refusal({ ...base, project: 'P'.repeat(63), org: 'my-org' })).toBeUndefined();
  });
});
