import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import * as path from 'node:path';

/** The reflection .proto files that @grpc/reflection ships (the same the servers serve). */
const REFLECTION_PROTO_ROOT = path.join(path.dirname(require.resolve('@grpc/reflection/package.json')), 'build/proto');

export type ReflectionVersion = 'v1' | 'v1alpha';

export interface ReflectionResponse {
  message_response: 'list_services_response' | 'file_descriptor_response' | 'error_response' | 'all_extension_numbers_response';
  list_services_response?: { service: Array<{ name: string }> };
  file_descriptor_response?: { file_descriptor_proto: Buffer[] };
  error_response?: { error_code: number; error_message: string };
}

export type ReflectionRequest = { list_services: string } | { file_containing_symbol: string } | { file_by_filename: string };

const stubs = new Map<ReflectionVersion, grpc.ServiceClientConstructor>();

function reflectionService(version: ReflectionVersion): grpc.ServiceClientConstructor {
  let constructor = stubs.get(version);
  if (!constructor) {
    const definition = protoLoader.loadSync(`grpc/reflection/${version}/reflection.proto`, {
      includeDirs: [REFLECTION_PROTO_ROOT],
      keepCase: true,
      longs: String,
      enums: String,
      oneofs: true,
    });
    constructor = (grpc.loadPackageDefinition(definition) as any).grpc.reflection[version].ServerReflection as grpc.ServiceClientConstructor;
    stubs.set(version, constructor);
  }
  return constructor;
}

/**
 * Asks a server's `grpc.reflection.<version>.ServerReflection/ServerReflectionInfo` the given questions on one
 * stream, as grpcurl does, and returns the answers in order.
 */
export async function askReflection(address: string, requests: ReflectionRequest[], version: ReflectionVersion = 'v1'): Promise<ReflectionResponse[]> {
  const Service = reflectionService(version);
  const client = new Service(address, grpc.credentials.createInsecure()) as unknown as grpc.Client & { ServerReflectionInfo(): grpc.ClientDuplexStream<ReflectionRequest, ReflectionResponse> };
  try {
    const call = client.ServerReflectionInfo();
    const responses: ReflectionResponse[] = [];
    const done = new Promise<ReflectionResponse[]>((resolve, reject) => {
      call.on('data', (response: ReflectionResponse) => responses.push(response));
      call.on('error', reject);
      call.on('end', () => resolve(responses));
    });
    for (const request of requests) call.write(request);
    call.end();
    return await done;
  } finally {
    client.close();
  }
}
