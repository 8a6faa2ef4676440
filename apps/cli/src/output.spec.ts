import { replicaColour } from '@applogs/client';
import { create, LogLineOriginator, LogLineSchema, ReplicaEvent_Kind, ReplicaEventSchema, type LogLine } from '@applogs/proto';
import { colourWanted, OutputFormatter, type OutputOptions } from './output';

const POD = 'hello-demo-development-00001-deployment-7d9f8-x2x4q';
const seconds = BigInt(Date.parse('2026-11-25T10:00:00Z') / 1000);
const line = (message: string, nanos = 123_456_789, short = '00001-x2x4q'): LogLine =>
  create(LogLineSchema, { timestamp: { seconds, nanos }, message, originator: LogLineOriginator.USER, shortPodName: short });
const formatter = (options: Partial<OutputOptions> = {}) => new OutputFormatter({ format: 'text', timestamps: false, colour: false, dim: false, ...options });
const event = (kind: ReplicaEvent_Kind, message: string, name = POD) => create(ReplicaEventSchema, { replica: { name }, kind, message });

describe('text output', () => {
  test('SHORT | message, the pod name when the line has no short name', () => {
    expect(formatter().line(POD, line('started'))).toBe('00001-x2x4q | started\n');
    expect(formatter().line('worker-0', line('idle', 0, ''))).toBe('worker-0 | idle\n');
  });

  test('--timestamps: RFC3339 with nine fraction digits first', () => {
    const text = formatter({ timestamps: true });
    expect(text.line(POD, line('a'))).toBe('2026-11-25T10:00:00.123456789Z 00001-x2x4q | a\n');
    expect(text.line(POD, line('b', 5))).toBe('2026-11-25T10:00:00.000000005Z 00001-x2x4q | b\n');
  });

  test('colour: the name only, in the replica colour', () => {
    const colour = replicaColour(POD).ansi;
    expect(formatter({ colour: true }).line(POD, line('x'))).toBe(`\x1b[${colour}m00001-x2x4q\x1b[0m | x\n`);
    expect(formatter({ colour: true, timestamps: true }).line(POD, line('x', 1))).toBe(
      `2026-11-25T10:00:00.000000001Z \x1b[${colour}m00001-x2x4q\x1b[0m | x\n`,
    );
  });

  test('events are short lines, the replica by its short name, dimmed on request', () => {
    const text = formatter();
    expect(text.event(event(ReplicaEvent_Kind.JOINED, ''))).toBe('+ 00001-x2x4q joined\n');
    expect(text.event(event(ReplicaEvent_Kind.LEFT, `pod ${POD} was deleted`))).toBe(`- 00001-x2x4q left: pod ${POD} was deleted\n`);
    expect(text.event(event(ReplicaEvent_Kind.RESTARTED, 'restart 1'))).toBe('~ 00001-x2x4q restarted: restart 1\n');
    expect(text.event(event(ReplicaEvent_Kind.RETRYING, 'HTTP 500; retry 1 in 500 ms'))).toBe('! 00001-x2x4q retrying: HTTP 500; retry 1 in 500 ms\n');
    expect(text.event(event(ReplicaEvent_Kind.FAILED, 'gave up'))).toBe('x 00001-x2x4q failed: gave up\n');
    expect(text.event(event(ReplicaEvent_Kind.SKIPPED, 'never restarted'))).toBe('= 00001-x2x4q skipped: never restarted\n');
    expect(text.event(event(ReplicaEvent_Kind.JOINED, '', 'plain-pod'))).toBe('+ plain-pod joined\n');
    expect(formatter({ dim: true }).event(event(ReplicaEvent_Kind.JOINED, ''))).toBe('\x1b[2m+ 00001-x2x4q joined\x1b[0m\n');
  });

  test('an event names a replica as its lines did', () => {
    const text = formatter();
    text.line('custom-pod', line('x', 0, 'custom'));
    expect(text.event(event(ReplicaEvent_Kind.LEFT, 'gone', 'custom-pod'))).toBe('- custom left: gone\n');
  });

  test('the replica list, reconnects', () => {
    const text = formatter();
    expect(text.replicas([POD, 'other'])).toBe('tailing 2 replicas: 00001-x2x4q, other\n');
    expect(text.replicas([POD])).toBe('tailing 1 replica: 00001-x2x4q\n');
    expect(text.reconnecting('UNAVAILABLE', 'Connection dropped', 400, true)).toBe(
      'applogs: stream broke (UNAVAILABLE: Connection dropped); reconnecting in 400 ms\n',
    );
    expect(text.reconnecting('UNAVAILABLE', 'No connection established', 200, false)).toBe(
      'applogs: could not start the stream (UNAVAILABLE: No connection established); reconnecting in 200 ms\n',
    );
    expect(text.reconnected()).toBe('applogs: reconnected\n');
    expect(text.missedChange(POD, true)).toBe('+ 00001-x2x4q joined while reconnecting\n');
    expect(text.missedChange(POD, false)).toBe('- 00001-x2x4q left while reconnecting\n');
  });
});

describe('json output', () => {
  const json = () => formatter({ format: 'json', colour: true, dim: true, timestamps: false });

  test('one object per line, timestamps always, never colour', () => {
    const out = json().line(POD, line('say "hi"\tnow'));
    expect(out.endsWith('\n')).toBe(true);
    expect(out).toBe(`{"replica":"${POD}","short":"00001-x2x4q","timestamp":"2026-11-25T10:00:00.123456789Z","message":"say \\"hi\\"\\tnow"}\n`);
  });

  test('events as objects too', () => {
    expect(JSON.parse(json().event(event(ReplicaEvent_Kind.LEFT, 'deleted')))).toEqual({ event: 'left', replica: POD, message: 'deleted' });
    expect(JSON.parse(json().replicas([POD]))).toEqual({ event: 'replicas', replicas: [POD] });
    const restarted = create(ReplicaEventSchema, {
      replica: { name: POD },
      kind: ReplicaEvent_Kind.RESTARTED,
      message: 'restarted after exit 137 (OOMKilled, signal 9)',
      exit: { exitCode: 137, reason: 'OOMKilled', signal: 9, finishedAt: { seconds: 1_795_600_000n, nanos: 5 } },
    });
    expect(JSON.parse(json().event(restarted))).toEqual({
      event: 'restarted',
      replica: POD,
      message: 'restarted after exit 137 (OOMKilled, signal 9)',
      exit: { exit_code: 137, reason: 'OOMKilled', signal: 9, finished_at: '2026-11-25T09:46:40.000000005Z' },
    });
    expect(JSON.parse(json().reconnecting('UNAVAILABLE', 'x', 400, true))).toEqual({
      event: 'reconnecting',
      status: 'UNAVAILABLE',
      message: 'x',
      delay_ms: 400,
    });
    expect(JSON.parse(json().reconnected())).toEqual({ event: 'reconnected' });
  });
});

describe('colours', () => {
  test.each([
    [true, {}, true],
    [false, {}, false],
    [true, { NO_COLOR: '1' }, false],
    [true, { NO_COLOR: '' }, true],
    [false, { FORCE_COLOR: '1' }, true],
    [false, { FORCE_COLOR: '1', NO_COLOR: '1' }, true],
    [true, { FORCE_COLOR: '0' }, false],
  ])('on a terminal: %s, env %j → %s', (isTTY, env, wanted) => {
    expect(colourWanted({ isTTY }, env)).toBe(wanted);
  });
});
