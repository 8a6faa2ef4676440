import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ServiceProcess } from './processes';
import { startDataPlane, type Stack, type StackCluster } from './stack';

/** Kills the data plane of a stack (its first cluster) or of one of its clusters as a crash would (SIGKILL: no graceful shutdown, connections reset). */
export async function killDataPlane(stack: Stack | StackCluster): Promise<void> {
  const { child } = stack.dataPlane;
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await stack.dataPlane.stop();
}

/**
 * Starts a new data plane for the stack, on the same address and against the same cluster, after stopping
 * the old one if it still runs (`killDataPlane` first for a crash). The stack then holds the new process, so
 * `stack.close()` stops it.
 */
export async function restartDataPlane(stack: Stack | StackCluster, env: Record<string, string> = {}): Promise<ServiceProcess> {
  await stack.dataPlane.stop();
  // The stack's kubeconfig file is its own business; the same cluster is one sim.writeKubeconfig away. The
  // data plane reads KUBECONFIG once, at start-up, so the file is not needed once it listens.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'applogs-restart-'));
  try {
    const kubeconfig = stack.sim.writeKubeconfig(path.join(dir, 'kubeconfig'));
    const dataPlane = await startDataPlane(stack.dataPlaneAddress, { KUBECONFIG: kubeconfig, ...env });
    stack.dataPlane = dataPlane;
    return dataPlane;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
