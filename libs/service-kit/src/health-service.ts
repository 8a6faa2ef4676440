import { create, grpcServiceDefinition, Health, HealthCheckResponseSchema, HealthListResponseSchema, type HealthCheckRequest } from '@applogs/proto';
import * as grpc from '@grpc/grpc-js';
import { ServingStatus, type HealthReporter } from './health';

/**
 * `grpc.health.v1.Health` on a grpc-js server, answered from a HealthReporter: Check (NOT_FOUND for a service
 * this plane does not serve), Watch (the status now, then every change; SERVICE_UNKNOWN for an unknown
 * service, as the protocol says) and List.
 */
export function addHealthService(server: Pick<grpc.Server, 'addService'>, reporter: HealthReporter): void {
  server.addService(grpcServiceDefinition(Health), {
    Check(call: grpc.ServerUnaryCall<HealthCheckRequest, unknown>, callback: grpc.sendUnaryData<unknown>) {
      const status = reporter.statusOf(call.request.service);
      if (status === undefined) callback({ code: grpc.status.NOT_FOUND, details: `unknown service ${call.request.service}` });
      else callback(null, create(HealthCheckResponseSchema, { status }));
    },
    Watch(call: grpc.ServerWritableStream<HealthCheckRequest, unknown>) {
      let sent: ServingStatus | undefined;
      const send = () => {
        const status = reporter.statusOf(call.request.service) ?? ServingStatus.SERVICE_UNKNOWN;
        if (status !== sent) call.write(create(HealthCheckResponseSchema, { status }));
        sent = status;
      };
      send();
      const stop = reporter.onChange(send);
      call.once('cancelled', stop);
      call.once('close', stop);
    },
    List(_call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) {
      const statuses = Object.fromEntries(
        Object.entries(reporter.statuses()).map(([service, status]) => [service, create(HealthCheckResponseSchema, { status })]),
      );
      callback(null, create(HealthListResponseSchema, { statuses }));
    },
  });
}
