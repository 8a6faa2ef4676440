#!/usr/bin/env node
// A minimal TailLogs caller for the demo: `node tools/demo-tail.js APP [PROJECT] [DOMAIN]`.
// Prints `replica | message`, one colour per replica (colour off in a pipe or with NO_COLOR).
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');
const path = require('node:path');
const { PROTO_LOADER_OPTIONS, APP_LOGS_SERVICE_PROTO } = require(path.resolve(__dirname, '../dist/libs/proto/src'));

const [name, project = 'demo', domain = 'development'] = process.argv.slice(2);
if (!name) {
  console.error('usage: node tools/demo-tail.js APP [PROJECT] [DOMAIN]');
  process.exit(2);
}
const address = process.env.APPLOGS_SERVER || '127.0.0.1:8090';
const colour = process.stdout.isTTY && !process.env.NO_COLOR;
const palette = [36, 33, 35, 32, 34, 91, 92, 93];
const colours = new Map();
const label = (replica) => {
  if (!colours.has(replica)) colours.set(replica, palette[colours.size % palette.length]);
  return colour ? `\x1b[${colours.get(replica)}m${replica}\x1b[0m` : replica;
};

const definition = protoLoader.loadSync(APP_LOGS_SERVICE_PROTO, PROTO_LOADER_OPTIONS);
const { AppLogsService } = grpc.loadPackageDefinition(definition).flyteidl2.app;
const client = new AppLogsService(address, grpc.credentials.createInsecure());
const call = client.TailLogs({ app_id: { project, domain, name } });
call.on('data', (response) => {
  if (response.replicas) {
    console.error(`replicas: ${response.replicas.replicas.map((r) => r.name).join(', ')}`);
    return;
  }
  if (response.replica_event) {
    const { kind, replica, message } = response.replica_event;
    console.error(`${kind.toLowerCase()} ${replica.name}: ${message}`);
    return;
  }
  for (const logs of response.batches?.logs ?? []) {
    for (const line of logs.structured_lines) console.log(`${label(line.short_pod_name || logs.replica_id.name)} | ${line.message}`);
  }
});
call.on('error', (error) => {
  console.error(`${grpc.status[error.code]}: ${error.details}`);
  process.exit(1);
});
call.on('end', () => process.exit(0));
// `| head` closing the pipe is a normal way to stop reading.
process.stdout.on('error', (error) => process.exit(error.code === 'EPIPE' ? 0 : 1));
process.on('SIGINT', () => {
  call.cancel();
  process.exit(130);
});
