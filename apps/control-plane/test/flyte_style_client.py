"""An independent AppLogsService client: Python grpcio with stubs generated from our .proto files.

Usage: flyte_style_client.py STUBS_DIR ADDRESS PROJECT DOMAIN NAME [--replica POD] [--lines N]

Tails the app (or one replica) and prints one JSON object per response message on stdout:
{"replicas": [...]} or {"batch": [{"replica": ..., "lines": [[seconds, nanos, message], ...]}]}.
With --lines N it cancels the call once N lines have arrived. Ends with {"status": "OK"|code, "details": ...}.
"""
import argparse
import json
import sys


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("stubs")
    parser.add_argument("address")
    parser.add_argument("project")
    parser.add_argument("domain")
    parser.add_argument("name")
    parser.add_argument("--replica")
    parser.add_argument("--lines", type=int)
    args = parser.parse_args()

    sys.path.insert(0, args.stubs)
    import grpc
    from flyteidl2.app import app_definition_pb2, app_logs_payload_pb2, app_logs_service_pb2_grpc

    app_id = app_definition_pb2.Identifier(project=args.project, domain=args.domain, name=args.name)
    if args.replica:
        request = app_logs_payload_pb2.TailLogsRequest(
            replica_id=app_definition_pb2.ReplicaIdentifier(app_id=app_id, name=args.replica))
    else:
        request = app_logs_payload_pb2.TailLogsRequest(app_id=app_id)

    with grpc.insecure_channel(args.address) as channel:
        stub = app_logs_service_pb2_grpc.AppLogsServiceStub(channel)
        call = stub.TailLogs(request, timeout=30)
        seen = 0
        try:
            for response in call:
                arm = response.WhichOneof("resp")
                if arm == "replicas":
                    print(json.dumps({"replicas": [r.name for r in response.replicas.replicas]}), flush=True)
                elif arm == "batches":
                    batch = []
                    for logs in response.batches.logs:
                        lines = [[l.timestamp.seconds, l.timestamp.nanos, l.message] for l in logs.structured_lines]
                        seen += len(lines)
                        batch.append({"replica": logs.replica_id.name, "app": logs.replica_id.app_id.name, "lines": lines})
                    print(json.dumps({"batch": batch}), flush=True)
                if args.lines is not None and seen >= args.lines:
                    call.cancel()
                    break
            print(json.dumps({"status": "OK", "details": ""}), flush=True)
        except grpc.RpcError as error:
            print(json.dumps({"status": error.code().name, "details": error.details()}), flush=True)


if __name__ == "__main__":
    main()
