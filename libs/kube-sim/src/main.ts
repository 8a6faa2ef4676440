import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { KubeSim } from './kube-sim-server';
import { loadScenarioFile } from './scenario';

const USAGE = 'usage: main.js --scenario FILE [--host 127.0.0.1] [--port 0] [--kubeconfig PATH] [--kubeconfig-server URL]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scenario: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '0' },
      kubeconfig: { type: 'string' },
      // The server address to write into the kubeconfig when clients reach us by another name than --host.
      'kubeconfig-server': { type: 'string' },
    },
    strict: true,
  });
  if (!values.scenario) throw new Error(`--scenario is required\n${USAGE}`);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid --port ${values.port}`);

  const sim = await KubeSim.start({ scenario: loadScenarioFile(values.scenario), host: values.host, port });
  // Without --kubeconfig, still hand callers a usable file; it is ours, so remove it on exit.
  const ownsKubeconfig = !values.kubeconfig;
  const kubeconfig = sim.writeKubeconfig(
    values.kubeconfig ?? join(tmpdir(), `kube-sim-${process.pid}.kubeconfig`),
    values['kubeconfig-server'] ?? sim.url,
  );

  let stopping = false;
  const exit = (): never => {
    if (ownsKubeconfig) rmSync(kubeconfig, { force: true });
    process.exit(0);
  };
  const stop = (): void => {
    // A second signal, or a close that somehow stalls, must still end the process for the demo runner.
    if (stopping) exit();
    stopping = true;
    setTimeout(exit, 3000).unref();
    void sim.close().finally(exit);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  process.stdout.write(`${JSON.stringify({ event: 'ready', url: sim.url, kubeconfig })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`kube-sim: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
