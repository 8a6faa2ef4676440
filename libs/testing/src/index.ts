export * from './grpc-client';
export * from './processes';
export * from './stack';
export * from './data-plane-restart';
