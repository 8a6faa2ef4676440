import * as grpc from '@grpc/grpc-js';
import type { Scenario } from '@applogs/kube-sim';
import { fromBinary } from '@applogs/proto';
import { HealthClient, Stack, askReflection, freePort, killDataPlane, outputMatching, restartDataPlane, startControlPlane } from '@applogs/testing';
import { FileDescriptorProtoSchema } from '@bufbuild/protobuf/wkt';

const APP_LOGS = 'flyteidl2.app.AppLogsService';
const HEALTH = 'grpc.health.v1.Health';
const DATA_PLANE_ENV = { APPLOGS_HEALTH_INTERVAL_MS: '200' };

const scenario: Scenario = {
  namespace: 'flyte',
  apps: [{ service: 'hello-demo-development', replicas: 1, history: 2 }],
};

let stack: Stack;
let health: HealthClient;

beforeAll(async () => {
  stack = await Stack.start({ scenario, controlPlane: true, dataPlaneEnv: DATA_PLANE_ENV });
  health = new HealthClient(stack.controlPlaneAddress!);
});

afterAll(async () => {
  health?.close();
  await stack?.close();
});

describe('server reflection on the control plane', () => {
  test('lists AppLogsService and the health service, and describes TailLogs', async () => {
    const [list, file] = await askReflection(stack.controlPlaneAddress!, [
      { messageRequest: { case: 'listServices', value: '' } },
      { messageRequest: { case: 'fileContainingSymbol', value: `${APP_LOGS}.TailLogs` } },
    ]);
    expect(list.messageResponse.case).toBe('listServicesResponse');
    const services = list.messageResponse.case === 'listServicesResponse' ? list.messageResponse.value.service : [];
    expect(services.map((service) => service.name)).toEqual(expect.arrayContaining([APP_LOGS, HEALTH]));
    expect(file.messageResponse.case).toBe('fileDescriptorResponse');
    const descriptors = file.messageResponse.case === 'fileDescriptorResponse' ? file.messageResponse.value.fileDescriptorProto : [];
    // The file holding the symbol comes first: grpcurl and other reflection clients take the first as the answer.
    const [first] = descriptors.map((bytes) => fromBinary(FileDescriptorProtoSchema, bytes));
    expect(first.name).toBe('flyteidl2/app/app_logs_service.proto');
    const method = first.service.find((service) => service.name === 'AppLogsService')!.method.find((m) => m.name === 'TailLogs');
    expect(method).toMatchObject({ inputType: '.flyteidl2.app.TailLogsRequest', outputType: '.flyteidl2.app.TailLogsResponse' });
  });

  test('a file asked about again on the same stream comes again, without the imports already sent (as grpc-go answers)', async () => {
    const answers = await askReflection(stack.controlPlaneAddress!, [
      { messageRequest: { case: 'fileContainingSymbol', value: `${APP_LOGS}.TailLogs` } },
      { messageRequest: { case: 'fileContainingSymbol', value: APP_LOGS } },
    ]);
    const names = answers.map(({ messageResponse: answer }) =>
      answer.case === 'fileDescriptorResponse'
        ? answer.value.fileDescriptorProto.map((bytes) => fromBinary(FileDescriptorProtoSchema, bytes).name)
        : [answer.case],
    );
    expect(names[0]).toEqual(
      expect.arrayContaining(['flyteidl2/app/app_logs_service.proto', 'flyteidl2/app/app_logs_payload.proto', 'google/protobuf/timestamp.proto']),
    );
    expect(names[1]).toEqual(['flyteidl2/app/app_logs_service.proto']);
  });
});

describe("the control plane's health follows the data plane's", () => {
  test('SERVING while the data plane serves (Check and Watch)', async () => {
    const watch = health.watch(APP_LOGS);
    try {
      await watch.until('SERVING');
      expect(await health.check('')).toBe('SERVING');
      expect(await health.check(APP_LOGS)).toBe('SERVING');
    } finally {
      watch.cancel();
    }
  });

  test('NOT_SERVING while the data plane is down, SERVING again once it is back', async () => {
    const watch = health.watch('');
    try {
      await watch.until('SERVING');
      await killDataPlane(stack);
      await watch.until('NOT_SERVING');
      expect(await health.check(APP_LOGS)).toBe('NOT_SERVING');
      // Liveness only asks whether the process answers: an outage elsewhere must not get it restarted.
      expect(await health.check('liveness')).toBe('SERVING');
      await restartDataPlane(stack, DATA_PLANE_ENV);
      await watch.until('SERVING');
    } finally {
      watch.cancel();
    }
    await outputMatching(stack.controlPlane!, /the data plane at 127\.0\.0\.1:\d+ cannot serve \(UNAVAILABLE: .*\): reporting NOT_SERVING/);
  });

  test('NOT_SERVING when the data plane reports NOT_SERVING (its Kubernetes API went away)', async () => {
    const watch = health.watch(APP_LOGS);
    try {
      await watch.until('SERVING');
      await stack.sim.close();
      await watch.until('NOT_SERVING');
    } finally {
      watch.cancel();
    }
    await outputMatching(stack.controlPlane!, /cannot serve \(it reports NOT_SERVING\): reporting NOT_SERVING/);
  });
});

test('a control plane whose data plane cannot be reached reports NOT_SERVING from the start', async () => {
  const address = `127.0.0.1:${await freePort()}`;
  const controlPlane = await startControlPlane(address, `127.0.0.1:${await freePort()}`);
  const lonely = new HealthClient(address);
  try {
    expect(await lonely.check('')).toBe('NOT_SERVING');
    await expect(lonely.check('no.Such')).rejects.toMatchObject({ code: grpc.status.NOT_FOUND });
  } finally {
    lonely.close();
    await controlPlane.stop();
  }
});
