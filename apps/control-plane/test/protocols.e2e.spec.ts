import type { Scenario } from '@applogs/kube-sim';
import {
  AppLogsService,
  Code,
  create,
  Health,
  HealthCheckResponse_ServingStatus,
  TailLogsRequestSchema,
  TailLogsResponseSchema,
  toBinary,
  type TailLogsResponse,
} from '@applogs/proto';
import { fromJsonString } from '@bufbuild/protobuf';
import { createClient } from '@connectrpc/connect';
import { createConnectTransport } from '@connectrpc/connect-node';
import { execFile } from 'node:child_process';
import * as http from 'node:http';
import * as http2 from 'node:http2';
import { promisify } from 'node:util';
import {
  PROTOCOLS,
  REPO_ROOT,
  appRequest,
  finishedPod,
  historyOf,
  linesOf,
  seqsByPod,
  podsOf,
  replicaListsOf,
  useStack,
  usePkiStack,
  type Protocol,
  type ProtocolClient,
  type RequestInit,
} from '@applogs/testing';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// Every protocol the public port answers gets the same tests: what a caller sees must not depend on how it called.

const scenario: Scenario = {
  namespace: 'flyte',
  apps: [{ service: 'hello-demo-development', replicas: 2, history: 4 }],
  pods: [finishedPod('report-finished', 'report-demo-development', 3)],
};
const TOKEN = 'protocols-token';
const tokens = mkdtempSync(path.join(os.tmpdir(), 'applogs-protocols-'));
const tokensFile = path.join(tokens, 'tokens.yaml');
writeFileSync(tokensFile, `- name: protocols-test\n  token: ${TOKEN}\n  grants: ["demo/*"]\n`);

/** A web console allowed to call from the browser (CORS). */
const CONSOLE = 'https://console.example.com';
/** The data plane's keep-alive, short here so that a test sees it. */
const KEEPALIVE_MS = 400;

const fixture = useStack(
  {
    scenario,
    controlPlane: true,
    controlPlaneEnv: { APPLOGS_AUTH_MODE: 'token', APPLOGS_AUTH_TOKEN_FILE: tokensFile, APPLOGS_CORS_ORIGINS: CONSOLE },
    dataPlaneEnv: { APPLOGS_KEEPALIVE_MS: String(KEEPALIVE_MS) },
  },
  () => rmSync(tokens, { recursive: true, force: true }),
);

const withToken = { token: TOKEN };
const messagesByPod = (messages: TailLogsResponse[]) => {
  const byPod: Record<string, string[]> = {};
  for (const line of linesOf(messages)) (byPod[line.pod] ??= []).push(line.message);
  return byPod;
};

describe.each(PROTOCOLS)('$name', (protocol: Protocol) => {
  let client: ProtocolClient;
  beforeAll(() => (client = protocol.connect({ address: fixture.stack.controlPlaneAddress! })));
  afterAll(() => client.close());

  test('the replica list first, then every replica’s lines with their timestamps; OK at the end of a finished app', async () => {
    const outcome = await client.tail(appRequest('report'), withToken);
    expect([outcome.code, outcome.message]).toEqual([Code.OK, '']);
    expect(replicaListsOf(outcome.messages.slice(0, 1))).toEqual([['report-finished']]);
    expect(messagesByPod(outcome.messages)).toEqual({ 'report-finished': historyOf('report-finished', 3) });
    expect(linesOf(outcome.messages).every((line) => Number(line.timestamp?.seconds) > 1_700_000_000)).toBe(true);

    const hello = await client.tail(appRequest('hello', { follow: false }), withToken);
    expect(hello.code).toBe(Code.OK);
    const pods = podsOf(fixture.stack.sim, 'hello');
    expect(messagesByPod(hello.messages)).toEqual(Object.fromEntries(pods.map((pod) => [pod, historyOf(pod, 4)])));
  });

  test('an app that does not exist: NOT_FOUND, with the message a person can act on', async () => {
    const outcome = await client.tail(appRequest('nope'), withToken);
    expect([outcome.code, outcome.message]).toEqual([
      Code.NOT_FOUND,
      'no replicas found for app demo/development/nope (pods labelled serving.knative.dev/service=nope-demo-development in namespace flyte)',
    ]);
    expect(outcome.messages).toEqual([]);
  });

  test('no token, a wrong token: UNAUTHENTICATED; the bearer token is read from the same header in every protocol', async () => {
    const missing = await client.tail(appRequest('report'));
    expect([missing.code, missing.message]).toEqual([Code.UNAUTHENTICATED, 'missing credentials: send "authorization: Bearer <token>" metadata']);
    const wrong = await client.tail(appRequest('report'), { token: 'not-the-token' });
    expect([wrong.code, wrong.message]).toEqual([Code.UNAUTHENTICATED, "invalid token: it is not one of this server's tokens"]);
  });

  test('the caller cancels a follow: CANCELLED, and every upstream log stream is closed at once', async () => {
    const outcome = await client.tail(appRequest('hello'), { ...withToken, cancelAfterLines: 8 });
    expect(outcome.code).toBe(Code.CANCELLED);
    expect(linesOf(outcome.messages).length).toBeGreaterThanOrEqual(8);
    await fixture.stack.sim.waitForOpenLogStreams(0);
  });

  test('a quiet follow sends the replica list again while it waits; its deadline ends it and the upstream streams', async () => {
    const outcome = await client.tail(appRequest('hello'), { ...withToken, timeoutMs: 6 * KEEPALIVE_MS });
    expect(outcome.code).toBe(Code.DEADLINE_EXCEEDED);
    const pods = podsOf(fixture.stack.sim, 'hello').sort();
    expect(messagesByPod(outcome.messages)).toEqual(Object.fromEntries(pods.map((pod) => [pod, historyOf(pod, 4)])));
    // The first list, then keep-alives: the same list.
    const lists = replicaListsOf(outcome.messages).map((list) => [...list].sort());
    expect(lists.length).toBeGreaterThanOrEqual(3);
    expect(new Set(lists.map((list) => list.join()))).toEqual(new Set([pods.join()]));
    await fixture.stack.sim.waitForOpenLogStreams(0);
  });
});

describe('TLS on the public port: every protocol, HTTP/1.1 or HTTP/2 by ALPN', () => {
  const tls = usePkiStack({ scenario, controlPlane: true }, async (pki, ca) => {
    const server = await pki.issue('control-plane-public', ca);
    return { controlPlaneEnv: { APPLOGS_TLS_CERT: server.cert, APPLOGS_TLS_KEY: server.key } };
  });

  test.each(PROTOCOLS)('$name', async (protocol) => {
    const client = protocol.connect({ address: tls.stack.controlPlaneAddress!, ca: tls.ca.cert });
    try {
      const outcome = await client.tail(appRequest('report'));
      expect([outcome.code, outcome.message]).toEqual([Code.OK, '']);
      expect(messagesByPod(outcome.messages)).toEqual({ 'report-finished': historyOf('report-finished', 3) });
    } finally {
      client.close();
    }
  });
});

const TAIL_PATH = `/${AppLogsService.typeName}/${AppLogsService.method.tailLogs.name}`;
const requestBytes = (init: RequestInit) => Buffer.from(toBinary(TailLogsRequestSchema, create(TailLogsRequestSchema, init as never)));
/** One message in the streaming envelope all three protocols share: a flags byte, a 4-byte length, the bytes. */
const envelope = (body: Buffer, flags = 0) => Buffer.concat([Buffer.from([flags, ...uint32(body.length)]), body]);
const uint32 = (n: number) => [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];

describe('what a caller of the raw protocols sees (HTTP statuses, errors, deadlines the server enforces)', () => {
  const post = (headers: http.OutgoingHttpHeaders, body: Buffer, requestPath = TAIL_PATH) =>
    rawHttp1(fixture.stack.controlPlaneAddress!, { method: 'POST', path: requestPath, headers: { authorization: `Bearer ${TOKEN}`, ...headers } }, body);

  test('a path that is no RPC: 404; a content type no protocol has: 415; the server serves on', async () => {
    expect(
      (await post({ 'content-type': 'application/connect+proto' }, envelope(requestBytes(appRequest('report'))), '/flyteidl2.app.AppLogsService/Nope')).status,
    ).toBe(404);
    expect((await post({ 'content-type': 'text/plain' }, Buffer.from('hello'))).status).toBe(415);
    const served = await post({ 'content-type': 'application/connect+proto' }, envelope(requestBytes(appRequest('report'))));
    expect(served.status).toBe(200);
    expect(connectEndOf(served.body)).toEqual({});
  });

  test('Connect: a truncated envelope, a JSON body that is not a TailLogsRequest, a wrong field type: invalid_argument saying what', async () => {
    const connectJson = { 'content-type': 'application/connect+json' };
    const truncated = envelope(requestBytes(appRequest('report'))).subarray(0, 9);
    expect(connectEndOf((await post({ 'content-type': 'application/connect+proto' }, truncated)).body)).toEqual({
      error: { code: 'invalid_argument', message: 'protocol error: incomplete envelope' },
    });
    expect(connectEndOf((await post(connectJson, envelope(Buffer.from('{"bad": true}')))).body)).toEqual({
      error: { code: 'invalid_argument', message: 'cannot decode message flyteidl2.app.TailLogsRequest from JSON: key "bad" is unknown' },
    });
    expect(connectEndOf((await post(connectJson, envelope(Buffer.from('{"appId": "hello"}')))).body)).toEqual({
      error: { code: 'invalid_argument', message: 'cannot decode message flyteidl2.app.Identifier from JSON: "hello"' },
    });
    expect(connectEndOf((await post(connectJson, envelope(Buffer.from('{"appId": {"project": "demo", "domain": "development"}}')))).body)).toEqual({
      error: { code: 'invalid_argument', message: expect.stringContaining('name') },
    });
  });

  test('deadlines are the server’s to enforce: connect-timeout-ms, and grpc-timeout for gRPC and gRPC-Web', async () => {
    const follow = envelope(requestBytes(appRequest('hello')));
    const connect = await post({ 'content-type': 'application/connect+proto', 'connect-timeout-ms': '300' }, follow);
    expect(connectEndOf(connect.body)).toEqual({ error: { code: 'deadline_exceeded', message: 'the operation timed out' } });
    const grpcWeb = await post({ 'content-type': 'application/grpc-web+proto', 'grpc-timeout': '300m' }, follow);
    expect(grpcWebStatusOf(grpcWeb.body)).toMatchObject({ 'grpc-status': String(Code.DEADLINE_EXCEEDED) });
    const grpcH2 = await rawHttp2(
      fixture.stack.controlPlaneAddress!,
      {
        ':method': 'POST',
        ':path': TAIL_PATH,
        'content-type': 'application/grpc',
        te: 'trailers',
        'grpc-timeout': '300m',
        authorization: `Bearer ${TOKEN}`,
      },
      follow,
    );
    expect(grpcH2.trailers).toMatchObject({ 'grpc-status': String(Code.DEADLINE_EXCEEDED), 'grpc-message': 'the operation timed out' });
    await fixture.stack.sim.waitForOpenLogStreams(0);
  });

  test('health and reflection answer on the same port, in the Connect protocol too', async () => {
    const transport = createConnectTransport({ baseUrl: `http://${fixture.stack.controlPlaneAddress}`, httpVersion: '1.1', useBinaryFormat: false });
    const health = await createClient(Health, transport).check({ service: AppLogsService.typeName });
    expect(health.status).toBe(HealthCheckResponse_ServingStatus.SERVING);
  });
});

describe('browsers of other origins (CORS from APPLOGS_CORS_ORIGINS)', () => {
  const request = (method: string, origin: string, headers: http.OutgoingHttpHeaders = {}) =>
    rawHttp1(
      fixture.stack.controlPlaneAddress!,
      { method, path: TAIL_PATH, headers: { origin, ...headers } },
      method === 'POST' ? envelope(requestBytes(appRequest('report'))) : undefined,
    );

  test('an allowed origin: the preflight lists the protocols’ headers and the bearer token; the answer exposes the status headers', async () => {
    const preflight = await request('OPTIONS', CONSOLE, {
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization,content-type,connect-protocol-version',
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(CONSOLE);
    expect(preflight.headers['access-control-allow-methods']).toContain('POST');
    const allowed = String(preflight.headers['access-control-allow-headers']).toLowerCase().split(/,\s*/);
    expect(allowed).toEqual(
      expect.arrayContaining(['authorization', 'content-type', 'connect-protocol-version', 'connect-timeout-ms', 'grpc-timeout', 'x-grpc-web', 'x-user-agent']),
    );
    const answer = await request('POST', CONSOLE, { 'content-type': 'application/grpc-web+proto', authorization: `Bearer ${TOKEN}` });
    expect(answer.headers['access-control-allow-origin']).toBe(CONSOLE);
    expect(String(answer.headers['access-control-expose-headers']).toLowerCase()).toEqual(expect.stringContaining('grpc-status'));
    expect(grpcWebStatusOf(answer.body)).toMatchObject({ 'grpc-status': '0' });
  });

  test('another origin gets no CORS header at all, so its browser refuses', async () => {
    const preflight = await request('OPTIONS', 'https://evil.example.com', { 'access-control-request-method': 'POST' });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(preflight.headers['access-control-allow-headers']).toBeUndefined();
    const answer = await request('POST', 'https://evil.example.com', { 'content-type': 'application/grpc-web+proto', authorization: `Bearer ${TOKEN}` });
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('buf curl (Buf’s own Go client), with the schema from reflection', () => {
  const BUF = path.join(REPO_ROOT, 'node_modules/.bin/buf');
  const bufCurl = async (...args: string[]) => {
    const { stdout } = await promisify(execFile)(BUF, ['curl', ...args]);
    return stdout;
  };

  test('lists the services of the port', async () => {
    const listed = await bufCurl('--protocol', 'grpc', '--http2-prior-knowledge', '--list-methods', `http://${fixture.stack.controlPlaneAddress}`);
    expect(listed.trim().split('\n')).toEqual(expect.arrayContaining([`${AppLogsService.typeName}/TailLogs`, 'grpc.health.v1.Health/Check']));
  });

  test.each(['connect', 'grpc', 'grpcweb'])('--protocol %s: the replica list and the lines, printed as protobuf JSON', async (bufProtocol) => {
    const printed = await bufCurl(
      '--protocol',
      bufProtocol,
      '--http2-prior-knowledge',
      '-H',
      `authorization: Bearer ${TOKEN}`,
      '-d',
      '{"app_id": {"project": "demo", "domain": "development", "name": "report"}}',
      `http://${fixture.stack.controlPlaneAddress}${TAIL_PATH}`,
    );
    const messages = printed
      .trim()
      .split(/\n(?=\{)/)
      .map((text) => fromJsonString(TailLogsResponseSchema, text));
    expect(replicaListsOf(messages.slice(0, 1))).toEqual([['report-finished']]);
    expect(messagesByPod(messages)).toEqual({ 'report-finished': historyOf('report-finished', 3) });
  });
});

describe('a slow reader over HTTP/1.1 holds the data plane back: nothing buffers without bound', () => {
  const flood = useStack({ scenario: { namespace: 'flyte', apps: [{ service: 'flood-demo-development', replicas: 2, flood: true }] }, controlPlane: true });

  test.each(PROTOCOLS.filter((protocol) => protocol.http1 && protocol.paced))('$name', async (protocol) => {
    const client = protocol.connect({ address: flood.stack.controlPlaneAddress! });
    const messages: TailLogsResponse[] = [];
    const stream = client.stream!(appRequest('flood'))[Symbol.asyncIterator]();
    const readUntil = async (lines: number) => {
      while (linesOf(messages).length < lines) {
        const next = await stream.next();
        if (next.done) throw new Error('the stream ended');
        messages.push(next.value);
      }
    };
    try {
      await readUntil(1000);
      // We stop reading: the control plane, the data plane and then the simulated kubelet stall, within bounds.
      await flood.stack.sim.waitForStalledLogStreams(2, 20_000);
      const received = linesOf(messages).length;
      await readUntil(received + 20_000);
    } finally {
      await stream.return?.(undefined);
      client.close();
    }
    const byPod = seqsByPod(messages);
    expect(byPod.size).toBe(2);
    for (const seqs of byPod.values()) expect(seqs).toEqual(seqs.map((_, i) => seqs[0] + i));
  });
});

/** The end-of-stream message of a Connect streaming response (flag 0x02), parsed. */
function connectEndOf(body: Buffer): unknown {
  for (let offset = 0; offset + 5 <= body.length;) {
    const length = body.readUInt32BE(offset + 1);
    if (body[offset] & 0x02) return JSON.parse(body.subarray(offset + 5, offset + 5 + length).toString());
    offset += 5 + length;
  }
  throw new Error('no end-of-stream message');
}

/** The trailers of a gRPC-Web response (the frame flagged 0x80), as header fields. */
function grpcWebStatusOf(body: Buffer): Record<string, string> {
  for (let offset = 0; offset + 5 <= body.length;) {
    const length = body.readUInt32BE(offset + 1);
    if (body[offset] & 0x80) {
      const lines = body
        .subarray(offset + 5, offset + 5 + length)
        .toString()
        .split('\r\n')
        .filter(Boolean);
      return Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).trim(), line.slice(line.indexOf(':') + 1).trim()]));
    }
    offset += 5 + length;
  }
  throw new Error('no trailers frame');
}

interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** An HTTP/1.1 request as a browser or a proxy would send it; the whole answer. */
function rawHttp1(address: string, options: http.RequestOptions, body?: Buffer): Promise<RawAnswer> {
  const [host, port] = address.split(':');
  return new Promise((resolve, reject) => {
    const request = http.request({ host, port: Number(port), agent: false, ...options }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** An HTTP/2 request with prior knowledge; the answer's headers and trailers. */
function rawHttp2(
  address: string,
  headers: http2.OutgoingHttpHeaders,
  body: Buffer,
): Promise<{ headers: http2.IncomingHttpHeaders; trailers: http2.IncomingHttpHeaders }> {
  const session = http2.connect(`http://${address}`);
  return new Promise<{ headers: http2.IncomingHttpHeaders; trailers: http2.IncomingHttpHeaders }>((resolve, reject) => {
    session.on('error', reject);
    const stream = session.request(headers);
    let responseHeaders: http2.IncomingHttpHeaders = {};
    stream.on('response', (received) => (responseHeaders = received));
    stream.on('trailers', (trailers) => resolve({ headers: responseHeaders, trailers }));
    stream.on('error', reject);
    stream.resume();
    stream.end(body);
  }).finally(() => session.close());
}
