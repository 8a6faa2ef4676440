#!/usr/bin/env node
// `npm start`: the whole stack on loopback with demo apps: the simulated Kubernetes API, the data plane
// and the control plane, each its own process, as in production. Ctrl-C stops them all.
// APPLOGS_DEMO_CLUSTERS=2 (up to 4): as many clusters, each a simulated API with the demo apps under a project of
// its own (demo, shop, ads, web) and a data plane next to it, behind one control plane that routes by a file.
const { build } = require('./build');
const { startNode } = require('./processes');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const dist = (file) => path.join(root, 'dist', file);
const colour = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code, text) => (colour ? `\x1b[${code}m${text}\x1b[0m` : text);

const controlPlaneAddr = process.env.APPLOGS_CONTROL_PLANE_ADDR || '127.0.0.1:8090';
const dataPlaneAddr = process.env.APPLOGS_DATA_PLANE_ADDR || '127.0.0.1:8091';
const scenario = process.env.APPLOGS_DEMO_SCENARIO || path.join(root, 'libs/kube-sim/scenarios/demo.json');
const CLUSTERS = [
  { name: 'east', project: 'demo' },
  { name: 'west', project: 'shop' },
  { name: 'north', project: 'ads' },
  { name: 'south', project: 'web' },
];

/** APPLOGS_DEMO_CLUSTERS: how many clusters, 1 unless set; anything else stops the demo with exit 2, naming it. */
function clusterCount() {
  const raw = (process.env.APPLOGS_DEMO_CLUSTERS || '').trim();
  if (raw === '') return 1;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > CLUSTERS.length) {
    process.stderr.write(`applogs demo: bad configuration: APPLOGS_DEMO_CLUSTERS="${raw}" must be a whole number from 1 to ${CLUSTERS.length}\n`);
    process.exit(2);
  }
  return Number(raw);
}

/** `host:port` moved by `offset` ports; a blank address (off) stays off. */
function nextPort(address, offset) {
  if (!address) return address;
  const separator = address.lastIndexOf(':');
  return `${address.slice(0, separator)}:${Number(address.slice(separator + 1)) + offset}`;
}

const children = [];

async function start(name, script, args, env, ready) {
  const { child, match } = await startNode(name, script, args, { env, ready });
  children.push(child);
  child.once('exit', (code) => {
    if (!stopping) stop(1, `${name} stopped (exit ${code})`);
  });
  return match;
}

let stopping = false;
function stop(code, reason) {
  if (stopping) return;
  stopping = true;
  if (reason) process.stderr.write(`${reason}\n`);
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 300).unref();
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

async function main() {
  const count = clusterCount();
  await build({ ifNeeded: true });
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'applogs-demo-'));
  if (count === 1) return startOne(workDir);
  return startMany(workDir, CLUSTERS.slice(0, count));
}

/** A simulated cluster with the apps of `scenarioFile` and a data plane next to it; resolves with the API's URL. */
async function startCluster(suffix, scenarioFile, kubeconfig, dataPlaneEnv) {
  const simArgs = ['--scenario', scenarioFile, '--kubeconfig', kubeconfig];
  const [, simUrl] = await start(`kube-sim${suffix}`, dist('libs/kube-sim/src/main.js'), simArgs, {}, /"url":"([^"]+)"/);
  await start(`data plane${suffix}`, dist('apps/data-plane/src/main.js'), [], { KUBECONFIG: kubeconfig, ...dataPlaneEnv }, /listening on/);
  return simUrl;
}

function startControlPlane(env) {
  return start('control plane', dist('apps/control-plane/src/main.js'), [], { APPLOGS_CONTROL_PLANE_ADDR: controlPlaneAddr, ...env }, /listening on/);
}

async function startOne(workDir) {
  const kubeconfig = path.join(workDir, 'kubeconfig');
  const simUrl = await startCluster('', scenario, kubeconfig, { APPLOGS_DATA_PLANE_ADDR: dataPlaneAddr });
  await startControlPlane({ APPLOGS_DATA_PLANE_URL: dataPlaneAddr });
  const request = JSON.stringify({ app_id: { project: 'demo', domain: 'development', name: 'hello' } });
  const viewerUrl = `http://${controlPlaneAddr}/logs?project=demo&domain=development&name=hello`;
  console.log(`
${paint('1;32', 'applogs demo is running')} (Ctrl-C stops it)

  ${paint('1', 'control plane')}   ${controlPlaneAddr}   public AppLogsService
  ${paint('1', 'data plane')}      ${dataPlaneAddr}   internal AppLogsService
  ${paint('1', 'Kubernetes')}      ${simUrl}   simulated; kubeconfig ${kubeconfig}

Demo apps in project ${paint('36', 'demo')}, domain ${paint('36', 'development')}: ${paint('36', 'hello')} and ${paint('36', 'worker')} (3 replicas each), ${paint('36', 'report')} (finished).

Watch every replica of ${paint('36', 'hello')} live in the browser:
  ${paint('1;4;34', viewerUrl)}

Or tail them through the control plane:
  ${paint('33', `npx applogs tail hello --project demo --domain development`)}
  ${paint('33', `grpcurl -plaintext -import-path libs/proto/proto -proto flyteidl2/app/app_logs_service.proto -d '${request}' ${controlPlaneAddr} flyteidl2.app.AppLogsService/TailLogs`)}

Look at the pods the way kubectl does:
  ${paint('33', `kubectl --kubeconfig ${kubeconfig} -n flyte get pods -l serving.knative.dev/service=hello-demo-development`)}
`);
}

/** One simulated cluster and data plane per entry of `clusters`, one control plane routing each project to its own. */
async function startMany(workDir, clusters) {
  const demo = fs.readFileSync(scenario, 'utf8');
  const running = [];
  for (const [index, cluster] of clusters.entries()) {
    // The same apps, in the cluster's own project: `hello-demo-development` becomes `hello-shop-development`.
    const file = path.join(workDir, `scenario-${cluster.name}.json`);
    fs.writeFileSync(file, demo.replaceAll('-demo-development', `-${cluster.project}-development`));
    const kubeconfig = path.join(workDir, `kubeconfig-${cluster.name}`);
    const address = nextPort(dataPlaneAddr, index);
    const metrics = nextPort(process.env.APPLOGS_DATA_PLANE_METRICS_ADDR ?? '127.0.0.1:9091', index);
    const simUrl = await startCluster(` ${cluster.name}`, file, kubeconfig, { APPLOGS_DATA_PLANE_ADDR: address, APPLOGS_DATA_PLANE_METRICS_ADDR: metrics });
    running.push({ ...cluster, address, simUrl, kubeconfig, match: [`${cluster.project}/*`] });
  }
  const routing = path.join(workDir, 'data-planes.json');
  fs.writeFileSync(routing, JSON.stringify({ dataPlanes: running.map(({ name, address, match }) => ({ name, url: address, match })) }, null, 2));
  await startControlPlane({ APPLOGS_DATA_PLANES_FILE: routing, APPLOGS_DATA_PLANE_URL: '' });
  const rows = running.map(
    (cluster) =>
      `  ${paint('1', `data plane ${cluster.name.padEnd(5)}`)} ${cluster.address}   serves ${paint('36', cluster.match.join(', '))}; Kubernetes ${cluster.simUrl} (kubeconfig ${cluster.kubeconfig})`,
  );
  const tails = running.map(
    (cluster) => `  ${paint('33', `npx applogs tail hello --project ${cluster.project} --domain development`)}   # from cluster ${cluster.name}`,
  );
  console.log(`
${paint('1;32', `applogs demo is running: ${running.length} clusters behind one control plane`)} (Ctrl-C stops it)

  ${paint('1', 'control plane')}     ${controlPlaneAddr}   public AppLogsService; routing file ${routing}
${rows.join('\n')}

Each cluster runs the demo apps (${paint('36', 'hello')}, ${paint('36', 'worker')}, ${paint('36', 'report')}) in a project of its own, domain ${paint('36', 'development')}.
Tail ${paint('36', 'hello')} in each, through the one control plane:
${tails.join('\n')}

Edit ${routing} while it runs: the control plane re-reads it within a second. Any other project is NOT_FOUND:
  ${paint('33', 'npx applogs tail hello --project nobody --domain development')}
`);
}

main().catch((error) => stop(1, error.message));
