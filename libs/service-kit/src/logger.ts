import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';

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
