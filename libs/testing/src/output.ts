import type { ServiceProcess } from './processes';

/**
 * Resolves once the process's output matches `pattern` (its log may arrive after the event a test awaited);
 * rejects if the process exits first.
 */
export function outputMatching(service: ServiceProcess, pattern: RegExp): Promise<void> {
  const { child } = service;
  return new Promise<void>((resolve, reject) => {
    const done = () => {
      child.stdout?.off('data', check);
      child.stderr?.off('data', check);
      child.off('exit', exited);
    };
    // ServiceProcess appends each chunk to `output` in its own, earlier listener.
    const check = () => {
      if (!pattern.test(service.output)) return false;
      done();
      resolve();
      return true;
    };
    const exited = () => {
      if (check()) return;
      done();
      reject(new Error(`the process exited before its output matched ${pattern}:\n${service.output}`));
    };
    if (check()) return;
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    child.on('exit', exited);
  });
}

/** The lines of a process's output that are not JSON log records: what a person reads when a start fails. */
export function plainLines(output: string): string[] {
  return output.split('\n').filter((line) => line !== '' && !line.startsWith('{'));
}
