import { ConfigError } from './env-config';

/** Why a listen failed, when the address setting is to blame rather than the program. */
const ADDRESS_PROBLEMS: Record<string, string> = {
  EADDRINUSE: 'is already in use by another process: stop it, or choose a free address',
  EADDRNOTAVAIL: 'is not an address of this machine: choose one of its addresses, or 0.0.0.0',
  EACCES: 'needs privileges this process lacks (ports below 1024): choose a port from 1024 up',
};

/**
 * Runs `listen`, which binds `address` (any server: Nest's gRPC transport, node:http, ...), and turns a failure
 * the address setting causes into a ConfigError naming `variable`, so the start ends with exit 2 and one line.
 */
export async function listenAt<T>(variable: string, address: string, listen: () => Promise<T>): Promise<T> {
  try {
    return await listen();
  } catch (error) {
    const problem = addressProblem(error);
    if (problem) throw new ConfigError(`${variable}="${address}" ${ADDRESS_PROBLEMS[problem]}`);
    throw error;
  }
}

/** Node's servers set `code`; grpc-js only writes the cause into its message ("... errors: [listen EADDRINUSE: ...]"). */
function addressProblem(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code && code in ADDRESS_PROBLEMS) return code;
  if (error instanceof ConfigError) return undefined;
  const message = String((error as Error | undefined)?.message ?? '');
  return Object.keys(ADDRESS_PROBLEMS).find((known) => new RegExp(`\\blisten ${known}\\b`).test(message));
}
