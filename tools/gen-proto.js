#!/usr/bin/env node
// Regenerates libs/proto/src/generated from libs/proto/proto with protoc and ts-proto.
// The .proto files are the only source of message types: never edit the generated files by hand.
// Needs `protoc` on PATH (Debian: protobuf-compiler).
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const protoRoot = path.join(root, 'libs/proto/proto');
const outDir = process.argv[2] ? path.resolve(process.argv[2]) : path.join(root, 'libs/proto/src/generated');

// Matches PROTO_LOADER_OPTIONS in libs/proto/src/loader-options.ts: snake_case keys (keepCase),
// int64 as string (longs: String), enums as names (enums: String).
const tsProtoOptions = [
  'nestJs=true',
  'addGrpcMetadata=true',
  'outputEncodeMethods=false',
  'outputJsonMethods=false',
  'outputPartialMethods=false',
  'outputClientImpl=false',
  'useDate=false',
  'forceLong=string',
  'stringEnums=true',
  'snakeToCamel=false',
  'useOptionals=messages',
  'exportCommonSymbols=false',
].join(',');

function protoFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return protoFiles(full);
    return entry.name.endsWith('.proto') ? [path.relative(protoRoot, full)] : [];
  });
}

fs.rmSync(outDir, { recursive: true, force: true });
fs.mkdirSync(outDir, { recursive: true });
execFileSync(
  'protoc',
  [
    `--plugin=protoc-gen-ts_proto=${path.join(root, 'node_modules/.bin/protoc-gen-ts_proto')}`,
    `-I${protoRoot}`,
    `--ts_proto_out=${outDir}`,
    `--ts_proto_opt=${tsProtoOptions}`,
    ...protoFiles(protoRoot).sort(),
  ],
  { stdio: 'inherit' },
);
console.log(`generated TypeScript types in ${path.relative(root, outDir)}`);
