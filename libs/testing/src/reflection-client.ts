import { create, grpcServiceDefinition, reflectionV1, reflectionV1Alpha, type MessageInitShape } from '@applogs/proto';
import * as grpc from '@grpc/grpc-js';

export type ReflectionVersion = 'v1' | 'v1alpha';
export type ReflectionRequest = MessageInitShape<typeof reflectionV1.ServerReflectionRequestSchema>;
export type ReflectionResponse = reflectionV1.ServerReflectionResponse;

const VERSIONS = { v1: reflectionV1, v1alpha: reflectionV1Alpha } as const;

/**
 * Asks a server's `grpc.reflection.<version>.ServerReflection/ServerReflectionInfo` the given questions on one
 * stream, as grpcurl does, and returns the answers in order.
 */
export async function askReflection(address: string, requests: ReflectionRequest[], version: ReflectionVersion = 'v1'): Promise<ReflectionResponse[]> {
  const generated = VERSIONS[version];
  const Client = grpc.makeGenericClientConstructor(grpcServiceDefinition(generated.ServerReflection), 'ServerReflection');
  const client = new Client(address, grpc.credentials.createInsecure()) as unknown as grpc.Client & {
    ServerReflectionInfo(): grpc.ClientDuplexStream<unknown, ReflectionResponse>;
  };
  try {
    const call = client.ServerReflectionInfo();
    const responses: ReflectionResponse[] = [];
    const done = new Promise<ReflectionResponse[]>((resolve, reject) => {
      call.on('data', (response: ReflectionResponse) => responses.push(response));
      call.on('error', reject);
      call.on('end', () => resolve(responses));
    });
    for (const request of requests) call.write(create(generated.ServerReflectionRequestSchema, request as never));
    call.end();
    return await done;
  } finally {
    client.close();
  }
}
