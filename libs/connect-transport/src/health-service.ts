import { Health, type HealthCheckRequest } from '@applogs/proto';
import { ServingStatus, type HealthReporter } from '@applogs/service-kit';
import { Code, ConnectError, type HandlerContext, type ServiceImpl } from '@connectrpc/connect';

/**
 * `grpc.health.v1.Health` for Connect's protocols, answered from the plane's HealthReporter as the grpc-js
 * service of the data plane answers (Check, Watch: the status now and each change, List).
 */
export function healthService(reporter: HealthReporter): ServiceImpl<typeof Health> {
  return {
    check(request: HealthCheckRequest) {
      const status = reporter.statusOf(request.service);
      if (status === undefined) throw new ConnectError(`unknown service ${request.service}`, Code.NotFound);
      return { status };
    },
    async *watch(request: HealthCheckRequest, context: HandlerContext) {
      for await (const status of statusesOf(reporter, request.service, context.signal)) yield { status };
    },
    list() {
      return { statuses: Object.fromEntries(Object.entries(reporter.statuses()).map(([service, status]) => [service, { status }])) };
    },
  };
}

/** The service's status now, then each time it changes, until `signal` aborts; SERVICE_UNKNOWN for an unknown one. */
async function* statusesOf(reporter: HealthReporter, service: string, signal: AbortSignal): AsyncGenerator<ServingStatus> {
  const statusNow = () => reporter.statusOf(service) ?? ServingStatus.SERVICE_UNKNOWN;
  let wake: (() => void) | undefined;
  const stop = reporter.onChange(() => wake?.());
  const onAbort = () => wake?.();
  signal.addEventListener('abort', onAbort);
  try {
    let sent = statusNow();
    yield sent;
    while (!signal.aborted) {
      // A change may come while the caller reads the last status: compare before waiting for the next.
      if (statusNow() === sent) await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
      const status = statusNow();
      if (signal.aborted || status === sent) continue;
      sent = status;
      yield status;
    }
  } finally {
    stop();
    signal.removeEventListener('abort', onAbort);
  }
}
