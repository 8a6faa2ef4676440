#!/usr/bin/env node
/*
 * `npm run bench`: applogs against the local limit and against kubectl, in one run on this machine.
 *
 * Every phase starts its own simulated Kubernetes API, data plane and control plane (separate processes, on
 * loopback), so one phase's load never leaks into the next. Progress goes to stderr, the table to stdout,
 * and the same figures to bench-results.json (or the path in APPLOGS_BENCH_OUT).
 *
 * Rows, for 1, 10 and 200 replicas whose user containers write as fast as they are read (~120-byte lines):
 *   raw      HTTPS reads of every pod's `log?follow=true` straight from the simulator (its CA and token, as
 *            applogs and kubectl use them): the local limit
 *   applogs  a gRPC client of the control plane's TailLogs for the app: both planes, end to end
 *   kubectl  `kubectl logs -f -l <selector> --max-log-requests=N` against the simulator
 * Then the same flood (10 replicas) through each protocol of the control plane's public port, with what each
 * costs both planes in CPU per line:
 *   gRPC via grpc-js (the applogs row above), then connect-node clients: Connect over HTTP/2 and over HTTP/1.1
 *   (binary), Connect over HTTP/1.1 in JSON, gRPC-Web over HTTP/1.1 and gRPC over HTTP/2. The grpc-js client
 *   counts lines without building objects; the connect-node clients decode every message (their client CPU is
 *   printed), so on this shared machine the client can be what limits their rows.
 * Then latency (100 callers, one app each writing 10 lines/s, write time to receipt) and a slow caller
 * (reads at a tenth of the producer's rate for 60 s; RSS of both planes at start and end).
 *
 * APPLOGS_BENCH_QUICK=1 shortens every phase (for a smoke run; figures are then rough).
 * APPLOGS_BENCH_PHASES=throughput,protocols,latency,slow and APPLOGS_BENCH_REPLICAS=1,10,200 pick what runs
 * (protocols runs for 10 replicas unless APPLOGS_BENCH_REPLICAS is set).
 * APPLOGS_BENCH_PROFILE=kube-sim,data-plane,control-plane writes those processes' CPU profiles
 * (node --cpu-prof) to APPLOGS_BENCH_PROFILE_DIR (default ./profiles), one file per process and phase.
 */
const { spawn, execFileSync } = require('node:child_process');
const { build } = require('./build');
const { startNode, stopChild } = require('./processes');
const fs = require('node:fs');
const http = require('node:http');
const https = require('node:https');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const grpc = require('@grpc/grpc-js');

const root = path.resolve(__dirname, '..');
const dist = (file) => path.join(root, 'dist', file);
// Loaded once dist/ is built (main builds it if needed).
const proto = () => require(dist('libs/proto/src'));
const kubeSim = () => require(dist('libs/kube-sim/src'));

const QUICK = process.env.APPLOGS_BENCH_QUICK === '1';
const WARMUP_MS = QUICK ? 500 : 1000;
const MEASURE_MS = QUICK ? 2000 : 5000;
const LATENCY_MS = QUICK ? 3000 : 10000;
const SLOW_MS = QUICK ? 8000 : 60000;
const REPLICA_COUNTS = (process.env.APPLOGS_BENCH_REPLICAS || '1,10,200').split(',').map(Number);
const PROTOCOL_REPLICA_COUNTS = process.env.APPLOGS_BENCH_REPLICAS ? REPLICA_COUNTS : [10];
const PHASES = new Set((process.env.APPLOGS_BENCH_PHASES || 'throughput,protocols,latency,slow').split(','));
const NAMESPACE = 'flyte';
const OUT = process.env.APPLOGS_BENCH_OUT || path.join(root, 'bench-results.json');

const colour = process.stderr.isTTY && !process.env.NO_COLOR;
const dim = (text) => (colour ? `\x1b[2m${text}\x1b[0m` : text);
const progress = (text) => process.stderr.write(`${dim(new Date().toISOString().slice(11, 19))} ${text}\n`);
const nowNs = () => BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6));

// ---------------------------------------------------------------- processes

const running = new Set();

const PROFILED = new Set((process.env.APPLOGS_BENCH_PROFILE || '').split(',').filter(Boolean));
const PROFILE_DIR = path.resolve(process.env.APPLOGS_BENCH_PROFILE_DIR || 'profiles');

async function startProcess(name, script, args, env, ready) {
  const key = name.replace(/ /g, '-');
  const nodeArgs = PROFILED.has(key) ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`, `--cpu-prof-name=${key}-${Date.now()}.cpuprofile`] : [];
  const started = await startNode(name, script, args, { env, ready, nodeArgs });
  running.add(started.child);
  started.child.once('exit', () => running.delete(started.child));
  return started;
}

async function freePort() {
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** CPU seconds a process has used so far (user + system), from /proc. */
function cpuSeconds(pid) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function rssMiB(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) / 1024;
}

/** The simulator with a scenario, a data plane and a control plane, each its own process. */
async function startStack(scenario) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'applogs-bench-'));
  const scenarioFile = path.join(dir, 'scenario.json');
  const kubeconfig = path.join(dir, 'kubeconfig');
  fs.writeFileSync(scenarioFile, JSON.stringify(scenario));
  const sim = await startProcess(
    'kube-sim',
    dist('libs/kube-sim/src/main.js'),
    ['--scenario', scenarioFile, '--kubeconfig', kubeconfig],
    {},
    /"url":"([^"]+)"/,
  );
  const dataPlaneAddr = `127.0.0.1:${await freePort()}`;
  const controlPlaneAddr = `127.0.0.1:${await freePort()}`;
  const dataPlane = await startProcess(
    'data plane',
    dist('apps/data-plane/src/main.js'),
    [],
    {
      KUBECONFIG: kubeconfig,
      APPLOGS_DATA_PLANE_ADDR: dataPlaneAddr,
      APPLOGS_NAMESPACE: NAMESPACE,
      APPLOGS_MAX_STREAMS: '1000',
      APPLOGS_DATA_PLANE_METRICS_ADDR: '',
    },
    /listening on/,
  );
  const controlPlane = await startProcess(
    'control plane',
    dist('apps/control-plane/src/main.js'),
    [],
    { APPLOGS_CONTROL_PLANE_ADDR: controlPlaneAddr, APPLOGS_DATA_PLANE_URL: dataPlaneAddr, APPLOGS_CONTROL_PLANE_METRICS_ADDR: '' },
    /listening on/,
  );
  return {
    // The sim's address, CA and token, from the kubeconfig it wrote (what the data plane and kubectl read too).
    sim: kubeSim().readKubeconfigAccess(kubeconfig),
    kubeconfig,
    controlPlaneAddr,
    pids: { dataPlane: dataPlane.child.pid, controlPlane: controlPlane.child.pid, sim: sim.child.pid },
    async stop() {
      await Promise.all([controlPlane, dataPlane, sim].map(({ child }) => stopChild(child)));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function podNames(sim, service) {
  const path = `/api/v1/namespaces/${NAMESPACE}/pods?labelSelector=${encodeURIComponent(`serving.knative.dev/service=${service}`)}`;
  const body = await new Promise((resolve, reject) =>
    kubeSim()
      .simGet(sim, path, {}, (res) => {
        let text = '';
        res
          .setEncoding('utf8')
          .on('data', (c) => (text += c))
          .on('end', () => resolve(text));
      })
      .on('error', reject),
  );
  return JSON.parse(body).items.map((pod) => pod.metadata.name);
}

// ---------------------------------------------------------------- counting

/** Counts lines and bytes, but only inside the measuring window that `measure` opens. */
class Counter {
  constructor() {
    this.lines = 0;
    this.bytes = 0;
    /** Responses (or chunks) received: lines per message shows how full the messages are. */
    this.messages = 0;
    this.counting = false;
  }
  add(lines, bytes) {
    if (!this.counting) return;
    this.lines += lines;
    this.bytes += bytes;
    this.messages += 1;
  }
}

/**
 * Counts for MEASURE_MS after a warm-up; `pids` are the processes whose CPU use is reported, in cores (`cpu`)
 * and in µs per line counted (`cpuUsPerLine`).
 */
async function measure(counter, pids = {}) {
  await delay(WARMUP_MS);
  const cpuBefore = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid)]));
  counter.counting = true;
  const start = performance.now();
  await delay(MEASURE_MS);
  counter.counting = false;
  const seconds = (performance.now() - start) / 1000;
  const used = Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid) - cpuBefore[name]]);
  const cpu = Object.fromEntries(used.map(([name, cpuUsed]) => [name, Number((cpuUsed / seconds).toFixed(2))]));
  const cpuUsPerLine = Object.fromEntries(used.map(([name, cpuUsed]) => [name, counter.lines ? Number(((cpuUsed / counter.lines) * 1e6).toFixed(2)) : null]));
  const linesPerMessage = counter.messages ? counter.lines / counter.messages : 0;
  return { linesPerSec: counter.lines / seconds, mbPerSec: counter.bytes / seconds / 1e6, linesPerMessage, cpu, cpuUsPerLine };
}

const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function countNewlines(chunk) {
  let count = 0;
  for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) count += 1;
  return count;
}

const TIMESTAMP_PREFIX = 31; // "2026-11-25T10:00:00.123456789Z " on every raw line

// ---------------------------------------------------------------- clients

async function rawRow(stack, pods) {
  const counter = new Counter();
  const agent = new (stack.sim.url.startsWith('https:') ? https : http).Agent({ keepAlive: true, maxSockets: Infinity });
  let failure;
  let done = false;
  const requests = pods.map((pod) => {
    const path = `/api/v1/namespaces/${NAMESPACE}/pods/${pod}/log?container=user-container&follow=true&timestamps=true&tailLines=0`;
    const request = kubeSim().simGet(stack.sim, path, { agent }, (res) =>
      res.on('data', (chunk) => {
        const lines = countNewlines(chunk);
        // Counted as applogs counts: message bytes and a newline, without the timestamp prefix.
        counter.add(lines, chunk.length - lines * TIMESTAMP_PREFIX);
      }),
    );
    // Destroying the requests at the end fails those still in their TLS handshake: only earlier errors count.
    request.on('error', (error) => {
      if (!done) failure ??= error;
    });
    return request;
  });
  const result = await measure(counter, { sim: stack.pids.sim, client: process.pid });
  done = true;
  requests.forEach((request) => request.destroy());
  agent.destroy();
  if (failure) throw new Error(`a raw log request failed: ${failure.message}`);
  return result;
}

let varintEnd = 0;
function readVarint(bytes, at) {
  let value = 0;
  let scale = 1;
  let byte;
  do {
    byte = bytes[at++];
    value += (byte & 0x7f) * scale;
    scale *= 128;
  } while (byte & 0x80);
  varintEnd = at;
  return value;
}

/** Calls visit(field, start, end) for each length-delimited field in bytes[start, end); skips varints. */
function eachField(bytes, start, end, visit) {
  let at = start;
  while (at < end) {
    const key = readVarint(bytes, at);
    at = varintEnd;
    if ((key & 7) === 0) {
      readVarint(bytes, at);
      at = varintEnd;
    } else if ((key & 7) === 2) {
      const length = readVarint(bytes, at);
      at = varintEnd;
      visit(key >>> 3, at, at + length);
      at += length;
    } else {
      throw new Error(`unexpected wire type ${key & 7}`);
    }
  }
}

/**
 * Counts the log lines and message bytes of an encoded TailLogsResponse by walking its protobuf fields
 * (batches → logs → structured_lines → message), as the raw row counts newlines: it reads every message
 * whole without building objects, so the client is not what limits the row. Decoding into objects with
 * protobufjs costs about 1.5 µs a line on this machine, which would make the client the bottleneck.
 */
function countEncodedLines(bytes) {
  let lines = 0;
  let messageBytes = 0;
  const onLineField = (field, start, end) => {
    if (field === 2) messageBytes += end - start + 1; // LogLine.message, plus the newline it had
  };
  const onLogLinesField = (field, start, end) => {
    if (field !== 3) return; // LogLines.structured_lines
    lines += 1;
    eachField(bytes, start, end, onLineField);
  };
  const onBatchField = (_field, start, end) => eachField(bytes, start, end, onLogLinesField); // LogLinesBatch.logs
  eachField(bytes, 0, bytes.length, (field, start, end) => {
    if (field === 3) eachField(bytes, start, end, onBatchField); // TailLogsResponse.batches
  });
  return { lines, bytes: messageBytes };
}

/** Lines and message bytes of a decoded TailLogsResponse, counted as countEncodedLines counts them. */
function countDecodedLines(response) {
  let lines = 0;
  let bytes = 0;
  for (const logs of batchesOf(response)) {
    for (const line of logs.structuredLines) bytes += Buffer.byteLength(line.message) + 1;
    lines += logs.structuredLines.length;
  }
  return { lines, bytes };
}

// The HTTP/2 receive window of every client here, as the control plane uses towards the data plane (grpc-js's
// default and Node's are 64 KiB).
const RECEIVE_WINDOW = 4 * 1024 * 1024;

/** A grpc-js client of the control plane; `raw`: responses as the bytes received, for counting without decoding. */
function appLogsClient(address, { raw = false } = {}) {
  const { AppLogsService, grpcServiceDefinition } = proto();
  const Client = grpc.makeGenericClientConstructor(grpcServiceDefinition(AppLogsService, { rawResponses: raw }), AppLogsService.name);
  return new Client(address, grpc.credentials.createInsecure(), {
    'grpc.use_local_subchannel_pool': 1,
    'grpc-node.flow_control_window': RECEIVE_WINDOW,
  });
}

/** The TailLogsRequest of a bench app. */
function appRequest(name) {
  const { create, TailLogsRequestSchema } = proto();
  return create(TailLogsRequestSchema, { target: { case: 'appId', value: { project: 'bench', domain: 'development', name } } });
}

/** The LogLines of a response, if it is a batch. */
const batchesOf = (response) => (response.resp.case === 'batches' ? response.resp.value.logs : []);

/**
 * A TailLogs call to the control plane, measured: `caller.open(address, request, counter, fail)` starts it,
 * adds what arrives to counter, hands an unexpected error to fail, and returns what ends the call and frees
 * its connection. The client runs in this process (reported as `client`), which does nothing else meanwhile.
 */
async function callerRow(stack, app, caller) {
  const counter = new Counter();
  let failure;
  const close = caller.open(stack.controlPlaneAddr, appRequest(app), counter, (error) => (failure ??= error));
  const result = await measure(counter, { ...stack.pids, client: process.pid });
  await close();
  if (failure) throw new Error(`${caller.label}: the call failed: ${failure.message}`);
  if (result.linesPerSec === 0) throw new Error(`${caller.label}: the call read nothing`);
  return result;
}

/** gRPC through grpc-js, counting the bytes received without decoding them: the applogs row. */
const grpcJsCaller = {
  label: 'gRPC, HTTP/2 (grpc-js)',
  open(address, request, counter, fail) {
    const client = appLogsClient(address, { raw: true });
    const call = client.TailLogs(request);
    call.on('data', (encoded) => {
      const { lines, bytes } = countEncodedLines(encoded);
      counter.add(lines, bytes);
    });
    call.on('error', (error) => {
      if (error.code !== grpc.status.CANCELLED) fail(error);
    });
    return () => {
      call.cancel();
      client.close();
    };
  },
};

/**
 * connect-node's HTTP/2 session manager, with the receive window of the session (not only of its streams) set
 * as grpc-js sets it. Node leaves it at 64 KiB and connect-node has no option for it (nodejs/node#38426): with
 * that window a connect-node call read about 10,000 lines/s here, 1/70 of what grpc-js read, until the public
 * port set TCP_NODELAY (each window's last segment waited for a delayed ACK); with it, the default window still
 * costs a round trip per 64 KiB, which a caller that reads our README avoids as grpc-js does.
 */
function http2Session(baseUrl) {
  const { Http2SessionManager } = require('@connectrpc/connect-node');
  const manager = new Http2SessionManager(baseUrl, {}, { settings: { initialWindowSize: RECEIVE_WINDOW } });
  return {
    authority: manager.authority,
    async request(...args) {
      const stream = await manager.request(...args);
      stream.session.setLocalWindowSize(RECEIVE_WINDOW);
      return stream;
    },
    notifyResponseByteRead: (stream) => manager.notifyResponseByteRead(stream),
    close: () => manager.abort(),
  };
}

/**
 * A connect-node client: `createTransport` is one of connect-node's transport factories, `options` its HTTP
 * version and format. Each call gets its own connection (an HTTP/2 session or an HTTP/1.1 agent), closed with it.
 */
function connectCaller(label, createTransport, options) {
  return {
    label,
    open(address, request, counter, fail) {
      const { Code, ConnectError, createClient } = require('@connectrpc/connect');
      const baseUrl = `http://${address}`;
      const connection =
        options.httpVersion === '2' ? { sessionManager: http2Session(baseUrl) } : { nodeOptions: { agent: new http.Agent({ keepAlive: true }) } };
      const client = createClient(proto().AppLogsService, createTransport({ baseUrl, ...options, ...connection }));
      const abort = new AbortController();
      const done = (async () => {
        for await (const response of client.tailLogs(request, { signal: abort.signal })) {
          const { lines, bytes } = countDecodedLines(response);
          counter.add(lines, bytes);
        }
      })().catch((error) => {
        if (ConnectError.from(error).code !== Code.Canceled) fail(error);
      });
      return async () => {
        abort.abort();
        await done;
        connection.sessionManager?.close();
        connection.nodeOptions?.agent.destroy();
      };
    },
  };
}

/** The control plane's public port, protocol by protocol; the first is the baseline the others are compared with. */
function protocolCallers() {
  const { createConnectTransport, createGrpcTransport, createGrpcWebTransport } = require('@connectrpc/connect-node');
  return {
    grpcJs: grpcJsCaller,
    connectHttp2: connectCaller('Connect, HTTP/2', createConnectTransport, { httpVersion: '2' }),
    connectHttp1: connectCaller('Connect, HTTP/1.1', createConnectTransport, { httpVersion: '1.1' }),
    connectHttp1Json: connectCaller('Connect, HTTP/1.1, JSON', createConnectTransport, { httpVersion: '1.1', useBinaryFormat: false }),
    grpcWebHttp1: connectCaller('gRPC-Web, HTTP/1.1', createGrpcWebTransport, { httpVersion: '1.1' }),
    grpcHttp2: connectCaller('gRPC, HTTP/2 (connect-node)', createGrpcTransport, { httpVersion: '2' }),
  };
}

function findKubectl() {
  try {
    return execFileSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

async function kubectlRow(stack, service, replicas, kubectl) {
  const counter = new Counter();
  const child = spawn(
    kubectl,
    [
      '--kubeconfig',
      stack.kubeconfig,
      '-n',
      NAMESPACE,
      'logs',
      '-f',
      '-c',
      'user-container',
      '--tail=0',
      '-l',
      `serving.knative.dev/service=${service}`,
      `--max-log-requests=${replicas}`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (c) => (stderr += c));
  child.stdout.on('data', (chunk) => counter.add(countNewlines(chunk), chunk.length));
  const result = await measure(counter, { sim: stack.pids.sim, kubectl: child.pid });
  child.kill('SIGTERM');
  if (result.linesPerSec === 0) throw new Error(`kubectl read nothing: ${stderr.trim()}`);
  return result;
}

// ---------------------------------------------------------------- phases

const FLOOD_APP = 'flood';
/** A scenario of one app whose replicas write as fast as they are read. */
const floodScenario = (replicas) => ({ namespace: NAMESPACE, apps: [{ service: `${FLOOD_APP}-bench-development`, replicas, flood: true }] });

async function throughputPhase(replicas, kubectl) {
  const scenario = floodScenario(replicas);
  const service = scenario.apps[0].service;
  const stack = await startStack(scenario);
  try {
    const pods = await podNames(stack.sim, service);
    progress(`${replicas} replica(s): raw HTTPS`);
    const raw = await rawRow(stack, pods);
    progress(`${replicas} replica(s): applogs (both planes)`);
    const applogs = await callerRow(stack, FLOOD_APP, grpcJsCaller);
    let kube = { skipped: 'no kubectl on PATH' };
    if (kubectl) {
      progress(`${replicas} replica(s): kubectl logs -f -l`);
      kube = await kubectlRow(stack, service, replicas, kubectl);
    }
    return { replicas, raw, applogs, kubectl: kube };
  } finally {
    await stack.stop();
  }
}

/** The flood through each protocol of the control plane, one after another on one stack. */
async function protocolsPhase(replicas) {
  const stack = await startStack(floodScenario(replicas));
  try {
    const rows = {};
    for (const [key, caller] of Object.entries(protocolCallers())) {
      progress(`${replicas} replica(s): ${caller.label}`);
      rows[key] = { label: caller.label, ...(await callerRow(stack, FLOOD_APP, caller)) };
    }
    return { replicas, rows };
  } finally {
    await stack.stop();
  }
}

async function latencyPhase() {
  const callers = 100;
  const apps = Array.from({ length: callers }, (_, i) => ({ service: `lat${i}-bench-development`, replicas: 1, ratePerSecond: 10 }));
  const stack = await startStack({ namespace: NAMESPACE, apps });
  const latenciesMs = [];
  let measuring = false;
  const clients = [];
  try {
    progress(`latency: ${callers} callers, one app each writing 10 lines/s`);
    const calls = apps.map((_, i) => {
      const client = appLogsClient(stack.controlPlaneAddr);
      clients.push(client);
      const call = client.TailLogs(appRequest(`lat${i}`));
      call.on('data', (response) => {
        if (!measuring) return;
        const received = nowNs();
        for (const logs of batchesOf(response)) {
          for (const line of logs.structuredLines) {
            const written = line.timestamp.seconds * 1_000_000_000n + BigInt(line.timestamp.nanos);
            latenciesMs.push(Number(received - written) / 1e6);
          }
        }
      });
      call.on('error', () => undefined);
      return call;
    });
    await delay(WARMUP_MS * 2);
    measuring = true;
    await delay(LATENCY_MS);
    measuring = false;
    calls.forEach((call) => call.cancel());
  } finally {
    clients.forEach((client) => client.close());
    await stack.stop();
  }
  latenciesMs.sort((a, b) => a - b);
  const at = (q) => latenciesMs[Math.min(latenciesMs.length - 1, Math.floor(q * latenciesMs.length))];
  return { callers, lines: latenciesMs.length, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: latenciesMs.at(-1) };
}

async function slowCallerPhase() {
  const producerRate = 2000;
  const readerRate = producerRate / 10;
  const stack = await startStack({ namespace: NAMESPACE, apps: [{ service: 'slow-bench-development', replicas: 1, ratePerSecond: producerRate }] });
  const client = appLogsClient(stack.controlPlaneAddr);
  try {
    progress(`slow caller: producer ${producerRate} lines/s, caller reads ${readerRate} lines/s for ${SLOW_MS / 1000} s`);
    const start = { dataPlane: rssMiB(stack.pids.dataPlane), controlPlane: rssMiB(stack.pids.controlPlane) };
    const call = client.TailLogs(appRequest('slow'));
    const began = performance.now();
    let read = 0;
    call.on('data', (response) => {
      for (const logs of batchesOf(response)) read += logs.structuredLines.length;
      // Read no faster than readerRate: pause until the schedule catches up with what was read.
      const aheadMs = (read / readerRate) * 1000 - (performance.now() - began);
      if (aheadMs > 0) {
        call.pause();
        setTimeout(() => call.resume(), aheadMs);
      }
    });
    call.on('error', () => undefined);
    let peak = { ...start };
    const ticker = setInterval(
      () => {
        peak = {
          dataPlane: Math.max(peak.dataPlane, rssMiB(stack.pids.dataPlane)),
          controlPlane: Math.max(peak.controlPlane, rssMiB(stack.pids.controlPlane)),
        };
        const elapsed = (performance.now() - began) / 1000;
        progress(
          `slow caller: ${elapsed.toFixed(0)} s, read ${read} lines, RSS data plane ${peak.dataPlane.toFixed(0)} MiB, control plane ${peak.controlPlane.toFixed(0)} MiB`,
        );
      },
      Math.max(1000, SLOW_MS / 6),
    );
    await delay(SLOW_MS);
    clearInterval(ticker);
    const end = { dataPlane: rssMiB(stack.pids.dataPlane), controlPlane: rssMiB(stack.pids.controlPlane) };
    call.cancel();
    const seconds = (performance.now() - began) / 1000;
    return { seconds, producerLinesPerSec: producerRate, readerLinesPerSec: read / seconds, start, end, peak };
  } finally {
    client.close();
    await stack.stop();
  }
}

// ---------------------------------------------------------------- report

const fmt = (n, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function report(results) {
  const sections = [`applogs benchmark — ${results.machine.cpus} × ${results.machine.cpuModel}, Node ${results.machine.node}, ${results.date}`];
  if (results.throughput.length > 0) {
    const rows = [];
    const usPerLine = (row, name) => (row.cpuUsPerLine?.[name] == null ? '' : fmt(row.cpuUsPerLine[name], 2));
    const cpuCells = (row, client) => [usPerLine(row, 'dataPlane'), usPerLine(row, 'controlPlane'), usPerLine(row, 'sim'), usPerLine(row, client)];
    for (const r of results.throughput) {
      const vsKubectl = r.kubectl.linesPerSec ? `${fmt(r.applogs.linesPerSec / r.kubectl.linesPerSec, 2)}x` : 'n/a';
      rows.push([`${r.replicas} raw`, fmt(r.raw.linesPerSec), fmt(r.raw.mbPerSec, 1), '', '', '', ...cpuCells(r.raw, 'client')]);
      rows.push([
        `${r.replicas} applogs`,
        fmt(r.applogs.linesPerSec),
        fmt(r.applogs.mbPerSec, 1),
        `${fmt(r.applogs.linesPerSec / r.raw.linesPerSec, 2)}x`,
        vsKubectl,
        fmt(r.applogs.linesPerMessage),
        ...cpuCells(r.applogs, 'client'),
      ]);
      rows.push([
        `${r.replicas} kubectl`,
        r.kubectl.linesPerSec ? fmt(r.kubectl.linesPerSec) : r.kubectl.skipped,
        r.kubectl.mbPerSec ? fmt(r.kubectl.mbPerSec, 1) : '',
        '',
        '',
        '',
        ...cpuCells(r.kubectl, 'kubectl'),
      ]);
    }
    sections.push(
      table(['replicas / client', 'lines/s', 'MB/s', 'applogs/raw', 'applogs/kubectl', 'lines/msg', 'data plane', 'control plane', 'sim', 'client'], rows) +
        "\ndata plane … client: CPU µs per line, each process's CPU time over the window divided by the lines delivered (kubectl's own in" +
        '\nthe client column). lines/msg: lines per TailLogsResponse the client received.',
    );
  }
  if (results.protocols.length > 0) {
    const rows = [];
    for (const { replicas, rows: byProtocol } of results.protocols) {
      const all = Object.values(byProtocol);
      for (const r of all) {
        rows.push([
          `${replicas} ${r.label}`,
          fmt(r.linesPerSec),
          fmt(r.mbPerSec, 1),
          `${fmt(r.linesPerSec / all[0].linesPerSec, 2)}x`,
          fmt(r.cpuUsPerLine.controlPlane, 2),
          fmt(r.cpuUsPerLine.dataPlane, 2),
          fmt(r.cpuUsPerLine.client, 2),
          fmt(r.cpu.client, 2),
        ]);
      }
    }
    sections.push(
      table(['replicas / protocol', 'lines/s', 'MB/s', 'vs gRPC', 'control plane µs/line', 'data plane µs/line', 'client µs/line', 'client cores'], rows) +
        '\nµs/line: CPU time per line received. grpc-js counts the encoded responses; the connect-node clients decode them, so they take' +
        '\nmore of the machine from the planes (a client near 1 core is what limits its row)',
    );
  }
  const l = results.latency;
  if (l) {
    sections.push(
      table(
        ['latency (write → receipt)', 'callers', 'lines', 'p50 ms', 'p99 ms', 'max ms'],
        [['applogs', l.callers, l.lines, fmt(l.p50Ms, 1), fmt(l.p99Ms, 1), fmt(l.maxMs, 1)]],
      ),
    );
  }
  const s = results.slowCaller;
  if (s) {
    sections.push(
      table(
        ['slow caller RSS (MiB)', 'start', 'end', 'peak', 'growth'],
        [
          ['data plane', fmt(s.start.dataPlane, 1), fmt(s.end.dataPlane, 1), fmt(s.peak.dataPlane, 1), fmt(s.end.dataPlane - s.start.dataPlane, 1)],
          [
            'control plane',
            fmt(s.start.controlPlane, 1),
            fmt(s.end.controlPlane, 1),
            fmt(s.peak.controlPlane, 1),
            fmt(s.end.controlPlane - s.start.controlPlane, 1),
          ],
        ],
      ) + `\nslow caller read ${fmt(s.readerLinesPerSec)} lines/s of ${fmt(s.producerLinesPerSec)} produced, for ${fmt(s.seconds)} s`,
    );
  }
  return sections.join('\n\n');
}

async function main() {
  await build({ ifNeeded: true });
  const began = performance.now();
  const kubectl = findKubectl();
  if (!kubectl) progress('no kubectl on PATH: the kubectl rows are skipped');
  const results = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', node: process.version, memoryGiB: Math.round(os.totalmem() / 2 ** 30) },
    settings: { warmupMs: WARMUP_MS, measureMs: MEASURE_MS, latencyMs: LATENCY_MS, slowMs: SLOW_MS, quick: QUICK },
    throughput: [],
    protocols: [],
  };
  if (PHASES.has('throughput')) for (const replicas of REPLICA_COUNTS) results.throughput.push(await throughputPhase(replicas, kubectl));
  if (PHASES.has('protocols')) for (const replicas of PROTOCOL_REPLICA_COUNTS) results.protocols.push(await protocolsPhase(replicas));
  if (PHASES.has('latency')) results.latency = await latencyPhase();
  if (PHASES.has('slow')) results.slowCaller = await slowCallerPhase();
  results.totalSeconds = (performance.now() - began) / 1000;
  fs.writeFileSync(OUT, `${JSON.stringify(results, null, 2)}\n`);
  console.log(report(results));
  progress(`done in ${fmt(results.totalSeconds)} s; figures in ${path.relative(process.cwd(), OUT) || OUT}`);
}

const stopAll = () => Promise.all([...running].map(stopChild));
process.on('SIGINT', () => stopAll().then(() => process.exit(130)));
main().then(stopAll, async (error) => {
  await stopAll();
  console.error(error.stack ?? error);
  process.exit(1);
});
