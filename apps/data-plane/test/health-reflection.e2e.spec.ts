import * as grpc from '@grpc/grpc-js';
import type { Scenario } from '@applogs/kube-sim';
import { fromBinary } from '@applogs/proto';
import {
  HealthClient,
  REPO_ROOT,
  Stack,
  askReflection,
  outputMatching,
  useStack,
  type ReflectionResponse,
  type ReflectionVersion,
  PYTHON,
  hasPythonGrpc,
  runPython,
} from '@applogs/testing';
import { FileDescriptorProtoSchema, type DescriptorProto, type FileDescriptorProto } from '@bufbuild/protobuf/wkt';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const APP_LOGS = 'flyteidl2.app.AppLogsService';
const HEALTH = 'grpc.health.v1.Health';

const scenario: Scenario = {
  namespace: 'flyte',
  apps: [{ service: 'hello-demo-development', replicas: 2, history: 3 }],
};

const fixture = useStack({ scenario, dataPlaneEnv: { APPLOGS_HEALTH_INTERVAL_MS: '200' } });

/** Every message a file defines, by full name. */
function messagesOf(file: FileDescriptorProto): string[] {
  const names: string[] = [];
  const visit = (scope: string, messages: DescriptorProto[]) => {
    for (const message of messages) {
      names.push(`${scope}.${message.name}`);
      visit(`${scope}.${message.name}`, message.nestedType);
    }
  };
  visit(file.package, file.messageType);
  return names;
}

type Answer = ReflectionResponse['messageResponse'];

/** The response's answer, which must be of the kind asked for (a failure names what came instead). */
function answerOf<K extends NonNullable<Answer['case']>>(response: ReflectionResponse, kind: K): Extract<Answer, { case: K }>['value'] {
  const answer = response.messageResponse;
  if (answer.case !== kind) throw new Error(`expected ${kind}, got ${answer.case ?? 'no answer'}`);
  // Narrowed by the check above, which TypeScript cannot follow through a generic `kind`.
  return answer.value as never;
}

describe.each<ReflectionVersion>(['v1', 'v1alpha'])('server reflection (%s) on the data plane', (version) => {
  test('lists AppLogsService, the health service and itself', async () => {
    const [response] = await askReflection(fixture.stack.dataPlaneAddress, [{ messageRequest: { case: 'listServices', value: '*' } }], version);
    expect(
      answerOf(response, 'listServicesResponse')
        .service.map((service) => service.name)
        .sort(),
    ).toEqual([APP_LOGS, HEALTH, 'grpc.reflection.v1.ServerReflection', 'grpc.reflection.v1alpha.ServerReflection'].sort());
  });

  test("file_containing_symbol gives descriptors in which TailLogs' request and response types resolve", async () => {
    const [response] = await askReflection(fixture.stack.dataPlaneAddress, [{ messageRequest: { case: 'fileContainingSymbol', value: APP_LOGS } }], version);
    const files = answerOf(response, 'fileDescriptorResponse').fileDescriptorProto.map((bytes) => fromBinary(FileDescriptorProtoSchema, bytes));
    const [first] = files;
    const tailLogs = first.service.find((service) => `${first.package}.${service.name}` === APP_LOGS)!.method.find((method) => method.name === 'TailLogs')!;
    expect(tailLogs).toMatchObject({ inputType: '.flyteidl2.app.TailLogsRequest', outputType: '.flyteidl2.app.TailLogsResponse', serverStreaming: true });
    const defined = new Set(files.flatMap(messagesOf));
    expect(defined.has('flyteidl2.app.TailLogsRequest') && defined.has('flyteidl2.app.TailLogsResponse')).toBe(true);
    // The first file's dependencies come with it, down to the well-known types under their usual names.
    const names = files.map((file) => file.name);
    expect(names).toEqual(expect.arrayContaining([...first.dependency, 'google/protobuf/timestamp.proto']));
    expect(defined.has('google.protobuf.Timestamp')).toBe(true);
  });

  test('on one stream, a file sent already comes again when asked for, without the imports sent with it', async () => {
    const requests = [APP_LOGS, 'flyteidl2.app.TailLogsRequest'].map((symbol) => ({
      messageRequest: { case: 'fileContainingSymbol' as const, value: symbol },
    }));
    const [, again] = await askReflection(fixture.stack.dataPlaneAddress, requests, version);
    const names = answerOf(again, 'fileDescriptorResponse').fileDescriptorProto.map((bytes) => fromBinary(FileDescriptorProtoSchema, bytes).name);
    expect(names).toEqual(['flyteidl2/app/app_logs_payload.proto']);
  });

  test('an unknown symbol is NOT_FOUND', async () => {
    const [response] = await askReflection(fixture.stack.dataPlaneAddress, [{ messageRequest: { case: 'fileContainingSymbol', value: 'no.Such' } }], version);
    expect(answerOf(response, 'errorResponse').errorCode).toBe(grpc.status.NOT_FOUND);
  });
});

describe('grpc.health.v1.Health on the data plane', () => {
  let health: HealthClient;
  beforeAll(() => (health = new HealthClient(fixture.stack.dataPlaneAddress)));
  afterAll(() => health.close());

  test('Check: SERVING overall and for AppLogsService while the Kubernetes API answers; NOT_FOUND for others', async () => {
    expect(await health.check('')).toBe('SERVING');
    expect(await health.check(APP_LOGS)).toBe('SERVING');
    await expect(health.check('no.Such')).rejects.toMatchObject({ code: grpc.status.NOT_FOUND });
  });

  test('Watch: the current status at once', async () => {
    const watch = health.watch(APP_LOGS);
    try {
      await watch.until('SERVING');
    } finally {
      watch.cancel();
    }
  });
});

describe('the data plane when the Kubernetes API goes away', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await Stack.start({ scenario, dataPlaneEnv: { APPLOGS_HEALTH_INTERVAL_MS: '200' } });
  });
  afterAll(() => stack?.close());

  test('a Watch sees NOT_SERVING within the probe interval, and Check agrees', async () => {
    const health = new HealthClient(stack.dataPlaneAddress);
    const watch = health.watch('');
    try {
      await watch.until('SERVING');
      await stack.sim.close();
      await watch.until('NOT_SERVING');
      expect(await health.check(APP_LOGS)).toBe('NOT_SERVING');
    } finally {
      watch.cancel();
      health.close();
    }
    await outputMatching(stack.dataPlane, /the Kubernetes API cannot be reached: .*ECONNREFUSED.*; reporting NOT_SERVING/);
  });
});

// grpcurl's way, by another implementation: everything learnt by reflection, linked as strictly as protoc.
(hasPythonGrpc ? describe : describe.skip)('a client with no .proto files (Python grpcio, descriptors by reflection)', () => {
  let stubs: string;
  beforeAll(() => {
    stubs = mkdtempSync(path.join(os.tmpdir(), 'applogs-reflection-'));
    // Our copy of the reflection .proto (the one the server is generated from), under a package name that does
    // not shadow `grpc`.
    const proto = path.join(REPO_ROOT, 'libs/proto/proto/grpc/reflection/v1/reflection.proto');
    mkdirSync(path.join(stubs, 'protos/reflection_v1'), { recursive: true });
    copyFileSync(proto, path.join(stubs, 'protos/reflection_v1/reflection.proto'));
    execFileSync(PYTHON, [
      '-m',
      'grpc_tools.protoc',
      `-I${path.join(stubs, 'protos')}`,
      `--python_out=${stubs}`,
      `--grpc_python_out=${stubs}`,
      'reflection_v1/reflection.proto',
    ]);
  });
  afterAll(() => rmSync(stubs, { recursive: true, force: true }));

  // Asynchronous on purpose: the simulated API serves from this very process while the client runs.
  const run = async (...args: string[]) => {
    const script = path.join(REPO_ROOT, 'apps/data-plane/test/reflection_client.py');
    const { stdout } = await runPython([script, stubs, fixture.stack.dataPlaneAddress, ...args]);
    return stdout.trim().split('\n');
  };

  test('list', async () => {
    expect(await run('list')).toEqual(expect.arrayContaining([APP_LOGS, HEALTH]));
  });

  test('describe', async () => {
    const methods = (await run('describe', APP_LOGS)).map((line) => JSON.parse(line));
    expect(methods).toEqual([
      {
        method: 'TailLogs',
        input: 'flyteidl2.app.TailLogsRequest',
        output: 'flyteidl2.app.TailLogsResponse',
        server_streaming: true,
        input_fields: ['app_id', 'replica_id', 'source', 'tail_lines', 'since_time', 'since', 'follow', 'include', 'exclude', 'previous'],
      },
    ]);
    expect((await run('describe', HEALTH)).map((line) => JSON.parse(line).method)).toEqual(['Check', 'Watch', 'List']);
  });

  test('a TailLogs call in JSON, well-known types included', async () => {
    const request = { app_id: { project: 'demo', domain: 'development', name: 'hello' }, tail_lines: 1, since: '86400s', follow: false };
    const messages = (await run('call', `${APP_LOGS}/TailLogs`, JSON.stringify(request), '10')).map((line) => JSON.parse(line));
    expect(messages[0].replicas.replicas).toHaveLength(2);
    const lines = messages
      .filter((m) => m.batches)
      .flatMap((m) => m.batches.logs.flatMap((logs: { structured_lines: Array<{ message: string; timestamp: string }> }) => logs.structured_lines));
    // tail_lines 1 of 3 lines of history per replica, since a day ago, not followed.
    const pods = fixture.stack.sim.podNames().filter((name) => name.startsWith('hello-demo-development-'));
    expect(lines.map((line: { message: string }) => line.message).sort()).toEqual(pods.map((pod) => `${pod}/user-container line 3`).sort());
    expect(lines[0].timestamp).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);
  });

  test('Health/Check', async () => {
    expect((await run('call', `${HEALTH}/Check`, '{"service":""}', '1')).map((line) => JSON.parse(line))).toEqual([{ status: 'SERVING' }]);
  });
});
