import { reflectionV1, reflectionV1Alpha } from '@applogs/proto';
import type { ServerReflection } from '@applogs/service-kit';
import type { ConnectRouter } from '@connectrpc/connect';

/** Both versions of gRPC server reflection for Connect's protocols, answered by `reflection`. */
export function addReflectionServices(router: ConnectRouter, reflection: ServerReflection): void {
  for (const version of [reflectionV1, reflectionV1Alpha]) {
    router.service(version.ServerReflection, {
      async *serverReflectionInfo(requests: AsyncIterable<reflectionV1.ServerReflectionRequest>) {
        const sent = new Set<string>();
        for await (const request of requests) yield reflection.answer(request, sent) as never;
      },
    });
  }
}
