import * as grpc from '@grpc/grpc-js';
import type { LoggerService } from '@nestjs/common';
import { format } from 'node:util';
import pino, { type Logger } from 'pino';

/** The Nest injection token of a plane's pino logger. */
export const APPLOGS_LOGGER = Symbol('ApplogsLogger');

/**
 * JSON logs, one object per line on stdout, for log pipelines. `APPLOGS_LOG_LEVEL` is read by the planes'
 * config and passed in.
 */
export function createLogger(plane: string, level = 'info'): Logger {
  return pino({ level, base: { plane }, timestamp: pino.stdTimeFunctions.isoTime, messageKey: 'msg' });
}

/** Nest's own messages (start-up, errors) go through the same JSON logger. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }
}

/**
 * grpc-js's own messages (a failed bind, say) through the same JSON logger instead of as plain lines on stderr,
 * where they would read as the process's last words. grpc-js has one logger per process: each main calls this once.
 */
export function routeGrpcLogs(logger: Logger): void {
  const grpcLogger = logger.child({ context: 'grpc-js' });
  grpc.setLogger({
    error: (...args: unknown[]) => grpcLogger.error(format(...args)),
    info: (...args: unknown[]) => grpcLogger.info(format(...args)),
    debug: (...args: unknown[]) => grpcLogger.debug(format(...args)),
  });
}
