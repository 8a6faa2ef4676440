import { StallGate } from './stall-gate';

export interface LogFailure {
  /** HTTP status to answer, e.g. 500 or 503. */
  status: number;
  /** How many of the next log requests for the pod fail. */
  count: number;
  message?: string;
}

export const DEFAULT_FAILURE_MESSAGE = 'the kubelet is unavailable';

/** Injected kubelet faults, per pod (`namespace/name`): failing log requests and stalled streams. */
export class LogFaults {
  private readonly failures = new Map<string, { status: number; remaining: number; message: string }>();
  private readonly gates = new Map<string, StallGate>();
  /** One gate per open stream, so that the streams open now can stall while new requests are served. */
  private readonly streamGates = new Map<string, Set<StallGate>>();

  failRequests(pod: string, failure: LogFailure): void {
    if (!Number.isInteger(failure.status) || failure.status < 400 || failure.status > 599) {
      throw new Error(`status must be an HTTP error code (400-599), got ${failure.status}`);
    }
    if (!Number.isInteger(failure.count) || failure.count < 0) throw new Error(`count must be a non-negative integer, got ${failure.count}`);
    if (failure.count === 0) this.failures.delete(pod);
    else this.failures.set(pod, { status: failure.status, remaining: failure.count, message: failure.message ?? DEFAULT_FAILURE_MESSAGE });
  }

  /** Consumes one injected failure for a request to `pod`, if any is left. */
  takeFailure(pod: string): { status: number; message: string } | undefined {
    const failure = this.failures.get(pod);
    if (!failure) return undefined;
    if (--failure.remaining === 0) this.failures.delete(pod);
    return { status: failure.status, message: failure.message };
  }

  /** A gate of one stream of `pod`, until `closed` fires (the response closed). */
  streamGate(pod: string, closed: (forget: () => void) => void): StallGate {
    const gate = new StallGate();
    let gates = this.streamGates.get(pod);
    if (!gates) {
      gates = new Set();
      this.streamGates.set(pod, gates);
    }
    gates.add(gate);
    closed(() => {
      gates.delete(gate);
      if (gates.size === 0 && this.streamGates.get(pod) === gates) this.streamGates.delete(pod);
    });
    return gate;
  }

  /** Stalls the pod's streams open now; later requests are answered. */
  stallOpenStreams(pod: string): void {
    for (const gate of this.streamGates.get(pod) ?? []) gate.stall();
  }

  /** Lets every stalled stream of the pod and every request waiting for it continue. */
  resume(pod: string): void {
    this.gate(pod).resume();
    for (const gate of this.streamGates.get(pod) ?? []) gate.resume();
  }

  /** The pod's gate, created on first use so every stream of the pod shares it. */
  gate(pod: string): StallGate {
    let gate = this.gates.get(pod);
    if (!gate) {
      gate = new StallGate();
      this.gates.set(pod, gate);
    }
    return gate;
  }
}

export function podKey(namespace: string, pod: string): string {
  return `${namespace}/${pod}`;
}
