"""A TailLogs caller in Python grpcio, with stubs generated from our .proto files (as Flyte's clients are).

Usage: tail_client.py STUBS_DIR ADDRESS REQUEST_BASE64 [--token T] [--timeout SECONDS]
                      [--cancel-after-lines N] [--ca CA_FILE]

REQUEST_BASE64 is a serialized TailLogsRequest. Prints one JSON object per response message,
{"message": base64 of its bytes}, then {"code": the status code's number, "details": its message}.
With --cancel-after-lines N the call is cancelled once N lines have arrived; --ca makes it TLS.
"""
import argparse
import base64
import json
import sys


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("stubs")
    parser.add_argument("address")
    parser.add_argument("request")
    parser.add_argument("--token")
    parser.add_argument("--timeout", type=float)
    parser.add_argument("--cancel-after-lines", type=int)
    parser.add_argument("--ca")
    args = parser.parse_args()

    sys.path.insert(0, args.stubs)
    import grpc
    from flyteidl2.app import app_logs_payload_pb2, app_logs_service_pb2_grpc

    request = app_logs_payload_pb2.TailLogsRequest.FromString(base64.b64decode(args.request))
    metadata = [("authorization", "Bearer " + args.token)] if args.token else None
    if args.ca:
        with open(args.ca, "rb") as ca:
            channel = grpc.secure_channel(args.address, grpc.ssl_channel_credentials(root_certificates=ca.read()))
    else:
        channel = grpc.insecure_channel(args.address)

    with channel:
        call = app_logs_service_pb2_grpc.AppLogsServiceStub(channel).TailLogs(request, timeout=args.timeout, metadata=metadata)
        lines = 0
        try:
            for response in call:
                print(json.dumps({"message": base64.b64encode(response.SerializeToString()).decode()}), flush=True)
                if response.WhichOneof("resp") == "batches":
                    lines += sum(len(logs.structured_lines) for logs in response.batches.logs)
                if args.cancel_after_lines is not None and lines >= args.cancel_after_lines:
                    call.cancel()
            print(json.dumps({"code": 0, "details": ""}), flush=True)
        except grpc.RpcError as error:
            print(json.dumps({"code": error.code().value[0], "details": error.details() or ""}), flush=True)


if __name__ == "__main__":
    main()
