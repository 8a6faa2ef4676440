import {
  Code,
  create,
  IdentifierSchema,
  LogsSource,
  TailLogsRequestSchema,
  type MessageInitShape,
  type ReplicaIdentifierSchema,
  type TailLogsRequest,
} from '@applogs/proto';
import { AppLogsError } from './errors';
import { requestedTarget } from './requested-target';

type IdentifierInit = MessageInitShape<typeof IdentifierSchema>;

const appId = { org: '', project: 'demo', domain: 'development', name: 'hello' };
const request = (fields: MessageInitShape<typeof TailLogsRequestSchema> = {}): TailLogsRequest =>
  create(TailLogsRequestSchema, { source: LogsSource.LIVE_OR_PERSISTED, ...fields });
const app = (id: IdentifierInit, source?: LogsSource) => request({ target: { case: 'appId', value: id }, source });
const replica = (id: MessageInitShape<typeof ReplicaIdentifierSchema>) => request({ target: { case: 'replicaId', value: id } });

describe('requestedTarget', () => {
  test('an app id', () => {
    expect(requestedTarget(app(appId))).toEqual({ kind: 'app', appId: create(IdentifierSchema, appId) });
  });

  test('a replica id', () => {
    expect(requestedTarget(replica({ appId, name: 'hello-pod-1' }))).toEqual({
      kind: 'replica',
      appId: create(IdentifierSchema, appId),
      podName: 'hello-pod-1',
    });
  });

  test.each([
    { name: 'no target', req: request(), message: /a target is required: set app_id or replica_id/ },
    { name: 'no project', req: app({ ...appId, project: '' }), message: /app_id\.project is required/ },
    { name: 'no domain', req: app({ ...appId, domain: '' }), message: /app_id\.domain is required/ },
    { name: 'no name', req: app({ ...appId, name: '' }), message: /app_id\.name is required/ },
    { name: 'name too long', req: app({ ...appId, name: 'a'.repeat(31) }), message: /app_id\.name "a{31}" is not a valid app name/ },
    { name: 'name with a slash', req: app({ ...appId, name: 'a/b' }), message: /not a valid app name/ },
    { name: 'name ending in a dash', req: app({ ...appId, name: 'ab-' }), message: /not a valid app name/ },
    { name: 'replica without app', req: replica({ name: 'p' }), message: /replica_id\.app_id is required/ },
    { name: 'replica without name', req: replica({ appId, name: '' }), message: /replica_id\.name is required/ },
    { name: 'replica name with a path', req: replica({ appId, name: '../secrets' }), message: /replica_id\.name "\.\.\/secrets" is not a valid pod name/ },
    { name: 'replica with a bad app', req: replica({ appId: { ...appId, domain: '' }, name: 'p' }), message: /replica_id\.app_id\.domain is required/ },
  ])('$name is INVALID_ARGUMENT', ({ req, message }) => {
    let thrown: unknown;
    try {
      requestedTarget(req);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppLogsError);
    expect((thrown as AppLogsError).code).toBe(Code.INVALID_ARGUMENT);
    expect((thrown as AppLogsError).message).toMatch(message);
  });

  test('live sources are served, persisted-only is UNIMPLEMENTED', () => {
    expect(requestedTarget(app(appId, LogsSource.LIVE_ONLY))).toEqual({ kind: 'app', appId: create(IdentifierSchema, appId) });
    expect(() => requestedTarget(app(appId, LogsSource.PERSISTED_ONLY))).toThrow(
      expect.objectContaining({ code: Code.UNIMPLEMENTED, message: expect.stringMatching(/persisted logs are not available here/) }),
    );
  });

  test('a huge name is clipped in the message', () => {
    expect(() => requestedTarget(app({ ...appId, name: 'x'.repeat(100_000) }))).toThrow(/^app_id\.name "x{64}…"/);
  });
});

describe('hostile identifiers (fuzz findings)', () => {
  const base = { org: '', project: 'demo', domain: 'development', name: 'hello' };
  const refusal = (id: IdentifierInit) => {
    try {
      requestedTarget(app(id));
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
