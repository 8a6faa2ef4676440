import type { Demand } from '@applogs/flow-control';
import type { TailLogsRequest } from '@applogs/proto';
import { DataPlaneSet, type DataPlaneRoute } from '@applogs/relay';
import type { InternalSecurity } from '@applogs/service-kit';
import type * as grpc from '@grpc/grpc-js';
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { defer, type Observable } from 'rxjs';
import { ControlPlaneConfig } from './control-plane.config';
import { DataPlaneConnection } from './data-plane-connection';
import { DataPlaneRouting } from './data-plane-routing';

/** A plane's own secret and TLS files where the routing file gives them, else the global internal settings. */
export function planeSecurity(route: DataPlaneRoute, internal: InternalSecurity): InternalSecurity {
  return { ...internal, secret: route.secret ?? internal.secret, tls: route.tls ?? internal.tls };
}

/**
 * The data planes, each behind its own connections: a call goes to the plane that serves its app
 * (DataPlaneRouting), NOT_FOUND when none does. One plane that is down fails only its own calls. When the
 * routing changes, planes that are gone are closed (their calls in progress go on to their end).
 */
@Injectable()
export class DataPlaneClient implements OnModuleDestroy {
  private readonly connections: DataPlaneSet<DataPlaneConnection>;
  private readonly stopFollowing: () => void;

  constructor(
    config: ControlPlaneConfig,
    private readonly routing: DataPlaneRouting,
  ) {
    this.connections = new DataPlaneSet(
      (route) => new DataPlaneConnection(route.url, planeSecurity(route, config.internal), routing.describe(route)),
      (connection) => connection.close(),
    );
    this.connections.sync(routing.routes);
    this.stopFollowing = routing.onChange((routes) => this.connections.sync(routes));
  }

  /** `incoming`: the caller's metadata; only the caller's name, set by CallerAuthInterceptor, goes on. */
  tailLogs(request: TailLogsRequest, demand: Demand, incoming?: grpc.Metadata): Observable<Buffer> {
    return defer(() => this.connections.get(this.routing.planeFor(request).name)!.tailLogs(request, demand, incoming));
  }

  onModuleDestroy(): void {
    this.stopFollowing();
    this.connections.closeAll();
  }
}
