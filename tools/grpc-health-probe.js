#!/usr/bin/env node
// A container health check: calls grpc.health.v1.Health/Check once and exits 0 only when the answer is SERVING,
// 1 on anything else (NOT_SERVING, an unknown service, UNIMPLEMENTED, no answer before the deadline, a bad
// argument). Docker's HEALTHCHECK reads 0 as healthy and 1 as unhealthy; the one line printed lands in
// `docker inspect`'s health log.
//
//   node tools/grpc-health-probe.js ADDR [--service NAME] [--timeout MS]
//
// ADDR is HOST:PORT, or a listen address such as 0.0.0.0:8090 or [::]:8090 (the probe then dials loopback), so
// a HEALTHCHECK can pass the plane's own APPLOGS_*_ADDR. --service defaults to "" (the server as a whole).
//
// Plain CommonJS on production dependencies and the compiled proto lib (dist/libs/proto, in every image):
// the health service's messages are the ones generated from grpc/health/v1/health.proto.
'use strict';

const grpc = require('@grpc/grpc-js');
const path = require('node:path');
const { Health, HealthCheckRequestSchema, HealthCheckResponse_ServingStatus, create, grpcServiceDefinition } = require(
  path.join(__dirname, '../dist/libs/proto/src'),
);

const DEFAULT_TIMEOUT_MS = 3000;

const HealthClient = grpc.makeGenericClientConstructor(grpcServiceDefinition(Health), 'Health');

/** A listen address becomes one to dial: wildcard hosts (or none) mean this machine's loopback. */
function dialAddress(address) {
  const match = /^(?:(\[[^\]]*\]|[^:]*):)?(\d{1,5})$/.exec(address.trim());
  if (!match || Number(match[2]) < 1 || Number(match[2]) > 65535) {
    throw new Error(`not an address: ${JSON.stringify(address)} (expected HOST:PORT)`);
  }
  const host = match[1] ?? '';
  const port = match[2];
  if (host === '' || host === '0.0.0.0') return `127.0.0.1:${port}`;
  if (host === '[::]' || host === '[::0]') return `[::1]:${port}`;
  return `${host}:${port}`;
}

function parseArgs(argv) {
  const options = { address: undefined, service: '', timeoutMs: DEFAULT_TIMEOUT_MS };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${arg} needs a value`);
      i += 1;
      return argv[i];
    };
    if (arg === '--service') options.service = value();
    else if (arg === '--timeout') {
      options.timeoutMs = Number(value());
      if (!Number.isInteger(options.timeoutMs) || options.timeoutMs <= 0) throw new Error('--timeout must be a positive integer (ms)');
    } else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}`);
    else if (options.address === undefined) options.address = arg;
    else throw new Error(`unexpected argument ${arg}`);
  }
  if (options.address === undefined) throw new Error('usage: grpc-health-probe.js HOST:PORT [--service NAME] [--timeout MS]');
  return options;
}

/** Resolves with the serving status by name (such as "SERVING"); rejects with the call's error. */
function check(address, service, timeoutMs) {
  const client = new HealthClient(dialAddress(address), grpc.credentials.createInsecure());
  return new Promise((resolve, reject) => {
    // A data plane with a shared internal secret refuses every call without it, health checks included.
    const metadata = new grpc.Metadata();
    if (process.env.APPLOGS_INTERNAL_SECRET?.trim()) metadata.set('x-applogs-internal-secret', process.env.APPLOGS_INTERNAL_SECRET.trim());
    client.Check(create(HealthCheckRequestSchema, { service }), metadata, { deadline: Date.now() + timeoutMs }, (error, response) => {
      client.close();
      if (error) reject(error);
      else resolve(HealthCheckResponse_ServingStatus[response.status]);
    });
  });
}

async function main() {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
    dialAddress(options.address);
  } catch (error) {
    process.stderr.write(`grpc-health-probe: ${error.message}\n`);
    return 1;
  }
  const what = `${dialAddress(options.address)} service ${JSON.stringify(options.service)}`;
  try {
    const status = await check(options.address, options.service, options.timeoutMs);
    process.stdout.write(`${what}: ${status}\n`);
    return status === 'SERVING' ? 0 : 1;
  } catch (error) {
    const code = grpc.status[error.code] ?? String(error.code);
    process.stdout.write(`${what}: ${code}: ${error.details || error.message}\n`);
    return 1;
  }
}

if (require.main === module) {
  main().then((code) => process.exit(code));
}

module.exports = { dialAddress };
