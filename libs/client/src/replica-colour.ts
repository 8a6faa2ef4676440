/**
 * The colours replicas are told apart by, wherever their lines are shown (the CLI, the browser viewer):
 * readable on dark and light backgrounds, and without red, which reads as an error. `ansi` is the terminal's
 * SGR foreground code; `name` is what the viewer's stylesheet calls it.
 */
export const REPLICA_COLOURS = [
  { ansi: 36, name: 'cyan' },
  { ansi: 33, name: 'yellow' },
  { ansi: 35, name: 'magenta' },
  { ansi: 32, name: 'green' },
  { ansi: 34, name: 'blue' },
  { ansi: 96, name: 'bright-cyan' },
  { ansi: 93, name: 'bright-yellow' },
  { ansi: 95, name: 'bright-magenta' },
] as const;

export type ReplicaColour = (typeof REPLICA_COLOURS)[number];

/**
 * A replica's colour, from a hash of its pod name rather than the order replicas show up: it keeps its colour
 * across runs, reconnects and tools. FNV-1a, 32 bits.
 */
export function replicaColour(pod: string): ReplicaColour {
  let hash = 0x811c9dc5;
  for (let i = 0; i < pod.length; i++) {
    hash ^= pod.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return REPLICA_COLOURS[(hash >>> 0) % REPLICA_COLOURS.length];
}
