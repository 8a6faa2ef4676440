import { ScalarType, type DescEnum, type DescField, type DescMessage } from '@bufbuild/protobuf';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  AppLogsService,
  ContainerExitSchema,
  IdentifierSchema,
  LogLineOriginator,
  LogLineSchema,
  LogLineSource,
  LogLinesBatchSchema,
  LogLinesSchema,
  LogsSource,
  ReplicaEventSchema,
  ReplicaIdentifierListSchema,
  ReplicaIdentifierSchema,
  TailLogsRequestSchema,
  TailLogsResponseSchema,
} from './index';

/** `name:type=number` of every field, as the .proto file declares it; oneof members marked `oneof/name`. */
function fieldsOf(message: DescMessage): string[] {
  return message.fields.map((field) => `${field.oneof ? `${field.oneof.name}/` : ''}${field.name}:${typeOf(field)}=${field.number}`);
}

function typeOf(field: DescField): string {
  if (field.message) return field.message.typeName;
  if (field.enum) return field.enum.typeName;
  return ScalarType[field.scalar!].toLowerCase();
}

const valuesOf = (type: DescEnum) => Object.fromEntries(type.values.map((value) => [value.name, value.number]));

// Flyte's flyteidl2 contract, field for field: a change here breaks Flyte's clients.
describe("the wire contract is Flyte's", () => {
  test.each([
    [IdentifierSchema, ['org:string=1', 'project:string=2', 'domain:string=3', 'name:string=4']],
    [ReplicaIdentifierSchema, ['app_id:flyteidl2.app.Identifier=1', 'name:string=2']],
    [
      TailLogsRequestSchema,
      [
        'target/app_id:flyteidl2.app.Identifier=1',
        'target/replica_id:flyteidl2.app.ReplicaIdentifier=2',
        'source:flyteidl2.logs.dataplane.LogsSource=3',
        'tail_lines:google.protobuf.Int32Value=50',
        'since_time:google.protobuf.Timestamp=51',
        'since:google.protobuf.Duration=52',
        'follow:google.protobuf.BoolValue=53',
        'include:string=54',
        'exclude:string=55',
        'previous:bool=56',
      ],
    ],
    [ReplicaIdentifierListSchema, ['replicas:flyteidl2.app.ReplicaIdentifier=1']],
    [
      LogLinesSchema,
      [
        'lines:string=1',
        'replica_id:flyteidl2.app.ReplicaIdentifier=2',
        'structured_lines:flyteidl2.logs.dataplane.LogLine=3',
        'source:flyteidl2.logs.dataplane.LogLineSource=4',
      ],
    ],
    [LogLinesBatchSchema, ['logs:flyteidl2.app.LogLines=1']],
    [
      TailLogsResponseSchema,
      [
        'resp/replicas:flyteidl2.app.ReplicaIdentifierList=1',
        'resp/log_lines:flyteidl2.logs.dataplane.LogLines=2',
        'resp/batches:flyteidl2.app.LogLinesBatch=3',
        'resp/replica_event:flyteidl2.app.ReplicaEvent=50',
      ],
    ],
    // Ours: numbered 50 and up where it sits in Flyte's messages, so Flyte's clients skip it.
    [
      ReplicaEventSchema,
      ['replica:flyteidl2.app.ReplicaIdentifier=1', 'kind:flyteidl2.app.ReplicaEvent.Kind=2', 'message:string=3', 'exit:flyteidl2.app.ContainerExit=50'],
    ],
    [ContainerExitSchema, ['exit_code:int32=1', 'reason:string=2', 'signal:int32=3', 'finished_at:google.protobuf.Timestamp=4']],
    [
      LogLineSchema,
      ['timestamp:google.protobuf.Timestamp=1', 'message:string=2', 'originator:flyteidl2.logs.dataplane.LogLineOriginator=3', 'short_pod_name:string=4'],
    ],
  ])('%s', (message, fields) => {
    expect(fieldsOf(message)).toEqual(fields);
  });

  test('the enums', () => {
    const enumOf = (message: DescMessage, field: string) => message.fields.find((candidate) => candidate.name === field)!.enum!;
    expect(valuesOf(enumOf(LogLineSchema, 'originator'))).toEqual({ UNKNOWN: 0, USER: 1, SYSTEM: 2 });
    expect(valuesOf(enumOf(TailLogsRequestSchema, 'source'))).toEqual({ LIVE_OR_PERSISTED: 0, LIVE_ONLY: 1, PERSISTED_ONLY: 2 });
    expect(valuesOf(enumOf(LogLinesSchema, 'source'))).toEqual({ LOG_LINE_SOURCE_UNSPECIFIED: 0, LOG_LINE_SOURCE_LIVE: 1, LOG_LINE_SOURCE_PERSISTED: 2 });
    expect([LogLineOriginator.USER, LogsSource.PERSISTED_ONLY, LogLineSource.LIVE]).toEqual([1, 2, 1]);
  });

  test('the service', () => {
    const method = AppLogsService.method.tailLogs;
    expect([AppLogsService.typeName, method.name, method.input.typeName, method.output.typeName, method.methodKind]).toEqual([
      'flyteidl2.app.AppLogsService',
      'TailLogs',
      'flyteidl2.app.TailLogsRequest',
      'flyteidl2.app.TailLogsResponse',
      'server_streaming',
    ]);
  });
});

// The TypeScript is generated from the .proto files; this fails when someone edits one without the other.
describe('the generated TypeScript', () => {
  test('matches the .proto files (regenerate with `npm run proto:gen`)', () => {
    const root = path.resolve(__dirname, '../../..');
    const committed = path.join(__dirname, 'gen');
    const fresh = mkdtempSync(path.join(os.tmpdir(), 'applogs-proto-'));
    try {
      const template = readFileSync(path.join(root, 'libs/proto/buf.gen.yaml'), 'utf8').replace('out: libs/proto/src/gen', `out: ${fresh}`);
      writeFileSync(path.join(fresh, 'buf.gen.yaml'), template);
      execFileSync(path.join(root, 'node_modules/.bin/buf'), ['generate', '--template', path.join(fresh, 'buf.gen.yaml')], { cwd: root, stdio: 'pipe' });
      const files = (dir: string): string[] =>
        readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
          entry.isDirectory() ? files(path.join(dir, entry.name)).map((file) => `${entry.name}/${file}`) : entry.name.endsWith('.ts') ? [entry.name] : [],
        );
      expect(files(fresh).sort()).toEqual(files(committed).sort());
      for (const file of files(committed)) {
        expect(`${file}:\n${readFileSync(path.join(fresh, file), 'utf8')}`).toBe(`${file}:\n${readFileSync(path.join(committed, file), 'utf8')}`);
      }
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });
});
