import { replicaColour } from '@applogs/client';
import { ReplicaEvent_Kind } from '@applogs/proto';
import { asNdjson, asText } from './download';
import { RowMaker } from './rows';

const APP = { project: 'demo', domain: 'development', name: 'hello' };
const POD = 'hello-demo-development-00001-deployment-7d9f8-x2x4q';
const at = (seconds: number) => ({ seconds: BigInt(seconds), nanos: 5 }) as never;

describe('rows', () => {
  test('lines: the resume cursor decides which are new; label and colour as the CLI shows them', () => {
    const maker = new RowMaker();
    const rows = maker.lines(
      {
        type: 'lines',
        replica: { pod: POD, app: APP },
        lines: [
          { timestamp: at(1), rfc3339: '1970-01-01T00:00:01.000000005Z', message: 'old' },
          { timestamp: at(2), rfc3339: '1970-01-01T00:00:02.000000005Z', message: 'new' },
        ],
      },
      (_pod, _timestamp, message) => message === 'new',
    );
    expect(rows).toEqual([
      {
        kind: 'line',
        pod: POD,
        label: '00001-x2x4q',
        colour: replicaColour(POD).name,
        text: 'new',
        timestamp: at(2),
        rfc3339: '1970-01-01T00:00:02.000000005Z',
      },
    ]);
  });

  test('events read like the CLI’s, with the short name a line told', () => {
    const maker = new RowMaker();
    maker.lines({ type: 'lines', replica: { pod: 'p', shortName: 'short-p', app: APP }, lines: [] }, () => true);
    const row = maker.event({
      type: 'replica-event',
      kind: ReplicaEvent_Kind.RESTARTED,
      replica: { pod: 'p', app: APP },
      message: 'exit code 137 (OOMKilled)',
    });
    expect(row).toMatchObject({ kind: 'event', tag: 'restarted', text: '~ short-p restarted: exit code 137 (OOMKilled)', label: 'short-p' });
    expect(maker.event({ type: 'replica-event', kind: ReplicaEvent_Kind.JOINED, replica: { pod: 'q', app: APP }, message: '' }).text).toBe('+ q joined');
  });

  test('downloads: text and NDJSON of lines and events; the viewer’s own notices stay out', () => {
    const maker = new RowMaker();
    const rows = [
      ...maker.lines({ type: 'lines', replica: { pod: 'p', app: APP }, lines: [{ timestamp: at(1), rfc3339: 'T1', message: 'say "hi"' }] }, () => true),
      maker.event({ type: 'replica-event', kind: ReplicaEvent_Kind.LEFT, replica: { pod: 'p', app: APP }, message: 'deleted' }),
      maker.notice('reconnected', 'reconnected'),
    ];
    expect(asText(rows)).toBe('T1 p | say "hi"\n- p left: deleted\n');
    expect(asNdjson(rows)).toBe('{"replica":"p","short":"p","timestamp":"T1","message":"say \\"hi\\""}\n{"event":"left","replica":"p","message":"deleted"}\n');
  });
});
