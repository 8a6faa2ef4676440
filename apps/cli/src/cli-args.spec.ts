import { tailLogsRequest } from '@applogs/client';
import { create, TimestampSchema } from '@applogs/proto';
import { DEFAULT_SERVER, MAIN_HELP, parseCommandLine, TAIL_HELP, UsageError, type TailCommandLine } from './cli-args';

const BASE = ['tail', 'hello', '--project', 'demo', '--domain', 'development'];
const tail = (extra: string[] = [], env: NodeJS.ProcessEnv = {}): TailCommandLine => {
  const command = parseCommandLine([...BASE, ...extra], env);
  if (command.kind !== 'tail') throw new Error(`expected tail, got ${command.kind}`);
  return command.options;
};
/** The TailLogsRequest the first call sends for these flags. */
const sent = (extra: string[]) => {
  const { target, request } = tail(extra);
  return tailLogsRequest(target, request);
};
const usageError = (argv: string[], env: NodeJS.ProcessEnv = {}): UsageError => {
  try {
    parseCommandLine(argv, env);
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error(`no usage error for ${argv.join(' ')}`);
};

describe('applogs tail flags', () => {
  test('defaults', () => {
    expect(tail()).toEqual({
      server: DEFAULT_SERVER,
      target: { app: { org: '', project: 'demo', domain: 'development', name: 'hello' } },
      request: { tailLines: undefined, since: undefined, sinceTime: undefined, follow: undefined, include: [], exclude: [] },
      timestamps: false,
      output: 'text',
    });
    // Unset options are left to the server's defaults (follow, 1000 lines of history).
    const { tailLines, since, sinceTime, follow, include, exclude } = sent([]);
    expect([tailLines, since, sinceTime, follow, include, exclude]).toEqual([undefined, undefined, undefined, undefined, [], []]);
  });

  test('every flag, long form', () => {
    expect(
      tail([
        '--org',
        'acme',
        '--replica',
        'hello-pod',
        '--tail',
        '25',
        '--since',
        '2h30m',
        '--no-follow',
        '--previous',
        '--include',
        'ERROR',
        '--include',
        'WARN',
        '--exclude',
        'health',
        '--timestamps',
        '--output',
        'json',
        '--server',
        'cp:9000',
      ]),
    ).toEqual({
      server: 'cp:9000',
      target: { replica: { app: { org: 'acme', project: 'demo', domain: 'development', name: 'hello' }, pod: 'hello-pod' } },
      request: { tailLines: 25, since: '2h30m', sinceTime: undefined, follow: false, previous: true, include: ['ERROR', 'WARN'], exclude: ['health'] },
      timestamps: true,
      output: 'json',
    });
    expect(sent(['--since', '2h30m']).since).toMatchObject({ seconds: 9000n, nanos: 0 });
    expect([sent(['--previous']).previous, sent([]).previous]).toEqual([true, false]);
  });

  test('short forms and = values, flags before APP', () => {
    const command = parseCommandLine(
      ['tail', '-p', 'demo', '-d', 'development', '-r', 'pod', '-i', 'a', '-e', 'b', '-t', '-o', 'json', '-s', 'h:1', 'hello'],
      {},
    );
    expect(command).toMatchObject({
      kind: 'tail',
      options: {
        target: { replica: { app: { project: 'demo', domain: 'development', name: 'hello' }, pod: 'pod' } },
        request: { include: ['a'], exclude: ['b'] },
        timestamps: true,
        output: 'json',
        server: 'h:1',
      },
    });
    expect(tail(['--tail=0']).request.tailLines).toBe(0);
  });

  test('--since-time, to the nanosecond', () => {
    const seconds = BigInt(Date.parse('2030-01-02T03:04:05Z') / 1000);
    expect(tail(['--since-time', '2030-01-02T03:04:05.123456789Z']).request.sinceTime).toEqual(create(TimestampSchema, { seconds, nanos: 123_456_789 }));
    expect(sent(['--since-time', '2030-01-02T03:04:05.123456789Z']).sinceTime).toEqual(create(TimestampSchema, { seconds, nanos: 123_456_789 }));
    expect(sent(['--since', '500ms']).since).toMatchObject({ seconds: 0n, nanos: 500_000_000 });
  });

  test('--server: the flag, else APPLOGS_SERVER, else the local control plane', () => {
    expect(tail([], { APPLOGS_SERVER: 'env:1' }).server).toBe('env:1');
    expect(tail(['--server', 'flag:2'], { APPLOGS_SERVER: 'env:1' }).server).toBe('flag:2');
    expect(tail([], { APPLOGS_SERVER: '' }).server).toBe('127.0.0.1:8090');
  });

  test.each([
    [['tail', '--project', 'demo', '--domain', 'development'], 'missing APP, the app to tail'],
    [['tail', 'a', 'b', '-p', 'x', '-d', 'y'], 'unexpected argument "b" (one APP at a time)'],
    [['tail', 'hello', '--domain', 'development'], '--project is required'],
    [['tail', 'hello', '--project', 'demo'], '--domain is required'],
    [[...BASE, '--bogus'], 'unknown flag --bogus'],
    [[...BASE, '-x'], 'unknown flag -x'],
    [[...BASE, '--tail'], '--tail needs a value'],
    [['tail', 'hello', '--domain', 'development', '--project'], '--project needs a value'],
    [[...BASE, '--no-follow=yes'], '--no-follow takes no value'],
    [[...BASE, '--tail', 'ten'], '--tail must be a whole number of lines (0 or more), not "ten"'],
    [[...BASE, '--tail=-1'], '--tail must be a whole number of lines (0 or more), not "-1"'],
    [[...BASE, '--tail', '1.5'], '--tail must be a whole number of lines (0 or more), not "1.5"'],
    [[...BASE, '--tail', '3000000000'], '--tail must be a whole number of lines (0 or more), not "3000000000"'],
    [[...BASE, '--since', '5'], '--since "5" expected numbers with units, like 30s, 5m or 2h30m'],
    [[...BASE, '--since', '5d'], '--since "5d" has the unknown unit "d" (use ns, us, ms, s, m or h)'],
    [[...BASE, '--since', '0s'], '--since must be a positive duration, not "0s"'],
    [[...BASE, '--since=-5m'], '--since must be a positive duration, not "-5m"'],
    [[...BASE, '--since-time', '2026-11-25'], '--since-time must be an RFC3339 time like 2026-11-25T10:00:00Z, not "2026-11-25"'],
    [[...BASE, '--since', '5m', '--since-time', '2026-11-25T10:00:00Z'], 'use --since or --since-time, not both'],
    [[...BASE, '--output', 'yaml'], '--output must be text or json, not "yaml"'],
    [[...BASE, '--replica', ''], '--replica needs a pod name'],
    [[...BASE, '--include', '(unclosed'], expect.stringMatching(/^--include "\(unclosed" is not a valid RE2 expression: /)],
    [[...BASE, '--exclude', '(?<=x)y'], expect.stringMatching(/^--exclude "\(\?<=x\)y" is not a valid RE2 expression: /)],
  ])('%j: %s', (argv, message) => {
    const error = usageError(argv);
    expect(error.message).toEqual(message);
    expect(error.message).not.toContain('\n');
    expect(error.hint).toBe('applogs tail --help');
  });
});

describe('applogs', () => {
  test('help and version', () => {
    expect(parseCommandLine(['--help'], {})).toEqual({ kind: 'help', text: MAIN_HELP });
    expect(parseCommandLine(['-h'], {})).toEqual({ kind: 'help', text: MAIN_HELP });
    expect(parseCommandLine(['help', 'tail'], {})).toEqual({ kind: 'help', text: TAIL_HELP });
    expect(parseCommandLine(['tail', '--help'], {})).toEqual({ kind: 'help', text: TAIL_HELP });
    expect(parseCommandLine(['tail', 'hello', '-h'], {})).toEqual({ kind: 'help', text: TAIL_HELP });
    expect(parseCommandLine(['--version'], {})).toEqual({ kind: 'version' });
  });

  test('the help lists every flag', () => {
    for (const flag of [
      '--project',
      '--domain',
      '--org',
      '--replica',
      '--tail',
      '--since',
      '--since-time',
      '--no-follow',
      '--include',
      '--exclude',
      '--timestamps',
      '--output',
      '--server',
    ]) {
      expect(TAIL_HELP).toContain(flag);
    }
  });

  test.each([
    [[], 'missing command'],
    [['logs'], 'unknown command "logs"'],
    [['--verbose'], 'unknown flag --verbose'],
  ])('%j: %s', (argv, message) => {
    const error = usageError(argv);
    expect(error.message).toBe(message);
    expect(error.hint).toBe('applogs --help');
  });
});
