import { eventWords, replicaColour, shortPodName } from '@applogs/client';
import { formatRfc3339Nano, ReplicaEvent_Kind, Rfc3339Formatter, type ContainerExit, type LogLine, type ReplicaEvent } from '@applogs/proto';

export type OutputFormat = 'text' | 'json';

export interface OutputOptions {
  format: OutputFormat;
  timestamps: boolean;
  /** Colour replica names on stdout (text only). */
  colour: boolean;
  /** Dim the event lines on stderr (text only). */
  dim: boolean;
}

const RESET = '\x1b[0m';
const DIM = '\x1b[2m';

/**
 * Whether to use colour on a stream, as most CLIs decide: FORCE_COLOR (anything but `0`, or empty) forces it on
 * and wins over NO_COLOR, as in Node; NO_COLOR (non-empty) turns it off; otherwise only on a terminal.
 */
export function colourWanted(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  if (env.NO_COLOR) return false;
  return stream.isTTY === true;
}

/** How lines and events look. Holds small caches (labels, timestamp prefix), so one per run. */
export class OutputFormatter {
  private readonly labels = new Map<string, string>();
  private readonly shortNames = new Map<string, string>();
  private readonly timestamps = new Rfc3339Formatter();

  constructor(private readonly options: OutputOptions) {}

  /** One line of stdout, with its newline. */
  line(pod: string, line: LogLine): string {
    const short = line.shortPodName || pod;
    if (line.shortPodName) this.shortNames.set(pod, line.shortPodName);
    if (this.options.format === 'json') {
      return `${JSON.stringify({ replica: pod, short, timestamp: line.timestamp ? this.timestamps.format(line.timestamp) : null, message: line.message })}\n`;
    }
    const prefix = this.options.timestamps && line.timestamp ? `${this.timestamps.format(line.timestamp)} ` : '';
    return `${prefix}${this.label(pod, short)} | ${line.message}\n`;
  }

  /** A replica event, as a line of stderr. */
  event(event: ReplicaEvent): string {
    const pod = event.replica?.name ?? '';
    const kind = ReplicaEvent_Kind[event.kind] ?? String(event.kind);
    if (this.options.format === 'json') return this.json({ event: kind.toLowerCase(), replica: pod, message: event.message, ...exitFields(event.exit) });
    const { mark, verb } = eventWords(event.kind);
    return this.human(`${mark} ${this.shortName(pod)} ${verb}${event.message ? `: ${event.message}` : ''}`);
  }

  /** The first replica list of a call. */
  replicas(pods: string[]): string {
    if (this.options.format === 'json') return this.json({ event: 'replicas', replicas: pods });
    const names = pods.map((pod) => this.shortName(pod)).join(', ');
    return this.human(`tailing ${pods.length} ${pods.length === 1 ? 'replica' : 'replicas'}: ${names}`);
  }

  /** Replicas that came or went while the stream was down, found by comparing replica lists. */
  missedChange(pod: string, joined: boolean): string {
    const { mark, verb } = eventWords(joined ? ReplicaEvent_Kind.JOINED : ReplicaEvent_Kind.LEFT);
    if (this.options.format === 'json') return this.json({ event: verb, replica: pod, message: 'while reconnecting' });
    return this.human(`${mark} ${this.shortName(pod)} ${verb} while reconnecting`);
  }

  /** The stream broke and is asked for again after `delayMs`. */
  reconnecting(status: string, details: string, delayMs: number, started: boolean): string {
    if (this.options.format === 'json') return this.json({ event: 'reconnecting', status, message: details, delay_ms: delayMs });
    const what = started ? 'stream broke' : 'could not start the stream';
    return this.human(`applogs: ${what} (${status}: ${details}); reconnecting in ${delayMs} ms`);
  }

  reconnected(): string {
    return this.options.format === 'json' ? this.json({ event: 'reconnected' }) : this.human('applogs: reconnected');
  }

  /** The server's short name for a pod if a line carried it yet, else the same shortening, else the name. */
  shortName(pod: string): string {
    return this.shortNames.get(pod) ?? shortPodName(pod);
  }

  private label(pod: string, short: string): string {
    if (!this.options.colour) return short;
    const key = `${pod}\n${short}`;
    let label = this.labels.get(key);
    if (label === undefined) {
      label = `\x1b[${replicaColour(pod).ansi}m${short}${RESET}`;
      this.labels.set(key, label);
    }
    return label;
  }

  private human(text: string): string {
    return this.options.dim ? `${DIM}${text}${RESET}\n` : `${text}\n`;
  }

  private json(value: Record<string, unknown>): string {
    return `${JSON.stringify(value)}\n`;
  }
}

/** A RESTARTED event's exit, for JSON output: `exit_code`, `reason`, and `signal`/`finished_at` when known. */
function exitFields(exit: ContainerExit | undefined): Record<string, unknown> {
  if (!exit) return {};
  return {
    exit: {
      exit_code: exit.exitCode,
      reason: exit.reason,
      ...(exit.signal && { signal: exit.signal }),
      ...(exit.finishedAt && { finished_at: formatRfc3339Nano(exit.finishedAt) }),
    },
  };
}
