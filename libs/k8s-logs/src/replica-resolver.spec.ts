import { Code, create, IdentifierSchema, ReplicaIdentifierSchema } from '@applogs/proto';
import { AppLogsError } from './errors';
import { ReplicaResolver } from './replica-resolver';
import { FakePodDirectory as FakeDirectory, pod } from './test/fake-pod-directory';

const appId = create(IdentifierSchema, { org: '', project: 'demo', domain: 'development', name: 'hello' });
const service = 'hello-demo-development';

const labels = (revision: string) => ({ 'serving.knative.dev/service': service, 'serving.knative.dev/revision': revision });

async function failure(promise: Promise<unknown>): Promise<AppLogsError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppLogsError);
  return error as AppLogsError;
}

describe('ReplicaResolver', () => {
  test('an app: its pods of the latest ready revision, user container, follow only when running', async () => {
    const directory = new FakeDirectory(
      [
        pod(`${service}-00001-deployment-a1-old1`, labels(`${service}-00001`)),
        pod(`${service}-00002-deployment-b2-new1`, labels(`${service}-00002`)),
        pod(`${service}-00002-deployment-b2-new2`, labels(`${service}-00002`), 'Succeeded', ['queue-proxy', 'app']),
        pod(`${service}-00002-deployment-b2-new3`, labels(`${service}-00002`), 'Pending'),
      ],
      `${service}-00002`,
    );
    const replicas = await new ReplicaResolver(directory, 'flyte').resolveApp(appId);
    // Every revision is listed (a watch needs them all); only the latest ready one is tailed.
    expect(directory.selectors).toEqual([`serving.knative.dev/service=${service}`]);
    expect(replicas).toEqual([
      {
        id: create(ReplicaIdentifierSchema, { appId, name: `${service}-00002-deployment-b2-new1` }),
        namespace: 'flyte',
        pod: `${service}-00002-deployment-b2-new1`,
        container: 'user-container',
        shortName: '00002-new1',
        follow: true,
        restartCount: 0,
      },
      expect.objectContaining({ pod: `${service}-00002-deployment-b2-new2`, container: 'app', follow: false }),
    ]);
  });

  test('without a Knative service the service label alone selects', async () => {
    const directory = new FakeDirectory([pod('p1', labels('r1')), pod('p2', labels('r2'))]);
    const replicas = await new ReplicaResolver(directory, 'flyte').resolveApp(appId);
    expect(directory.selectors).toEqual([`serving.knative.dev/service=${service}`]);
    expect(replicas.map((r) => r.pod)).toEqual(['p1', 'p2']);
  });

  test('an app without pods is NOT_FOUND naming the app and selector', async () => {
    const error = await failure(new ReplicaResolver(new FakeDirectory([]), 'flyte').resolveApp(appId));
    expect(error.code).toBe(Code.NOT_FOUND);
    expect(error.message).toMatch(
      /no replicas found for app demo\/development\/hello \(pods labelled serving\.knative\.dev\/service=hello-demo-development in namespace flyte\)/,
    );
    const withRevision = await failure(new ReplicaResolver(new FakeDirectory([], 'r9'), 'flyte').resolveApp(appId));
    expect(withRevision.message).toContain('serving.knative.dev/service=hello-demo-development,serving.knative.dev/revision=r9');
  });

  test('a replica of the app', async () => {
    const directory = new FakeDirectory([pod('p1', labels('r1'))]);
    const replica = await new ReplicaResolver(directory, 'flyte').resolveReplica(appId, 'p1');
    expect(replica).toMatchObject({ pod: 'p1', container: 'user-container', follow: true });
  });

  test('a missing replica is NOT_FOUND naming pod and namespace', async () => {
    const error = await failure(new ReplicaResolver(new FakeDirectory([]), 'flyte').resolveReplica(appId, 'p9'));
    expect(error.code).toBe(Code.NOT_FOUND);
    expect(error.message).toBe('pod p9 not found in namespace flyte');
  });

  test("another app's pod is NOT_FOUND", async () => {
    const directory = new FakeDirectory([pod('p1', { 'serving.knative.dev/service': 'other-demo-development' }), pod('p2', {})]);
    const resolver = new ReplicaResolver(directory, 'flyte');
    for (const podName of ['p1', 'p2']) {
      const error = await failure(resolver.resolveReplica(appId, podName));
      expect(error.code).toBe(Code.NOT_FOUND);
      expect(error.message).toBe(`pod ${podName} is not a replica of app demo/development/hello`);
    }
  });

  test('a pod with only sidecars is FAILED_PRECONDITION', async () => {
    const directory = new FakeDirectory([pod('p1', labels('r1'), 'Running', ['queue-proxy'])]);
    const error = await failure(new ReplicaResolver(directory, 'flyte').resolveReplica(appId, 'p1'));
    expect(error.code).toBe(Code.FAILED_PRECONDITION);
  });
});
