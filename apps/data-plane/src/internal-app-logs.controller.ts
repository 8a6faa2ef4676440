import { AppLogStream } from '@applogs/k8s-logs';
import { APP_LOGS_SERVICE, type AppLogsServiceController, type TailLogsRequest, type TailLogsResponse } from '@applogs/proto';
import { GrpcStatusFilter } from '@applogs/service-kit';
import { Controller, UseFilters, UseInterceptors } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Observable } from 'rxjs';
import { StreamLimitInterceptor } from './stream-limit.interceptor';

/** The internal AppLogsService: the same contract as the public one, served next to the cluster. */
@Controller()
@UseFilters(GrpcStatusFilter)
export class InternalAppLogsController implements AppLogsServiceController {
  constructor(private readonly appLogs: AppLogStream) {}

  @GrpcMethod(APP_LOGS_SERVICE, 'TailLogs')
  @UseInterceptors(StreamLimitInterceptor)
  tailLogs(request: TailLogsRequest): Observable<TailLogsResponse> {
    return this.appLogs.tail(request);
  }
}
