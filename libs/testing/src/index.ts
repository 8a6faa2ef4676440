export * from './grpc-client';
export * from './processes';
export * from './stack';
export * from './data-plane-restart';
export * from './health-client';
export * from './reflection-client';
export * from './output';
export * from './tls-fixtures';
