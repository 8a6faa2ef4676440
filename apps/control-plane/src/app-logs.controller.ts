import { AppLogsService, type TailLogsRequest, type TailLogsMessage } from '@applogs/proto';
import { GrpcStatusFilter, StreamTelemetryInterceptor, streamForCall, type StreamingCall } from '@applogs/service-kit';
import type { Metadata } from '@grpc/grpc-js';
import { Controller, UseFilters, UseInterceptors } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Observable } from 'rxjs';
import { CallRateInterceptor } from './call-rate.interceptor';
import { CallerAuthInterceptor } from './caller-auth.interceptor';
import { DataPlaneClient } from './data-plane.client';

/**
 * The public AppLogsService, served by ConnectTransport over gRPC, gRPC-Web and Connect: relays the data plane's
 * stream to the caller as the encoded bytes it received (it never needs to look inside a response).
 */
@Controller()
@UseFilters(GrpcStatusFilter)
export class AppLogsController {
  constructor(private readonly dataPlane: DataPlaneClient) {}

  @GrpcMethod(AppLogsService.name, AppLogsService.method.tailLogs.name)
  @UseInterceptors(StreamTelemetryInterceptor, CallerAuthInterceptor, CallRateInterceptor)
  tailLogs(request: TailLogsRequest, metadata?: Metadata, call?: StreamingCall): Observable<TailLogsMessage> {
    // The call's flow control paces the data plane's stream.
    return streamForCall(call, (demand) => this.dataPlane.tailLogs(request, demand, metadata));
  }
}
