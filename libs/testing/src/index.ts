export * from './grpc-client';
export * from './processes';
