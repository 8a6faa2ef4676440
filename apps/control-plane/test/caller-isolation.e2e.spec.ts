import * as grpc from '@grpc/grpc-js';
import type { Scenario } from '@applogs/kube-sim';
import type { TailLogsResponse } from '@applogs/proto';
import { CallReader, appLogsClient, appRequest, linesOf, useStack, type StackFixture } from '@applogs/testing';
import { mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const scenario: Scenario = { namespace: 'flyte', apps: [{ service: 'calm-demo-development', replicas: 1, history: 1 }] };
const calm = appRequest('calm');

const dir = mkdtempSync(path.join(os.tmpdir(), 'applogs-isolation-e2e-'));
const tokensFile = path.join(dir, 'tokens.yaml');
writeFileSync(
  tokensFile,
  ['- name: steady', '  token: steady-token', '  grants: ["*/*"]', '- name: churner', '  token: churn-token', '  grants: ["*/*"]', ''].join('\n'),
);

type Client = ReturnType<typeof appLogsClient>;

// 5,000 cycles through both planes take 10 to 30 s on a busy 2-core machine.
const CHURN_TIMEOUT_MS = 120_000;

/** Every caller in its own process: a connection of its own to the control plane. */
const ownConnection = { channelOptions: { 'grpc.use_local_subchannel_pool': 1 } };

function tail(client: Client, token: string): grpc.ClientReadableStream<TailLogsResponse> {
  const metadata = new grpc.Metadata();
  metadata.set('authorization', `Bearer ${token}`);
  return client.TailLogs(calm, metadata);
}

/** Opens a call, waits for its first message (or its end), cancels it; returns the status it ended with before the cancel, if any. */
function openAndCancel(client: Client, token: string): Promise<grpc.ServiceError | undefined> {
  return new Promise((resolve) => {
    const call = tail(client, token);
    let settled = false;
    const settle = (error: grpc.ServiceError | undefined) => {
      if (settled) return;
      settled = true;
      call.cancel();
      resolve(error);
    };
    call.on('data', () => settle(undefined));
    call.on('error', (error: grpc.ServiceError) => settle(error));
  });
}

/** `cycles` open/cancel cycles in `parallel` loops, as fast as they go; counts how they ended, by status name. */
async function churn(client: Client, token: string, cycles: number, parallel = 20): Promise<Record<string, number>> {
  const outcomes: Record<string, number> = {};
  let started = 0;
  const loop = async () => {
    while (started < cycles) {
      started += 1;
      const error = await openAndCancel(client, token);
      const name = error === undefined ? 'STREAMED' : grpc.status[error.code];
      outcomes[name] = (outcomes[name] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: parallel }, loop));
  return outcomes;
}

/**
 * 30 long-lived streams of one caller (each with its first line) while another caller runs 5,000 open/cancel
 * cycles, each caller on a connection of its own; then proof that every steady stream still streams and that
 * the steady caller can still start calls. Returns how the churner's cycles ended.
 */
async function churnBesideSteadyStreams(fixture: StackFixture): Promise<Record<string, number>> {
  const steadyClient = appLogsClient(fixture.stack.controlPlaneAddress!, ownConnection);
  const churnClient = appLogsClient(fixture.stack.controlPlaneAddress!, ownConnection);
  const readers = Array.from({ length: 30 }, () => new CallReader(tail(steadyClient, 'steady-token')));
  try {
    await Promise.all(readers.map((reader) => reader.until((messages) => linesOf(messages).length >= 1)));
    const outcomes = await churn(churnClient, 'churn-token', 5000);
    const [pod] = fixture.stack.sim.podNames();
    const marker = `still here ${Date.now()}`;
    fixture.stack.sim.appendLines(pod, 'user-container', [marker]);
    await Promise.all(readers.map((reader) => reader.until((messages) => linesOf(messages).some((line) => line.message === marker))));
    expect(await openAndCancel(steadyClient, 'steady-token')).toBeUndefined();
    return outcomes;
  } finally {
    readers.forEach((reader) => reader.call.cancel());
    steadyClient.close();
    churnClient.close();
  }
}

describe('with the call rate limit out of the way, the connections to the data plane take the churn', () => {
  const fixture = isolationStack('1000000');

  test(
    '5,000 open/cancel cycles as fast as they go: 30 long-lived streams of another caller stay untouched',
    async () => {
      const outcomes = await churnBesideSteadyStreams(fixture);
      // Far more cancels than one connection to the data plane allows (1000, then 33 a second) reached it.
      expect(outcomes.STREAMED).toBeGreaterThan(1500);
      expect(fixture.stack.controlPlane!.output).not.toContain('[object Object]');
    },
    CHURN_TIMEOUT_MS,
  );
});

describe('a caller that floods is refused, and only that caller', () => {
  const fixture = isolationStack();

  test(
    '5,000 cycles at the default rate limit: RESOURCE_EXHAUSTED for the churner, nothing else for anyone',
    async () => {
      const outcomes = await churnBesideSteadyStreams(fixture);
      expect(Object.keys(outcomes).sort()).toEqual(['RESOURCE_EXHAUSTED', 'STREAMED']);
      const refused = await refusal(fixture.stack.controlPlaneAddress!);
      expect(refused).toBe('churner starts calls faster than 30 a second (APPLOGS_MAX_CALL_RATE_PER_CALLER); retry in a second');
    },
    CHURN_TIMEOUT_MS,
  );

  /** The message of a call refused for its rate, once the churner's allowance is spent again. */
  async function refusal(address: string): Promise<string> {
    const client = appLogsClient(address, ownConnection);
    try {
      for (;;) {
        const error = await openAndCancel(client, 'churn-token');
        if (error?.code === grpc.status.RESOURCE_EXHAUSTED) return error.details;
      }
    } finally {
      client.close();
    }
  }
});

/** `callRate`: APPLOGS_MAX_CALL_RATE_PER_CALLER; undefined: its default. */
function isolationStack(callRate?: string) {
  const rate: Record<string, string> = callRate === undefined ? {} : { APPLOGS_MAX_CALL_RATE_PER_CALLER: callRate };
  return useStack({
    scenario,
    controlPlane: true,
    controlPlaneEnv: { APPLOGS_AUTH_MODE: 'token', APPLOGS_AUTH_TOKEN_FILE: tokensFile, ...rate },
    dataPlaneEnv: { APPLOGS_MAX_STREAMS: '1000' },
  });
}
