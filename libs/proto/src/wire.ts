import * as protoLoader from '@grpc/proto-loader';
import type { MethodDefinition, PackageDefinition } from '@grpc/proto-loader';
import * as protobuf from 'protobufjs';
import * as path from 'node:path';
import type { ReplicaIdentifier } from './generated/flyteidl2/app/app_definition';
import type { TailLogsResponse } from './generated/flyteidl2/app/app_logs_payload';
import { APP_LOGS_SERVICE_PROTO, PROTO_LOADER_OPTIONS, PROTO_ROOT } from './loader-options';

/**
 * A TailLogs response either as an object, or already encoded (by the data plane's line encoder, or as
 * received by the control plane, which relays responses without decoding them).
 */
export type TailLogsMessage = TailLogsResponse | Buffer;

/** A response encoded by the data plane, which knows how many log lines it holds (for metrics and logs). */
export type EncodedTailLogsResponse = Buffer & { lineCount?: number };

/** The first byte of an encoded TailLogsResponse whose `resp` is `batches` (field 3, length-delimited). */
export const BATCHES_TAG = 0x1a;

export interface AppLogsPackageOptions {
  /** Hand TailLogs responses over as the encoded bytes received, for a relay that never looks inside them. */
  rawResponses?: boolean;
}

/**
 * The AppLogsService package as proto-loader defines it, except that an already encoded TailLogs response
 * is sent as it is instead of being encoded again.
 */
export function appLogsPackageDefinition(options: AppLogsPackageOptions = {}): PackageDefinition {
  const definition = protoLoader.loadSync(APP_LOGS_SERVICE_PROTO, PROTO_LOADER_OPTIONS);
  const tailLogs = (definition['flyteidl2.app.AppLogsService'] as Record<string, MethodDefinition<unknown, unknown>>)['TailLogs'];
  const serialize = tailLogs.responseSerialize;
  tailLogs.responseSerialize = (value: unknown) => (Buffer.isBuffer(value) ? value : serialize(value));
  if (options.rawResponses) tailLogs.responseDeserialize = (bytes: Buffer) => bytes;
  return definition;
}

let root: protobuf.Root | undefined;

/** The protobufjs types of our .proto files, loaded once, for code that encodes or decodes by hand. */
function protoRoot(): protobuf.Root {
  if (!root) {
    root = new protobuf.Root();
    root.resolvePath = (_origin, target) => (target.startsWith('google/protobuf/') ? target : path.join(PROTO_ROOT, target));
    root.loadSync(APP_LOGS_SERVICE_PROTO, { keepCase: true });
    root.resolveAll();
  }
  return root;
}

export function encodeReplicaIdentifier(id: ReplicaIdentifier): Uint8Array {
  const type = protoRoot().lookupType('flyteidl2.app.ReplicaIdentifier');
  return type.encode(type.fromObject(id)).finish();
}

/** Decodes a TailLogsResponse into the shape every client of ours sees (PROTO_LOADER_OPTIONS). */
export function decodeTailLogsResponse(bytes: Uint8Array): TailLogsResponse {
  const type = protoRoot().lookupType('flyteidl2.app.TailLogsResponse');
  return type.toObject(type.decode(bytes), { longs: String, enums: String, defaults: true, oneofs: true }) as TailLogsResponse;
}

/** Encodes a TailLogsResponse the way grpc-js would (for tests that compare encodings). */
export function encodeTailLogsResponse(response: TailLogsResponse): Buffer {
  const type = protoRoot().lookupType('flyteidl2.app.TailLogsResponse');
  return Buffer.from(type.encode(type.fromObject(response)).finish());
}
