import { APP_LOGS_SERVICE, type AppLogsServiceController, type TailLogsRequest, type TailLogsResponse } from '@applogs/proto';
import { GrpcStatusFilter } from '@applogs/service-kit';
import { Controller, UseFilters } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Observable } from 'rxjs';
import { DataPlaneClient } from './data-plane.client';

/** The public AppLogsService: pipes the data plane's stream to the caller. */
@Controller()
@UseFilters(GrpcStatusFilter)
export class AppLogsController implements AppLogsServiceController {
  constructor(private readonly dataPlane: DataPlaneClient) {}

  @GrpcMethod(APP_LOGS_SERVICE, 'TailLogs')
  tailLogs(request: TailLogsRequest): Observable<TailLogsResponse> {
    return this.dataPlane.tailLogs(request);
  }
}
