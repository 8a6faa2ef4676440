import * as protobuf from 'protobufjs';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { APP_LOGS_SERVICE_PROTO, PROTO_ROOT } from './loader-options';

function loadRoot(): protobuf.Root {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => (target.startsWith('google/') ? target : path.join(PROTO_ROOT, target));
  root.loadSync(APP_LOGS_SERVICE_PROTO, { keepCase: true });
  root.resolveAll();
  return root;
}

/** `name = number` of every field, oneof members marked `oneof/name`. */
function fieldsOf(root: protobuf.Root, type: string): string[] {
  const message = root.lookupType(type);
  return message.fieldsArray.map((f) => `${f.partOf ? `${f.partOf.name}/` : ''}${f.name}:${f.type}=${f.id}`);
}

// Flyte's flyteidl2 contract, field for field: a change here breaks Flyte's clients.
describe('the wire contract is Flyte\'s', () => {
  const root = loadRoot();

  test.each([
    ['flyteidl2.app.Identifier', ['org:string=1', 'project:string=2', 'domain:string=3', 'name:string=4']],
    ['flyteidl2.app.ReplicaIdentifier', ['app_id:Identifier=1', 'name:string=2']],
    [
      'flyteidl2.app.TailLogsRequest',
      [
        'target/app_id:Identifier=1',
        'target/replica_id:ReplicaIdentifier=2',
        'source:flyteidl2.logs.dataplane.LogsSource=3',
        'tail_lines:google.protobuf.Int32Value=50',
        'since_time:google.protobuf.Timestamp=51',
        'since:google.protobuf.Duration=52',
        'follow:google.protobuf.BoolValue=53',
        'include:string=54',
        'exclude:string=55',
      ],
    ],
    ['flyteidl2.app.ReplicaIdentifierList', ['replicas:ReplicaIdentifier=1']],
    ['flyteidl2.app.LogLines', ['lines:string=1', 'replica_id:ReplicaIdentifier=2', 'structured_lines:flyteidl2.logs.dataplane.LogLine=3', 'source:flyteidl2.logs.dataplane.LogLineSource=4']],
    ['flyteidl2.app.LogLinesBatch', ['logs:LogLines=1']],
    [
      'flyteidl2.app.TailLogsResponse',
      ['resp/replicas:ReplicaIdentifierList=1', 'resp/log_lines:flyteidl2.logs.dataplane.LogLines=2', 'resp/batches:LogLinesBatch=3', 'resp/replica_event:ReplicaEvent=50'],
    ],
    // Ours: numbered 50 and up where it sits in Flyte's messages, so Flyte's clients skip it.
    ['flyteidl2.app.ReplicaEvent', ['replica:ReplicaIdentifier=1', 'kind:Kind=2', 'message:string=3']],
    ['flyteidl2.logs.dataplane.LogLine', ['timestamp:google.protobuf.Timestamp=1', 'message:string=2', 'originator:LogLineOriginator=3', 'short_pod_name:string=4']],
  ])('%s', (type, fields) => {
    expect(fieldsOf(root, type)).toEqual(fields);
  });

  test.each([
    ['flyteidl2.logs.dataplane.LogLineOriginator', { UNKNOWN: 0, USER: 1, SYSTEM: 2 }],
    ['flyteidl2.logs.dataplane.LogsSource', { LIVE_OR_PERSISTED: 0, LIVE_ONLY: 1, PERSISTED_ONLY: 2 }],
    ['flyteidl2.logs.dataplane.LogLineSource', { LOG_LINE_SOURCE_UNSPECIFIED: 0, LOG_LINE_SOURCE_LIVE: 1, LOG_LINE_SOURCE_PERSISTED: 2 }],
  ])('%s', (type, values) => {
    expect(root.lookupEnum(type).values).toEqual(values);
  });

  test('the service', () => {
    const method = root.lookupService('flyteidl2.app.AppLogsService').methods['TailLogs'];
    expect([method.requestType, method.responseType, method.requestStream ?? false, method.responseStream]).toEqual([
      'TailLogsRequest',
      'TailLogsResponse',
      false,
      true,
    ]);
  });
});

const hasProtoc = (() => {
  try {
    execFileSync('protoc', ['--version']);
    return true;
  } catch {
    return false;
  }
})();

// The TypeScript types are generated from the .proto files; this fails when someone edits one without the other.
(hasProtoc ? describe : describe.skip)('the generated TypeScript types', () => {
  test('match the .proto files (regenerate with `npm run proto:gen`)', () => {
    const committed = path.join(__dirname, 'generated');
    const fresh = mkdtempSync(path.join(os.tmpdir(), 'applogs-proto-'));
    try {
      execFileSync(process.execPath, [path.resolve(__dirname, '../../../tools/gen-proto.js'), fresh], { stdio: 'pipe' });
      const files = (dir: string): string[] =>
        readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)).map((f) => `${e.name}/${f}`) : [e.name]));
      // The header names the protoc version, which may differ between machines.
      const body = (file: string) => readFileSync(file, 'utf8').replace(/^\/\/ +protoc +v.*$/m, '');
      expect(files(fresh).sort()).toEqual(files(committed).sort());
      for (const file of files(committed)) expect(`${file}:\n${body(path.join(fresh, file))}`).toBe(`${file}:\n${body(path.join(committed, file))}`);
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });
});
