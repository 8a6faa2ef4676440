export { ConfigError, envAddress, envDnsLabel, envInteger, isLoopbackAddress } from './env-config';
export { appLogsGrpcOptions } from './grpc-options';
export { GrpcStatusFilter, type GrpcStatus } from './grpc-status.filter';
export { runService } from './run-service';
export { UNLIMITED_DEMAND, WritableDemand, readWithDemand, type Demand } from './demand';
export { streamForCall, untilCancelled, type CancellableCall } from './call-lifetime';
