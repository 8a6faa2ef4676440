import { DATA_PLANE_MAIN, ServiceProcess } from '@applogs/testing';

// Each setting is validated once at start-up: a bad one stops the process before it listens, with exit
// status 2 and one line naming the variable and what it expects.
test.each([
  ['APPLOGS_MAX_STREAMS', 'lots', 'must be a whole number from 1 to 100000'],
  ['APPLOGS_HEALTH_INTERVAL_MS', '-1', 'must be a whole number from 100 to 600000'],
  ['APPLOGS_KUBE_TIMEOUT_MS', '10s', 'must be a whole number from 100 to 600000'],
  ['APPLOGS_TAIL_LINES', '5000', 'must be a whole number from 0 to 1000'],
  ['APPLOGS_MAX_LINE_BYTES', '1048576', 'must be a whole number from 1024 to 262144'],
  ['APPLOGS_NAMESPACE', 'Flyte_Apps', "is not a valid Kubernetes name (lower-case letters, digits and '-')"],
  ['APPLOGS_DATA_PLANE_ADDR', 'nohost', 'is not a host:port address (for example 127.0.0.1:8090)'],
])('the data plane with %s=%s exits 2 naming it', async (name, value, expects) => {
  const { code, output } = await ServiceProcess.run(DATA_PLANE_MAIN, { [name]: value });
  expect({ code, output }).toEqual({ code: 2, output: `applogs data plane: bad configuration: ${name}="${value}" ${expects}\n` });
});
