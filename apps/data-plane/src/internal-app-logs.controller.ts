import { AppLogStream } from '@applogs/k8s-logs';
import { AppLogsService, type TailLogsRequest, type TailLogsMessage, type TailLogsResponse } from '@applogs/proto';
import { GrpcStatusFilter, StreamTelemetryInterceptor, streamForCall } from '@applogs/service-kit';
import type { Metadata, ServerWritableStream } from '@grpc/grpc-js';
import { Controller, UseFilters, UseGuards, UseInterceptors } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Observable } from 'rxjs';
import { StreamLimitGuard } from './stream-limit.guard';

/**
 * The internal AppLogsService: the same contract as the public one, served next to the cluster. It does not
 * `implement` the generated AppLogsServiceController because most responses leave it already encoded.
 */
@Controller()
@UseFilters(GrpcStatusFilter)
export class InternalAppLogsController {
  constructor(private readonly appLogs: AppLogStream) {}

  @GrpcMethod(AppLogsService.name, AppLogsService.method.tailLogs.name)
  @UseGuards(StreamLimitGuard)
  @UseInterceptors(StreamTelemetryInterceptor)
  tailLogs(request: TailLogsRequest, _metadata?: Metadata, call?: ServerWritableStream<TailLogsRequest, TailLogsResponse>): Observable<TailLogsMessage> {
    // The call's flow control paces every replica's Kubernetes response.
    return streamForCall(call, (demand) => this.appLogs.tail(request, demand));
  }
}
