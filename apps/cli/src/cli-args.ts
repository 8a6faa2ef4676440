import { parseDurationNanos, type TailOptions, type TailTarget } from '@applogs/client';
import { parseRfc3339 } from '@applogs/proto';
import { RE2JS } from 're2js';
import { parseArgs } from 'node:util';
import type { OutputFormat } from './output';

export const DEFAULT_SERVER = '127.0.0.1:8090';
const MAX_INT32 = 2_147_483_647;

/** What `applogs tail` was asked to do, validated. */
export interface TailCommandLine {
  server: string;
  target: TailTarget;
  /** The request's options, as the first call sends them. */
  request: TailOptions;
  timestamps: boolean;
  output: OutputFormat;
}

export type Command = { kind: 'help'; text: string } | { kind: 'version' } | { kind: 'tail'; options: TailCommandLine };

/** A mistake on the command line: exit status 2 and this message on one line. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly hint = 'applogs --help',
  ) {
    super(message);
  }
}

export const MAIN_HELP = `applogs: live logs of every replica of an app

Usage:
  applogs tail APP --project P --domain D [flags]   stream an app's logs (applogs tail --help)
  applogs --help                                    this help
  applogs --version                                 the version

Environment:
  APPLOGS_SERVER   the control plane, host:port (default ${DEFAULT_SERVER})
  APPLOGS_TOKEN    a bearer token, when the control plane requires one
  NO_COLOR         no colour; FORCE_COLOR=1 colours even when not on a terminal
`;

export const TAIL_HELP = `Usage: applogs tail APP --project P --domain D [flags]

Streams the logs of every replica of app APP, one line per log line: "replica | message". Replicas that
join, leave or restart are announced on stderr. A broken stream is resumed without losing or repeating lines.

Target:
  APP                    the app's name
  -p, --project P        the app's project (required)
  -d, --domain D         the app's domain (required)
      --org O            the app's organization
  -r, --replica POD      only this replica (one of the app's pods)

Which lines:
      --tail N           lines of history per replica (default: the server's, 1000; 0: none)
      --since D          only lines newer than D: 30s, 5m, 1h, 2h30m, 500ms
      --since-time T     only lines at or after T (RFC3339, e.g. 2026-11-25T10:00:00Z)
      --no-follow        print the history and exit instead of following
      --previous         the last terminated container of each replica (why it crashed), then exit;
                         replicas that never restarted are skipped (kubectl's --previous; -p is --project)
  -i, --include RE       only lines matching RE (RE2); repeat for any of several
  -e, --exclude RE       drop lines matching RE (RE2); repeatable

Output:
  -t, --timestamps       prefix lines with their timestamp (RFC3339, UTC, nanoseconds)
  -o, --output F         text (default) or json: {"replica","short","timestamp","message"} per line

Connection:
  -s, --server H:P       the control plane (default: $APPLOGS_SERVER, else ${DEFAULT_SERVER})

Exit status: 0 when the stream ends (--no-follow, or every replica finished), 1 on an error from the
server, 2 on a usage error, 130 on Ctrl-C.
`;

const TAIL_FLAGS = {
  project: { type: 'string', short: 'p' },
  domain: { type: 'string', short: 'd' },
  org: { type: 'string' },
  replica: { type: 'string', short: 'r' },
  tail: { type: 'string' },
  since: { type: 'string' },
  'since-time': { type: 'string' },
  'no-follow': { type: 'boolean' },
  previous: { type: 'boolean' },
  include: { type: 'string', short: 'i', multiple: true },
  exclude: { type: 'string', short: 'e', multiple: true },
  timestamps: { type: 'boolean', short: 't' },
  output: { type: 'string', short: 'o' },
  server: { type: 'string', short: 's' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Parses `applogs`'s arguments (without node and the script). Throws UsageError. */
export function parseCommandLine(argv: string[], env: NodeJS.ProcessEnv): Command {
  const [first, ...rest] = argv;
  if (first === undefined) throw new UsageError('missing command');
  if (first === '--help' || first === '-h' || first === 'help') {
    return { kind: 'help', text: rest[0] === 'tail' ? TAIL_HELP : MAIN_HELP };
  }
  if (first === '--version' || first === '-V') return { kind: 'version' };
  if (first === 'tail') return parseTail(rest, env);
  throw new UsageError(first.startsWith('-') ? `unknown flag ${first}` : `unknown command "${first}"`);
}

function parseTail(argv: string[], env: NodeJS.ProcessEnv): Command {
  const { values, positionals } = parseTailFlags(argv);
  if (values.help) return { kind: 'help', text: TAIL_HELP };
  if (positionals.length === 0) throw tailUsage('missing APP, the app to tail');
  if (positionals.length > 1) throw tailUsage(`unexpected argument "${positionals[1]}" (one APP at a time)`);
  const project = required(values.project, '--project');
  const domain = required(values.domain, '--domain');
  if (values.since !== undefined && values['since-time'] !== undefined) throw tailUsage('use --since or --since-time, not both');
  const output = values.output ?? 'text';
  if (output !== 'text' && output !== 'json') throw tailUsage(`--output must be text or json, not "${output}"`);
  if (values.replica === '') throw tailUsage('--replica needs a pod name');
  const app = { org: values.org ?? '', project, domain, name: positionals[0] };
  return {
    kind: 'tail',
    options: {
      server: values.server || env.APPLOGS_SERVER || DEFAULT_SERVER,
      target: values.replica ? { replica: { app, pod: values.replica } } : { app },
      request: {
        tailLines: values.tail === undefined ? undefined : tailLines(values.tail),
        since: values.since === undefined ? undefined : since(values.since),
        sinceTime: values['since-time'] === undefined ? undefined : sinceTime(values['since-time']),
        follow: values['no-follow'] ? false : undefined,
        previous: values.previous ? true : undefined,
        include: patterns(values.include, '--include'),
        exclude: patterns(values.exclude, '--exclude'),
      },
      timestamps: values.timestamps ?? false,
      output,
    },
  };
}

function parseTailFlags(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: TAIL_FLAGS, allowPositionals: true, strict: true });
  } catch (error) {
    // node:util's messages run to several sentences; a usage error is one line.
    throw tailUsage(flagProblem(error as Error & { code?: string }));
  }
}

function flagProblem(error: Error & { code?: string }): string {
  // "Option '-p, --project <value>' argument missing": name the long form.
  const flag = /(--[a-z][\w-]*)/.exec(error.message)?.[1] ?? /'(-[^' ,]+)/.exec(error.message)?.[1] ?? 'a flag';
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown flag ${flag}`;
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (/does not take an argument/.test(error.message)) return `${flag} takes no value`;
    return `${flag} needs a value`;
  }
  return error.message.split('\n')[0];
}

function tailUsage(message: string): UsageError {
  return new UsageError(message, 'applogs tail --help');
}

function required(value: string | undefined, flag: string): string {
  if (!value) throw tailUsage(`${flag} is required`);
  return value;
}

function tailLines(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) > MAX_INT32) throw tailUsage(`--tail must be a whole number of lines (0 or more), not "${text}"`);
  return Number(text);
}

/** Checked here, so that a typo is a usage error; sent as written. */
function since(text: string): string {
  let nanos: bigint;
  try {
    nanos = parseDurationNanos(text);
  } catch (error) {
    throw tailUsage(`--since "${text}" ${(error as Error).message}`);
  }
  if (nanos <= 0n) throw tailUsage(`--since must be a positive duration, not "${text}"`);
  return text;
}

function sinceTime(text: string) {
  const timestamp = parseRfc3339(text);
  if (!timestamp) throw tailUsage(`--since-time must be an RFC3339 time like 2026-11-25T10:00:00Z, not "${text}"`);
  return timestamp;
}

/** Compiled here too, so a typo is a usage error before any call (the server checks them again). */
function patterns(values: string[] | undefined, flag: string): string[] {
  for (const pattern of values ?? []) {
    try {
      RE2JS.compile(pattern);
    } catch (error) {
      throw tailUsage(`${flag} "${pattern}" is not a valid RE2 expression: ${(error as Error).message}`);
    }
  }
  return values ?? [];
}
