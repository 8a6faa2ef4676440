import * as protoLoader from '@grpc/proto-loader';
import type { PackageDefinition } from '@grpc/proto-loader';
import type { Server } from '@grpc/grpc-js';
import { ReflectionService } from '@grpc/reflection';
import * as path from 'node:path';
import { linkedFileDescriptors } from './file-descriptors';
import { HEALTH_PROTO_PATH } from './health';

/** The folder of the reflection service's own .proto files, as @grpc/reflection ships them. */
export const REFLECTION_PROTO_ROOT = path.join(path.dirname(require.resolve('@grpc/reflection/package.json')), 'build/proto');
export const REFLECTION_PROTOS = ['grpc/reflection/v1/reflection.proto', 'grpc/reflection/v1alpha/reflection.proto'];

/**
 * Serves gRPC server reflection (`grpc.reflection.v1`, and `v1alpha` for older clients) of the given package
 * definition, of `grpc.health.v1.Health` and of the reflection service itself, so grpcurl needs no .proto
 * files. Only the file descriptors are read from the definitions (a definition whose serializers were patched
 * serves as well as any), and they are linked first (see linkedFileDescriptors).
 */
export function addReflection(server: Pick<Server, 'addService'>, served: PackageDefinition): void {
  // Loaded by relative names, as the descriptors name their files (not by a path of this machine).
  const health = protoLoader.loadSync('health/v1/health.proto', { includeDirs: [path.resolve(HEALTH_PROTO_PATH, '../../..')] });
  const reflection = protoLoader.loadSync(REFLECTION_PROTOS, { includeDirs: [REFLECTION_PROTO_ROOT] });
  // ReflectionService reads nothing but each entry's fileDescriptorProtos.
  const files = { linked: { fileDescriptorProtos: linkedFileDescriptors([served, health, reflection]) } } as unknown as PackageDefinition;
  new ReflectionService(files).addToServer(server);
}
