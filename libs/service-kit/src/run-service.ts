import { ConfigError } from './env-config';

/**
 * Starts a plane: a bad setting exits with status 2 and one line naming it; any other start-up failure
 * (a port in use, say) exits with status 1.
 */
export function runService(name: string, start: () => Promise<void>): void {
  start().catch((error: unknown) => {
    const message = error instanceof ConfigError ? `bad configuration: ${error.message}` : String((error as Error)?.stack ?? error);
    process.stderr.write(`applogs ${name}: ${message}\n`);
    process.exit(error instanceof ConfigError ? 2 : 1);
  });
}
