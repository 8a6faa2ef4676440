import { APP_LOGS_SERVICE, type TailLogsRequest, type TailLogsMessage, type TailLogsResponse } from '@applogs/proto';
import { GrpcStatusFilter, UNLIMITED_DEMAND, WritableDemand } from '@applogs/service-kit';
import type { Metadata, ServerWritableStream } from '@grpc/grpc-js';
import { Controller, UseFilters } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Observable } from 'rxjs';
import { DataPlaneClient } from './data-plane.client';

/**
 * The public AppLogsService: relays the data plane's stream to the caller as the encoded bytes it received
 * (it never needs to look inside a response), so it does not `implement` the generated controller interface.
 */
@Controller()
@UseFilters(GrpcStatusFilter)
export class AppLogsController {
  constructor(private readonly dataPlane: DataPlaneClient) {}

  @GrpcMethod(APP_LOGS_SERVICE, 'TailLogs')
  tailLogs(request: TailLogsRequest, _metadata?: Metadata, call?: ServerWritableStream<TailLogsRequest, TailLogsResponse>): Observable<TailLogsMessage> {
    // Nest passes the call third; its flow control paces the data plane's stream.
    return this.dataPlane.tailLogs(request, call ? new WritableDemand(call) : UNLIMITED_DEMAND);
  }
}
