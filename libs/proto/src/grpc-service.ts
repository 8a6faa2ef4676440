import { create, fromBinary, isMessage, toBinary, type DescMessage, type DescMethod, type DescService } from '@bufbuild/protobuf';
import type { MethodDefinition, ServiceDefinition } from '@grpc/grpc-js';

export interface GrpcServiceOptions {
  /**
   * Server: a response that is already encoded (a Buffer) is sent as it is. Client: responses are handed over
   * as the encoded bytes received. For a relay that never looks inside the messages it forwards.
   */
  rawResponses?: boolean;
}

/**
 * A grpc-js service definition of a protobuf-es service: paths, streaming kinds and (de)serializers all from
 * the descriptors generated from our .proto files, so there is one set of message types whichever library
 * carries them. grpc-js servers (Nest's gRPC transport among them) and clients take it as it is.
 */
export function grpcServiceDefinition(service: DescService, options: GrpcServiceOptions = {}): ServiceDefinition {
  return Object.fromEntries(service.methods.map((method) => [method.name, grpcMethodDefinition(service, method, options)]));
}

/**
 * The package definition Nest's gRPC transport loads (`packageDefinition` instead of a `protoPath`): the
 * services by their full names, as proto-loader would name them.
 */
export function grpcPackageDefinition(services: DescService[], options: GrpcServiceOptions = {}): Record<string, ServiceDefinition> {
  return Object.fromEntries(services.map((service) => [service.typeName, grpcServiceDefinition(service, options)]));
}

/** Encodes a message of `schema`, or the fields of one (what grpc-js callers and handlers naturally pass). */
function encoder(schema: DescMessage): (value: unknown) => Buffer {
  return (value) => Buffer.from(toBinary(schema, isMessage(value, schema) ? value : create(schema, value as never)));
}

function grpcMethodDefinition(service: DescService, method: DescMethod, options: GrpcServiceOptions): MethodDefinition<unknown, unknown> {
  const { input, output } = method;
  const encodeResponse = encoder(output);
  return {
    path: `/${service.typeName}/${method.name}`,
    originalName: method.localName,
    requestStream: method.methodKind === 'client_streaming' || method.methodKind === 'bidi_streaming',
    responseStream: method.methodKind === 'server_streaming' || method.methodKind === 'bidi_streaming',
    requestSerialize: encoder(input),
    requestDeserialize: (bytes: Buffer) => fromBinary(input, bytes),
    responseSerialize: options.rawResponses ? (value: unknown) => (Buffer.isBuffer(value) ? value : encodeResponse(value)) : encodeResponse,
    responseDeserialize: options.rawResponses ? (bytes: Buffer) => bytes : (bytes: Buffer) => fromBinary(output, bytes),
  };
}
