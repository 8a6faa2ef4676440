import { status } from '@grpc/grpc-js';
import { APP_LOGS_SERVICE, type AppLogsServiceClient, type TailLogsRequest, type TailLogsResponse } from '@applogs/proto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { ClientGrpc } from '@nestjs/microservices';
import { catchError, throwError, type Observable } from 'rxjs';
import { ControlPlaneConfig } from './control-plane.config';

export const DATA_PLANE_GRPC = Symbol('DataPlaneGrpc');

// What grpc-js says when no connection to the server could be made at all.
const NOT_CONNECTED = /No connection established|ECONNREFUSED|Failed to connect|Name resolution failed|connection dropped/i;

/**
 * The data plane's internal AppLogsService. Its statuses pass through unchanged; only a data plane that
 * cannot be reached is reworded to name its address. Unsubscribing cancels the call.
 */
@Injectable()
export class DataPlaneClient implements OnModuleInit {
  private service!: AppLogsServiceClient;

  constructor(
    @Inject(DATA_PLANE_GRPC) private readonly grpc: ClientGrpc,
    private readonly config: ControlPlaneConfig,
  ) {}

  onModuleInit(): void {
    this.service = this.grpc.getService<AppLogsServiceClient>(APP_LOGS_SERVICE);
  }

  tailLogs(request: TailLogsRequest): Observable<TailLogsResponse> {
    return this.service.tailLogs(request).pipe(catchError((error) => throwError(() => this.describe(error))));
  }

  private describe(error: { code?: number; details?: string; message?: string }) {
    const details = error.details ?? error.message ?? String(error);
    if (error.code === status.UNAVAILABLE && NOT_CONNECTED.test(details)) {
      return { code: status.UNAVAILABLE, message: `the data plane at ${this.config.dataPlaneUrl} is unavailable: ${details}` };
    }
    return { code: error.code ?? status.UNKNOWN, message: details };
  }
}
