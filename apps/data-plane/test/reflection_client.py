"""A client that knows no .proto file of the server, as grpcurl: it learns them all by server reflection.

Usage: reflection_client.py STUBS_DIR ADDRESS list
       reflection_client.py STUBS_DIR ADDRESS describe SERVICE
       reflection_client.py STUBS_DIR ADDRESS call SERVICE/METHOD JSON_REQUEST MAX_MESSAGES

STUBS_DIR holds Python stubs of grpc.reflection.v1 generated as package `reflection_v1`. Like grpcurl, it asks
file_containing_symbol, then file_by_filename for every dependency the descriptors name, and links them in a
fresh descriptor pool, which checks them as strictly as protoc does. `list` prints one service name a line;
`describe` one JSON object a method; `call` one JSON object (protobuf JSON) a response message.
"""
import json
import sys


def main():
    stubs, address, command, *args = sys.argv[1:]
    sys.path.insert(0, stubs)
    import grpc
    from google.protobuf import descriptor_pb2, descriptor_pool, json_format, message_factory
    from reflection_v1 import reflection_pb2, reflection_pb2_grpc

    channel = grpc.insecure_channel(address)
    reflection = reflection_pb2_grpc.ServerReflectionStub(channel)

    def ask(**request):
        (response,) = reflection.ServerReflectionInfo(iter([reflection_pb2.ServerReflectionRequest(**request)]), timeout=10)
        if response.HasField("error_response"):
            raise SystemExit(f"reflection error: {response.error_response.error_message}")
        return response

    if command == "list":
        for service in ask(list_services="*").list_services_response.service:
            print(service.name)
        return

    files = {}

    def keep(response):
        for encoded in response.file_descriptor_response.file_descriptor_proto:
            file = descriptor_pb2.FileDescriptorProto.FromString(encoded)
            files.setdefault(file.name, file)

    service_name = args[0].split("/")[0]
    keep(ask(file_containing_symbol=service_name))
    pending = list(files)
    while pending:
        for dependency in files[pending.pop()].dependency:
            if dependency not in files:
                keep(ask(file_by_filename=dependency))
                pending.append(dependency)

    pool = descriptor_pool.DescriptorPool()
    added = set()

    def add(name):
        if name not in added:
            for dependency in files[name].dependency:
                add(dependency)
            pool.Add(files[name])
            added.add(name)

    for name in list(files):
        add(name)
    service = pool.FindServiceByName(service_name)

    if command == "describe":
        for method in service.methods:
            print(json.dumps({
                "method": method.name,
                "input": method.input_type.full_name,
                "output": method.output_type.full_name,
                "server_streaming": method.server_streaming,
                "input_fields": [field.name for field in method.input_type.fields],
            }))
        return

    method = service.methods_by_name[args[0].split("/")[1]]
    if hasattr(message_factory, "GetMessageClass"):
        request_class, response_class = (message_factory.GetMessageClass(t) for t in (method.input_type, method.output_type))
    else:
        factory = message_factory.MessageFactory(pool)
        request_class, response_class = (factory.GetPrototype(t) for t in (method.input_type, method.output_type))
    request = json_format.Parse(args[1], request_class())
    limit = int(args[2])
    path = f"/{service.full_name}/{method.name}"
    if method.server_streaming:
        call = channel.unary_stream(path, request_serializer=lambda m: m.SerializeToString(), response_deserializer=response_class.FromString)
        responses = call(request, timeout=10)
        for count, response in enumerate(responses, 1):
            print(json.dumps(json_format.MessageToDict(response, preserving_proto_field_name=True)), flush=True)
            if count >= limit:
                responses.cancel()
                break
    else:
        call = channel.unary_unary(path, request_serializer=lambda m: m.SerializeToString(), response_deserializer=response_class.FromString)
        print(json.dumps(json_format.MessageToDict(call(request, timeout=10), preserving_proto_field_name=True)))


if __name__ == "__main__":
    main()
