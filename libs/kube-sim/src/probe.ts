import { readKubeconfigAccess } from './kubeconfig';
import { simGet } from './sim-client';

// The container health check of the simulated API: `probe.js KUBECONFIG [URL]` GETs /version with the CA and
// token of the kubeconfig the sim wrote (at URL, e.g. its loopback address, instead of the kubeconfig's
// server). Exit 0 only on 200: the API answers, over TLS, to the credentials the data plane will use.
const USAGE = 'usage: probe.js KUBECONFIG [URL]';
const TIMEOUT_MS = 2000;

function main(): void {
  const [kubeconfig, url] = process.argv.slice(2);
  if (!kubeconfig) fail(USAGE);
  let access;
  try {
    access = readKubeconfigAccess(kubeconfig);
  } catch (error) {
    fail((error as Error).message);
  }
  const request = simGet({ ...access, url: url ?? access.url }, '/version', { timeout: TIMEOUT_MS }, (res) => {
    res.resume();
    if (res.statusCode === 200) process.exit(0);
    fail(`GET /version answered ${res.statusCode}`);
  });
  request.on('timeout', () => request.destroy(new Error(`no answer in ${TIMEOUT_MS} ms`)));
  request.on('error', (error) => fail(error.message));
}

function fail(message: string): never {
  process.stderr.write(`kube-sim probe: ${message}\n`);
  process.exit(1);
}

main();
