#!/usr/bin/env node
// `npm start`: the whole stack on loopback with demo apps: the simulated Kubernetes API, the data plane
// and the control plane, each its own process, as in production. Ctrl-C stops all three.
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
  await build({ ifNeeded: true });
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'applogs-demo-'));
  const kubeconfig = path.join(workDir, 'kubeconfig');
  const [, simUrl] = await start('kube-sim', dist('libs/kube-sim/src/main.js'), ['--scenario', scenario, '--kubeconfig', kubeconfig], {}, /"url":"([^"]+)"/);
  await start('data plane', dist('apps/data-plane/src/main.js'), [], { KUBECONFIG: kubeconfig, APPLOGS_DATA_PLANE_ADDR: dataPlaneAddr }, /listening on/);
  await start(
    'control plane',
    dist('apps/control-plane/src/main.js'),
    [],
    { APPLOGS_CONTROL_PLANE_ADDR: controlPlaneAddr, APPLOGS_DATA_PLANE_URL: dataPlaneAddr },
    /listening on/,
  );
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

main().catch((error) => stop(1, error.message));
