import { ConfigError } from './env-config';

interface Closable {
  close(): Promise<void>;
}

/**
 * Runs a plane: a bad setting exits with status 2 and one line naming it (so does an address that cannot be
 * listened on, when `start` listens through listenAt); any other start-up failure exits with status 1. SIGTERM or SIGINT close the service and exit with status 0, as an
 * orchestrator expects of a clean stop (and so `node --cpu-prof` gets to write its profile).
 */
export function runService(name: string, start: () => Promise<Closable>): void {
  start().then(
    (service) => {
      const stop = () => {
        service.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    },
    (error: unknown) => {
      const message = error instanceof ConfigError ? `bad configuration: ${error.message}` : String((error as Error)?.stack ?? error);
      process.stderr.write(`applogs ${name}: ${message}\n`);
      process.exit(error instanceof ConfigError ? 2 : 1);
    },
  );
}
