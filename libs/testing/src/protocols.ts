import { AppLogsService, Code, create, fromBinary, TailLogsRequestSchema, TailLogsResponseSchema, toBinary, type TailLogsResponse } from '@applogs/proto';
import { ConnectError, createClient, type Transport } from '@connectrpc/connect';
import { createConnectTransport, createGrpcTransport, createGrpcWebTransport, Http2SessionManager } from '@connectrpc/connect-node';
import * as grpc from '@grpc/grpc-js';
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as path from 'node:path';
import { appLogsClient, CallReader, type RequestInit } from './grpc-client';
import { REPO_ROOT } from './processes';
import { appLogsPythonStubs, hasPythonGrpc, runPython } from './python';

/** How a test calls TailLogs, whatever the protocol. */
export interface TailCallOptions {
  /** Sent as `authorization: Bearer <token>`. */
  token?: string;
  /** The call's deadline, as the protocol carries it (`grpc-timeout`, `connect-timeout-ms`). */
  timeoutMs?: number;
  /** The caller cancels (closes the stream) once this many lines have arrived. */
  cancelAfterLines?: number;
}

/** What a call delivered: its messages, then its status (`Code.OK` and an empty message when it ended well). */
export interface TailOutcome {
  messages: TailLogsResponse[];
  code: Code;
  message: string;
}

/** A caller of the control plane's public port speaking one protocol. */
export interface ProtocolClient {
  tail(request: RequestInit, options?: TailCallOptions): Promise<TailOutcome>;
  /** The call's messages as they come, for a test that reads at its own pace (connect-es clients only). */
  stream?(request: RequestInit, options?: TailCallOptions): AsyncIterable<TailLogsResponse>;
  close(): void;
}

/** Where and how to connect: `ca` makes it TLS to 127.0.0.1, trusting that CA. */
export interface ProtocolTarget {
  address: string;
  ca?: string;
}

export interface Protocol {
  /** E.g. "Connect, HTTP/1.1, JSON". */
  name: string;
  /** Whether it runs over HTTP/1.1, which proxies and browsers may force. */
  http1: boolean;
  /** Whether its clients offer `stream`, for a test that reads at its own pace. */
  paced: boolean;
  connect(target: ProtocolTarget): ProtocolClient;
}

const linesIn = (message: TailLogsResponse) =>
  message.resp.case === 'batches' ? message.resp.value.logs.reduce((sum, logs) => sum + logs.structuredLines.length, 0) : 0;

const baseUrl = ({ address, ca }: ProtocolTarget) => `${ca ? 'https' : 'http'}://${address}`;

/**
 * A connect-es client (`@connectrpc/connect-node`) over the given transport. HTTP/1.1 transports get an agent of
 * their own and HTTP/2 ones a session manager, so that closing the client closes its connections.
 */
function connectEsClient(makeTransport: (target: ProtocolTarget, connection: ConnectionOptions) => Transport, target: ProtocolTarget): ProtocolClient {
  const agentOptions = { keepAlive: true, ca: target.ca && readFileSync(target.ca) };
  const agent = target.ca ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
  const sessionManager = new Http2SessionManager(baseUrl(target), undefined, target.ca ? { ca: readFileSync(target.ca) } : undefined);
  const client = createClient(AppLogsService, makeTransport(target, { agent, sessionManager }));

  async function* stream(request: RequestInit, options: TailCallOptions = {}, signal?: AbortSignal): AsyncGenerator<TailLogsResponse> {
    const headers = options.token ? { authorization: `Bearer ${options.token}` } : undefined;
    yield* client.tailLogs(create(TailLogsRequestSchema, request as never), { headers, timeoutMs: options.timeoutMs, signal });
  }

  return {
    stream: (request, options) => stream(request, options),
    async tail(request, options = {}) {
      const messages: TailLogsResponse[] = [];
      const cancel = new AbortController();
      let lines = 0;
      try {
        for await (const message of stream(request, options, cancel.signal)) {
          messages.push(message);
          lines += linesIn(message);
          if (options.cancelAfterLines !== undefined && lines >= options.cancelAfterLines) cancel.abort();
        }
        return { messages, code: Code.OK, message: '' };
      } catch (error) {
        const { code, rawMessage } = ConnectError.from(error);
        return { messages, code: code as number as Code, message: rawMessage };
      }
    },
    close() {
      agent.destroy();
      sessionManager.abort();
    },
  };
}

interface ConnectionOptions {
  agent: http.Agent;
  sessionManager: Http2SessionManager;
}

const connectEs = (name: string, http1: boolean, makeTransport: (baseUrl: string, connection: ConnectionOptions) => Transport): Protocol => ({
  name,
  http1,
  paced: true,
  connect: (target) => connectEsClient((at, connection) => makeTransport(baseUrl(at), connection), target),
});

/** grpc-js, as our CLI, our Nest client and most Node callers use it. */
function grpcJsClient(target: ProtocolTarget): ProtocolClient {
  const credentials = target.ca ? grpc.credentials.createSsl(readFileSync(target.ca)) : undefined;
  const client = appLogsClient(target.address, { credentials, channelOptions: { 'grpc.use_local_subchannel_pool': 1 } });
  return {
    async tail(request, options = {}) {
      const metadata = new grpc.Metadata();
      if (options.token) metadata.set('authorization', `Bearer ${options.token}`);
      const deadline = options.timeoutMs === undefined ? undefined : Date.now() + options.timeoutMs;
      const reader = new CallReader(client.TailLogs(request, metadata, { deadline }));
      const cancelAfter = options.cancelAfterLines;
      if (cancelAfter !== undefined) {
        reader
          .until((messages) => messages.reduce((sum, message) => sum + linesIn(message), 0) >= cancelAfter)
          .then(
            () => reader.call.cancel(),
            () => undefined,
          );
      }
      const { messages, status } = await reader.ended;
      return { messages, code: status.code as number as Code, message: status.details };
    },
    close: () => client.close(),
  };
}

/**
 * gRPC-Web's text mode (base64 bodies, the grpc-web library's default), which no Node library speaks: framed
 * here over node:http, reading the response as it streams. Cancelling destroys the request, as a closed browser
 * tab does; the deadline goes as `grpc-timeout`.
 */
function grpcWebTextClient(target: ProtocolTarget): ProtocolClient {
  const agent = target.ca ? new https.Agent({ keepAlive: true, ca: readFileSync(target.ca) }) : new http.Agent({ keepAlive: true });
  return {
    tail(request, options = {}) {
      const message = toBinary(TailLogsRequestSchema, create(TailLogsRequestSchema, request as never));
      const frame = Buffer.alloc(5 + message.length);
      frame.writeUInt32BE(message.length, 1);
      frame.set(message, 5);
      const headers: http.OutgoingHttpHeaders = { 'content-type': 'application/grpc-web-text', accept: 'application/grpc-web-text', 'x-grpc-web': '1' };
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      if (options.timeoutMs !== undefined) headers['grpc-timeout'] = `${options.timeoutMs}m`;
      const url = `${baseUrl(target)}/${AppLogsService.typeName}/${AppLogsService.method.tailLogs.name}`;
      return new Promise<TailOutcome>((resolve, reject) => {
        const call = (target.ca ? https : http).request(url, { method: 'POST', headers, agent }, (response) => {
          if (response.statusCode !== 200) {
            response.resume();
            resolve({ messages: [], code: Code.UNKNOWN, message: `HTTP ${response.statusCode}` });
            return;
          }
          const frames = new GrpcWebTextFrames();
          response.setEncoding('latin1');
          response.on('data', (text: string) => {
            frames.push(text);
            if (options.cancelAfterLines === undefined || frames.lines < options.cancelAfterLines) return;
            call.destroy();
            resolve({ messages: frames.messages, code: Code.CANCELLED, message: 'cancelled by the caller' });
          });
          response.on('end', () => resolve(frames.outcome()));
          response.on('error', (error) => (call.destroyed ? undefined : reject(error)));
        });
        call.on('error', (error) => (call.destroyed ? undefined : reject(error)));
        call.end(frame.toString('base64'));
      });
    },
    close: () => agent.destroy(),
  };
}

/** gRPC-Web frames out of base64 text that arrives in pieces, each piece padded on its own (or not). */
class GrpcWebTextFrames {
  readonly messages: TailLogsResponse[] = [];
  lines = 0;
  private text = '';
  private bytes = Buffer.alloc(0);
  private status: { code: Code; message: string } | undefined;

  push(text: string): void {
    this.text += text;
    // Decode whole quanta; a padded quantum ends a segment, which Node's decoder must be given on its own.
    const whole = this.text.length - (this.text.length % 4);
    for (const segment of this.text.slice(0, whole).match(/[^=]+=*|=+/g) ?? []) {
      this.bytes = Buffer.concat([this.bytes, Buffer.from(segment, 'base64')]);
    }
    this.text = this.text.slice(whole);
    this.readFrames();
  }

  outcome(): TailOutcome {
    return { messages: this.messages, code: this.status?.code ?? Code.UNKNOWN, message: this.status?.message ?? 'no status in the response' };
  }

  private readFrames(): void {
    while (this.bytes.length >= 5 && this.bytes.length >= 5 + this.bytes.readUInt32BE(1)) {
      const length = this.bytes.readUInt32BE(1);
      const body = this.bytes.subarray(5, 5 + length);
      if (this.bytes[0] & 0x80) {
        this.status = trailerStatus(body.toString('utf8'));
      } else {
        const message = fromBinary(TailLogsResponseSchema, body);
        this.messages.push(message);
        this.lines += linesIn(message);
      }
      this.bytes = this.bytes.subarray(5 + length);
    }
  }
}

function trailerStatus(trailer: string): { code: Code; message: string } {
  const fields = new Map(trailer.split('\r\n').map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
  return { code: Number(fields.get('grpc-status')) as Code, message: decodeURIComponent(fields.get('grpc-message') ?? '') };
}

/** Debian's Python grpcio with stubs generated from our .proto files: a client written by no one here. */
function pythonClient(target: ProtocolTarget): ProtocolClient {
  const script = path.join(REPO_ROOT, 'libs/testing/python/tail_client.py');
  return {
    async tail(request, options = {}) {
      const encoded = Buffer.from(toBinary(TailLogsRequestSchema, create(TailLogsRequestSchema, request as never))).toString('base64');
      const args = [script, appLogsPythonStubs(), target.address, encoded];
      if (options.token) args.push('--token', options.token);
      if (options.timeoutMs !== undefined) args.push('--timeout', String(options.timeoutMs / 1000));
      if (options.cancelAfterLines !== undefined) args.push('--cancel-after-lines', String(options.cancelAfterLines));
      if (target.ca) args.push('--ca', target.ca);
      const { stdout } = await runPython(args);
      const outcome: TailOutcome = { messages: [], code: Code.UNKNOWN, message: 'the client printed no status' };
      for (const line of stdout.trim().split('\n')) {
        const printed = JSON.parse(line) as { message?: string; code?: number; details?: string };
        if (printed.message !== undefined) outcome.messages.push(fromBinary(TailLogsResponseSchema, Buffer.from(printed.message, 'base64')));
        else Object.assign(outcome, { code: printed.code as Code, message: printed.details ?? '' });
      }
      return outcome;
    },
    close: () => undefined,
  };
}

/**
 * Every protocol the control plane's port answers, with the clients people use for each: connect-es over
 * HTTP/1.1 and HTTP/2 (Connect binary and JSON, gRPC-Web, gRPC), grpc-js, gRPC-Web's text mode, and Python
 * grpcio (when Debian's packages are there). Suites run the same tests over each.
 */
export const PROTOCOLS: Protocol[] = [
  connectEs('Connect, HTTP/1.1, binary', true, (url, { agent }) => createConnectTransport({ baseUrl: url, httpVersion: '1.1', nodeOptions: { agent } })),
  connectEs('Connect, HTTP/1.1, JSON', true, (url, { agent }) =>
    createConnectTransport({ baseUrl: url, httpVersion: '1.1', useBinaryFormat: false, nodeOptions: { agent } }),
  ),
  connectEs('Connect, HTTP/2, binary', false, (url, { sessionManager }) => createConnectTransport({ baseUrl: url, httpVersion: '2', sessionManager })),
  connectEs('Connect, HTTP/2, JSON', false, (url, { sessionManager }) =>
    createConnectTransport({ baseUrl: url, httpVersion: '2', useBinaryFormat: false, sessionManager }),
  ),
  connectEs('gRPC-Web, HTTP/1.1, binary', true, (url, { agent }) => createGrpcWebTransport({ baseUrl: url, httpVersion: '1.1', nodeOptions: { agent } })),
  connectEs('gRPC-Web, HTTP/2, binary', false, (url, { sessionManager }) => createGrpcWebTransport({ baseUrl: url, httpVersion: '2', sessionManager })),
  { name: 'gRPC-Web text, HTTP/1.1', http1: true, paced: false, connect: grpcWebTextClient },
  connectEs('gRPC (connect-es), HTTP/2', false, (url, { sessionManager }) => createGrpcTransport({ baseUrl: url, sessionManager })),
  { name: 'gRPC (grpc-js), HTTP/2', http1: false, paced: false, connect: grpcJsClient },
  ...(hasPythonGrpc ? [{ name: 'gRPC (Python grpcio), HTTP/2', http1: false, paced: false, connect: pythonClient }] : []),
];
