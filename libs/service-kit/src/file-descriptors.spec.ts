import { appLogsPackageDefinition } from '@applogs/proto';
import * as protoLoader from '@grpc/proto-loader';
import * as path from 'node:path';
import { FileDescriptorProto, type IDescriptorProto, type IFileDescriptorProto } from 'protobufjs/ext/descriptor';
import { linkedFileDescriptors } from './file-descriptors';
import { HEALTH_PROTO_PATH } from './health';

const health = protoLoader.loadSync('health/v1/health.proto', { includeDirs: [path.resolve(HEALTH_PROTO_PATH, '../../..')] });
const files = new Map(
  linkedFileDescriptors([appLogsPackageDefinition(), health]).map((bytes) => {
    const file = FileDescriptorProto.decode(bytes) as IFileDescriptorProto;
    return [file.name!, file];
  }),
);

/** Every message and enum a file defines, by full name. */
function definedBy(file: IFileDescriptorProto): string[] {
  const names: string[] = (file.enumType ?? []).map((type) => `${file.package}.${type.name}`);
  const visit = (scope: string, messages: IDescriptorProto[] | undefined) => {
    for (const message of messages ?? []) {
      const name = `${scope}.${message.name}`;
      names.push(name, ...(message.enumType ?? []).map((type) => `${name}.${type.name}`));
      visit(name, message.nestedType);
    }
  };
  visit(file.package!, file.messageType);
  return names;
}

/** Every type a file refers to (fields and methods). */
function referencedBy(file: IFileDescriptorProto): string[] {
  const names: string[] = [];
  const visit = (messages: IDescriptorProto[] | undefined) => {
    for (const message of messages ?? []) {
      for (const field of message.field ?? []) if (field.typeName) names.push(field.typeName);
      visit(message.nestedType);
    }
  };
  visit(file.messageType);
  for (const service of file.service ?? []) for (const method of service.method ?? []) names.push(method.inputType!, method.outputType!);
  return names;
}

describe('linkedFileDescriptors', () => {
  test('well-known types are back in their own files, which clients recognise', () => {
    expect([...files.keys()].sort()).toEqual([
      'flyteidl2_app.proto',
      'flyteidl2_logs_dataplane.proto',
      'google/protobuf/duration.proto',
      'google/protobuf/timestamp.proto',
      'google/protobuf/wrappers.proto',
      'grpc_health_v1.proto',
    ]);
    expect(definedBy(files.get('google/protobuf/timestamp.proto')!)).toEqual(['google.protobuf.Timestamp']);
    expect(definedBy(files.get('google/protobuf/wrappers.proto')!)).toContain('google.protobuf.Int32Value');
  });

  test('references are fully qualified, and each file lists the files they point into', () => {
    const app = files.get('flyteidl2_app.proto')!;
    const method = app.service!.find((service) => service.name === 'AppLogsService')!.method!.find((m) => m.name === 'TailLogs')!;
    expect([method.inputType, method.outputType, method.serverStreaming]).toEqual(['.flyteidl2.app.TailLogsRequest', '.flyteidl2.app.TailLogsResponse', true]);
    const request = app.messageType!.find((message) => message.name === 'TailLogsRequest')!;
    expect(request.field!.find((field) => field.name === 'source')!.typeName).toBe('.flyteidl2.logs.dataplane.LogsSource');
    expect(request.field!.find((field) => field.name === 'tail_lines')!.typeName).toBe('.google.protobuf.Int32Value');
    expect([...app.dependency].sort()).toEqual([
      'flyteidl2_logs_dataplane.proto',
      'google/protobuf/duration.proto',
      'google/protobuf/timestamp.proto',
      'google/protobuf/wrappers.proto',
    ]);
  });

  test('every reference resolves within the file and its dependencies (what a linker checks)', () => {
    for (const file of files.values()) {
      const visible = new Set([file, ...(file.dependency as string[]).map((name) => files.get(name)!)].flatMap(definedBy));
      for (const reference of referencedBy(file)) expect([file.name, reference, visible.has(reference.slice(1))]).toEqual([file.name, reference, true]);
    }
  });

  test('a map field refers to its entry type by the name protoc gives it', () => {
    const list = files.get('grpc_health_v1.proto')!.messageType!.find((message) => message.name === 'HealthListResponse')!;
    expect(list.nestedType!.map((nested) => [nested.name, nested.options?.mapEntry])).toEqual([['StatusesEntry', true]]);
    expect(list.field![0].typeName).toBe('.grpc.health.v1.HealthListResponse.StatusesEntry');
  });
});
