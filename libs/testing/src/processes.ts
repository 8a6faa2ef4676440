import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import * as net from 'node:net';
import * as path from 'node:path';

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

/** A plane (or any Node script) running as its own process, as in production. */
export class ServiceProcess {
  output = '';
  private exited: Promise<number | null>;

  private constructor(readonly child: ChildProcess) {
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
    const service = new ServiceProcess(child);
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        if (ready.test(service.output)) resolve();
      };
      child.stdout?.on('data', check);
      child.stderr?.on('data', check);
      service.exited.then((code) => reject(new Error(`${script} exited with ${code} before it was ready:\n${service.output}`)));
    });
    return service;
  }

  /** Runs `script` to its end and returns its exit code and output. */
  static async run(script: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
    const child = spawn(process.execPath, [script], { env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env } });
    const service = new ServiceProcess(child);
    const code = await service.exited;
    return { code, output: service.output };
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    await this.exited;
  }
}
