import {
  Code,
  create,
  file_grpc_health_v1_health,
  grpcServiceDefinition,
  Health,
  reflectionV1,
  reflectionV1Alpha,
  toBinary,
  type MessageInitShape,
} from '@applogs/proto';
import type { DescFile, DescMessage, DescService } from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema } from '@bufbuild/protobuf/wkt';
import type * as grpc from '@grpc/grpc-js';

type ReflectionRequest = reflectionV1.ServerReflectionRequest;
type ReflectionAnswer = MessageInitShape<typeof reflectionV1.ServerReflectionResponseSchema>;

/** The services every server of ours offers besides its own (listed by `list_services`), and their files. */
const SERVICES_ALONGSIDE = [Health, reflectionV1.ServerReflection, reflectionV1Alpha.ServerReflection];
const SERVED_ALONGSIDE = [
  file_grpc_health_v1_health,
  reflectionV1.file_grpc_reflection_v1_reflection,
  reflectionV1Alpha.file_grpc_reflection_v1alpha_reflection,
];

/**
 * gRPC server reflection (`grpc.reflection.v1`, and `v1alpha` for older clients), answered from the descriptors
 * protobuf-es generated from our .proto files: every file as protoc compiled it, with its imports, so grpcurl
 * and `buf curl` need no .proto files. Protocol-neutral: the transports feed it requests and send its answers.
 */
export class ServerReflection {
  private readonly files = new Map<string, DescFile>();
  private readonly symbols = new Map<string, DescFile>();
  /** Full names of the services the server offers, as `list_services` answers. */
  private readonly services: readonly string[];

  /** `files` describe `services`, the server's own; health and reflection are added. */
  constructor(files: DescFile[], services: readonly DescService[]) {
    this.services = [...services, ...SERVICES_ALONGSIDE].map((service) => service.typeName);
    for (const file of [...files, ...SERVED_ALONGSIDE]) this.index(file);
  }

  /**
   * The answer to one request of a stream. `sent` is what the stream was given already: as grpc-go does, the
   * file asked for is always sent, and each file it imports once per stream.
   */
  answer(request: ReflectionRequest, sent: Set<string>): ReflectionAnswer {
    const base = { validHost: request.host, originalRequest: request };
    const { case: kind, value } = request.messageRequest;
    switch (kind) {
      case 'listServices':
        return { ...base, messageResponse: { case: 'listServicesResponse', value: { service: this.services.map((name) => ({ name })) } } };
      case 'fileByFilename':
        return { ...base, ...this.fileAnswer(this.files.get(value), `file ${value}`, sent) };
      case 'fileContainingSymbol':
        return { ...base, ...this.fileAnswer(this.symbols.get(value), `symbol ${value}`, sent) };
      case 'fileContainingExtension':
        return { ...base, ...notFound(`extension ${value.extensionNumber} of ${value.containingType}`) };
      case 'allExtensionNumbersOfType':
        return this.symbols.has(value)
          ? { ...base, messageResponse: { case: 'allExtensionNumbersResponse', value: { baseTypeName: value, extensionNumber: [] } } }
          : { ...base, ...notFound(`type ${value}`) };
      default:
        return {
          ...base,
          messageResponse: { case: 'errorResponse', value: { errorCode: Code.INVALID_ARGUMENT, errorMessage: 'an empty reflection request' } },
        };
    }
  }

  /**
   * The file, then every file it imports that is not in `sent`, each as encoded FileDescriptorProto. The file
   * comes first and always, even when sent before, as grpc-go does: grpcurl takes the first file as the answer.
   */
  private fileAnswer(file: DescFile | undefined, what: string, sent: Set<string>): Pick<ReflectionAnswer, 'messageResponse'> {
    if (!file) return notFound(what);
    const files = [file];
    sent.add(file.proto.name);
    for (let i = 0; i < files.length; i += 1) {
      for (const dependency of files[i].dependencies) {
        if (sent.has(dependency.proto.name)) continue;
        sent.add(dependency.proto.name);
        files.push(dependency);
      }
    }
    const fileDescriptorProto = files.map((each) => toBinary(FileDescriptorProtoSchema, each.proto));
    return { messageResponse: { case: 'fileDescriptorResponse', value: { fileDescriptorProto } } };
  }

  private index(file: DescFile): void {
    if (this.files.has(file.proto.name)) return;
    this.files.set(file.proto.name, file);
    file.dependencies.forEach((dependency) => this.index(dependency));
    const indexMessage = (message: DescMessage) => {
      this.symbols.set(message.typeName, file);
      message.nestedMessages.forEach(indexMessage);
      message.nestedEnums.forEach((nested) => this.symbols.set(nested.typeName, file));
    };
    file.messages.forEach(indexMessage);
    file.enums.forEach((type) => this.symbols.set(type.typeName, file));
    for (const service of file.services) {
      this.symbols.set(service.typeName, file);
      service.methods.forEach((method) => this.symbols.set(`${service.typeName}.${method.name}`, file));
    }
  }
}

function notFound(what: string): Pick<ReflectionAnswer, 'messageResponse'> {
  return { messageResponse: { case: 'errorResponse', value: { errorCode: Code.NOT_FOUND, errorMessage: `${what} not found` } } };
}

/** Both reflection services on a grpc-js server, answered by `reflection`. */
export function addReflectionService(server: Pick<grpc.Server, 'addService'>, reflection: ServerReflection): void {
  for (const version of [reflectionV1, reflectionV1Alpha]) {
    server.addService(grpcServiceDefinition(version.ServerReflection), {
      ServerReflectionInfo(call: grpc.ServerDuplexStream<ReflectionRequest, unknown>) {
        const sent = new Set<string>();
        call.on('data', (request: ReflectionRequest) => call.write(create(version.ServerReflectionResponseSchema, reflection.answer(request, sent) as never)));
        call.on('end', () => call.end());
        call.on('error', () => undefined);
      },
    });
  }
}
