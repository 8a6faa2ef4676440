import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';

/** Debian's Python, which has python3-grpcio and python3-grpc-tools (`.ci/run` installs them). */
export const PYTHON = '/usr/bin/python3';

/** Whether that Python can run gRPC clients and generate stubs; suites skip with a clear name when not. */
export const hasPythonGrpc = (() => {
  try {
    execFileSync(PYTHON, ['-c', 'import grpc, grpc_tools']);
    return true;
  } catch {
    return false;
  }
})();

/** Runs a Python script without blocking this process (the simulated API serves from it meanwhile). */
export const runPython = (args: string[]) => promisify(execFile)(PYTHON, args);
