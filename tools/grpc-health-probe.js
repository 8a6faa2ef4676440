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
// Plain CommonJS on production dependencies only (@grpc/grpc-js, @grpc/proto-loader, protobufjs); the health
// proto is inlined so the probe needs no file beside it.
'use strict';

const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');
const protobuf = require('protobufjs');

/** The part of grpc/health/v1/health.proto the probe uses, with the standard names and field numbers. */
const HEALTH_PROTO = `
syntax = "proto3";
package grpc.health.v1;
message HealthCheckRequest {
  string service = 1;
}
message HealthCheckResponse {
  enum ServingStatus {
    UNKNOWN = 0;
    SERVING = 1;
    NOT_SERVING = 2;
    SERVICE_UNKNOWN = 3;
  }
  ServingStatus status = 1;
}
service Health {
  rpc Check(HealthCheckRequest) returns (HealthCheckResponse);
  rpc Watch(HealthCheckRequest) returns (stream HealthCheckResponse);
}
`;

const DEFAULT_TIMEOUT_MS = 3000;

/** The grpc.health.v1 package for grpc-js (client constructor and service definition), enums as strings. */
function loadHealthPackage() {
  const root = protobuf.parse(HEALTH_PROTO, { keepCase: true }).root;
  const definition = protoLoader.fromJSON(root.toJSON(), { keepCase: true, enums: String, defaults: true });
  return grpc.loadPackageDefinition(definition).grpc.health.v1;
}

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

/** Resolves with the serving status (a string such as "SERVING"); rejects with the call's error. */
function check(address, service, timeoutMs) {
  const { Health } = loadHealthPackage();
  const client = new Health(dialAddress(address), grpc.credentials.createInsecure());
  return new Promise((resolve, reject) => {
    // A data plane with a shared internal secret refuses every call without it, health checks included.
    const metadata = new grpc.Metadata();
    if (process.env.APPLOGS_INTERNAL_SECRET?.trim()) metadata.set('x-applogs-internal-secret', process.env.APPLOGS_INTERNAL_SECRET.trim());
    client.Check({ service }, metadata, { deadline: Date.now() + timeoutMs }, (error, response) => {
      client.close();
      if (error) reject(error);
      else resolve(response.status);
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

module.exports = { HEALTH_PROTO, loadHealthPackage, dialAddress };
