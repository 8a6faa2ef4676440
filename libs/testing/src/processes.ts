import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import * as net from 'node:net';
import * as path from 'node:path';
import { plainLines } from './output';

export const REPO_ROOT = path.resolve(__dirname, '../../..');
export const DATA_PLANE_MAIN = path.join(REPO_ROOT, 'dist/apps/data-plane/src/main.js');
export const CONTROL_PLANE_MAIN = path.join(REPO_ROOT, 'dist/apps/control-plane/src/main.js');
export const KUBE_SIM_MAIN = path.join(REPO_ROOT, 'dist/libs/kube-sim/src/main.js');

/** A port nobody listens on right now (the OS picks it; a tiny race with other processes is accepted). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as net.AddressInfo).port;
  server.close();
  await once(server, 'close');
  return port;
}

/**
 * Runs `script` to its end with `variable` set to a loopback address another socket listens on; returns that
 * address, the exit code and the lines of output that are not JSON log records.
 */
export async function runWithAddressInUse(
  script: string,
  variable: string,
  env: Record<string, string>,
): Promise<{ address: string; code: number | null; lines: string[] }> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = `127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  try {
    const { code, output } = await ServiceProcess.run(script, { ...env, [variable]: address });
    return { address, code, lines: plainLines(output) };
  } finally {
    server.close();
  }
}

/** A plane (or any Node script) running as its own process, as in production. */
export class ServiceProcess {
  output = '';
  private exited: Promise<number | null>;

  /** `group`: the child leads a process group of its own (a command that starts others), stopped as a whole. */
  private constructor(
    readonly child: ChildProcess,
    private readonly group = false,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = once(child, 'exit').then(([code]) => code as number | null);
  }

  /** Starts `script` and resolves once its output matches `ready`; rejects with its output if it exits first. */
  static async start(script: string, env: Record<string, string>, ready: RegExp, args: string[] = []): Promise<ServiceProcess> {
    const child = spawn(process.execPath, [script, ...args], {
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new ServiceProcess(child).ready(script, ready);
  }

  /**
   * Starts a command that runs the service through others (`npm run start:data-plane`: npm, sh, then node) in
   * a process group of its own, so that stop() ends all of them; resolves once the output matches `ready`.
   */
  static async startCommand(command: string, args: string[], options: { cwd: string; env: Record<string, string> }, ready: RegExp): Promise<ServiceProcess> {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    return new ServiceProcess(child, true).ready(`${command} ${args.join(' ')}`, ready);
  }

  /** Runs `script` to its end and returns its exit code and output. */
  static async run(script: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
    const child = spawn(process.execPath, [script], { env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env } });
    const service = new ServiceProcess(child);
    const code = await service.exited;
    return { code, output: service.output };
  }

  async stop(): Promise<void> {
    if (this.group) {
      await this.stopGroup();
      return;
    }
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    await this.exited;
  }

  private async ready(name: string, ready: RegExp): Promise<ServiceProcess> {
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        if (ready.test(this.output)) resolve();
      };
      this.child.stdout?.on('data', check);
      this.child.stderr?.on('data', check);
      this.exited.then((code) => reject(new Error(`${name} exited with ${code} before it was ready:\n${this.output}`)));
    });
    return this;
  }

  /** SIGTERM to every process of the group, then waits until none is left (they are not all our children). */
  private async stopGroup(): Promise<void> {
    const pgid = this.child.pid!;
    const signal = (sig: NodeJS.Signals | 0): boolean => {
      try {
        process.kill(-pgid, sig);
        return true;
      } catch {
        return false; // ESRCH: nobody left in the group
      }
    };
    signal('SIGTERM');
    await this.exited;
    // The grandchildren's exit is not an event we can wait on: look until the group is empty (a stuck one is killed).
    const deadline = Date.now() + 10_000;
    while (signal(0)) {
      if (Date.now() > deadline) signal('SIGKILL');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
