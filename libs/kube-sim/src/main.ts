import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { KubeSim } from './kube-sim-server';
import { loadScenarioFile } from './scenario';

const USAGE = 'usage: main.js --scenario FILE [--host 127.0.0.1] [--port 0] [--kubeconfig PATH] [--kubeconfig-server URL] [--plain-http]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scenario: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '0' },
      kubeconfig: { type: 'string' },
      // The server address to write into the kubeconfig when clients reach us by another name than --host;
      // its host name goes into the certificate too.
      'kubeconfig-server': { type: 'string' },
      // Serve plain HTTP instead of HTTPS, to try clients that must refuse it (or opt in to it).
      'plain-http': { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (!values.scenario) throw new Error(`--scenario is required\n${USAGE}`);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid --port ${values.port}`);

  const kubeconfigServer = values['kubeconfig-server'] && kubeconfigServerUrl(values['kubeconfig-server'], !values['plain-http']);
  const sim = await KubeSim.start({
    scenario: loadScenarioFile(values.scenario),
    host: values.host,
    port,
    tls: !values['plain-http'],
    hosts: kubeconfigServer ? [kubeconfigServer.hostname.replace(/^\[|\]$/g, '')] : [],
  });
  // Without --kubeconfig, still hand callers a usable file; it is ours, so remove it on exit.
  const ownsKubeconfig = !values.kubeconfig;
  const kubeconfig = sim.writeKubeconfig(values.kubeconfig ?? join(tmpdir(), `kube-sim-${process.pid}.kubeconfig`), values['kubeconfig-server'] ?? sim.url);

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

function kubeconfigServerUrl(value: string, tls: boolean): URL {
  const expected = tls ? 'https:' : 'http:';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`invalid --kubeconfig-server ${value}: not a URL`);
  }
  if (url.protocol !== expected)
    throw new Error(`invalid --kubeconfig-server ${value}: the sim serves ${expected.slice(0, -1)}${tls ? '' : ' (--plain-http)'}`);
  return url;
}

main().catch((err: unknown) => {
  process.stderr.write(`kube-sim: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
