import * as grpc from '@grpc/grpc-js';
import type { Scenario } from '@applogs/kube-sim';
import {
  CONTROL_PLANE_MAIN,
  CallReader,
  ServiceProcess,
  appLogsClient,
  appRequest,
  linesOf,
  outputMatching,
  readToEnd,
  useStack,
  finishedPod,
} from '@applogs/testing';
import { SignJWT } from 'jose';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const scenario: Scenario = {
  namespace: 'flyte',
  apps: [{ service: 'live-demo-development', replicas: 1, history: 1 }],
  pods: [finishedPod('report-finished', 'report-demo-development', 2)],
};
const report = appRequest('report');
const dir = mkdtempSync(path.join(os.tmpdir(), 'applogs-auth-e2e-'));
const tokensFile = path.join(dir, 'tokens.yaml');
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
writeFileSync(
  tokensFile,
  [
    '- name: demo-reader',
    '  token: demo-token',
    '  grants: ["demo/*"]',
    '- name: other-reader',
    '  token: other-token',
    '  grants: ["*/development"]',
    '- name: payments-reader',
    `  token: sha256:${sha256('payments-token')}`,
    '  grants: ["payments/production"]',
    '',
  ].join('\n'),
);

function call(client: ReturnType<typeof appLogsClient>, token?: string) {
  const metadata = new grpc.Metadata();
  if (token) metadata.set('authorization', `Bearer ${token}`);
  // A caller cannot name itself: the control plane replaces this.
  metadata.set('x-applogs-caller', 'forged-admin');
  return readToEnd(client.TailLogs(report, metadata));
}

describe('token mode', () => {
  const fixture = useStack({
    scenario,
    controlPlane: true,
    controlPlaneEnv: { APPLOGS_AUTH_MODE: 'token', APPLOGS_AUTH_TOKEN_FILE: tokensFile },
    dataPlaneEnv: { APPLOGS_MAX_STREAMS_PER_CALLER: '1' },
  });

  test('no token, an unknown token: UNAUTHENTICATED, and the reason is logged without the token', async () => {
    const missing = await call(fixture.client);
    expect([missing.status.code, missing.status.details]).toEqual([
      grpc.status.UNAUTHENTICATED,
      'missing credentials: send "authorization: Bearer <token>" metadata',
    ]);
    const unknown = await call(fixture.client, 'guess-123');
    expect([unknown.status.code, unknown.status.details]).toEqual([grpc.status.UNAUTHENTICATED, "invalid token: it is not one of this server's tokens"]);
    await outputMatching(fixture.stack.controlPlane!, /"event":"call_refused"/);
    expect(fixture.stack.controlPlane!.output).not.toContain('guess-123');
  });

  test('a token for another project: PERMISSION_DENIED before the data plane is called', async () => {
    const before = fixture.stack.dataPlane.output.split('"event":"stream_start"').length;
    const denied = await call(fixture.client, 'payments-token');
    expect([denied.status.code, denied.status.details]).toEqual([
      grpc.status.PERMISSION_DENIED,
      'payments-reader may not read the logs of project demo, domain development',
    ]);
    expect(fixture.stack.dataPlane.output.split('"event":"stream_start"').length).toBe(before);
  });

  test('a token granted the project is served, and the data plane logs who the caller is', async () => {
    const served = await call(fixture.client, 'demo-token');
    expect(served.status.code).toBe(grpc.status.OK);
    expect(linesOf(served.messages)).toHaveLength(2);
    await outputMatching(fixture.stack.dataPlane, /"event":"stream_end".*"caller":"demo-reader"/);
    expect(fixture.stack.dataPlane.output).not.toContain('forged-admin');
  });

  test('one caller cannot take every slot: its second stream is refused, another caller is served', async () => {
    const live = appRequest('live');
    const metadata = (token: string) => {
      const m = new grpc.Metadata();
      m.set('authorization', `Bearer ${token}`);
      return m;
    };
    const first = new CallReader(fixture.client.TailLogs(live, metadata('demo-token')));
    await first.until((m) => m.length > 0);
    const second = await readToEnd(fixture.client.TailLogs(live, metadata('demo-token')));
    expect(second.status.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    expect(second.status.details).toBe(
      'too many concurrent log streams for demo-reader: at most 1 per caller (APPLOGS_MAX_STREAMS_PER_CALLER); close one or retry later',
    );
    const other = new CallReader(fixture.client.TailLogs(live, metadata('other-token')));
    await other.until((m) => m.length > 0);
    first.call.cancel();
    other.call.cancel();
    await Promise.all([first.ended, other.ended]);
  });
});

describe('jwt mode', () => {
  const issuer = 'https://idp.example';
  const jwks = path.join(dir, 'jwks.json');
  // Written before the stack starts (at collection time), as an identity provider would publish it.
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  writeFileSync(jwks, JSON.stringify({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'k', alg: 'ES256' }] }));
  const fixture = useStack({
    scenario,
    controlPlane: true,
    controlPlaneEnv: { APPLOGS_AUTH_MODE: 'jwt', APPLOGS_AUTH_JWKS: jwks, APPLOGS_AUTH_ISSUER: issuer, APPLOGS_AUTH_AUDIENCE: 'applogs' },
  });
  const token = (options: { iss?: string; exp?: number } = {}) =>
    new SignJWT({ grants: ['demo/development'] })
      .setProtectedHeader({ alg: 'ES256', kid: 'k' })
      .setIssuer(options.iss ?? issuer)
      .setAudience('applogs')
      .setSubject('alice')
      .setExpirationTime(options.exp ?? Math.floor(Date.now() / 1000) + 300)
      .sign(privateKey);

  test('a valid JWT is served; an expired one and one from the wrong issuer are UNAUTHENTICATED', async () => {
    expect((await call(fixture.client, await token())).status.code).toBe(grpc.status.OK);
    const expired = await call(fixture.client, await token({ exp: Math.floor(Date.now() / 1000) - 600 }));
    expect([expired.status.code, expired.status.details]).toEqual([grpc.status.UNAUTHENTICATED, 'invalid token: it has expired']);
    const foreign = await call(fixture.client, await token({ iss: 'https://evil.example' }));
    expect(foreign.status.code).toBe(grpc.status.UNAUTHENTICATED);
    expect(foreign.status.details).toMatch(/^invalid token: claim iss is not valid/);
  });
});

test('APPLOGS_AUTH_MODE=none on a non-loopback address refuses to start', async () => {
  const { code, output } = await ServiceProcess.run(CONTROL_PLANE_MAIN, { APPLOGS_CONTROL_PLANE_ADDR: '0.0.0.0:0', APPLOGS_CONTROL_PLANE_METRICS_ADDR: '' });
  expect(code).toBe(2);
  expect(output).toMatch(/APPLOGS_AUTH_MODE=none is allowed only while the control plane listens on loopback/);
});
