import { CONTROL_PLANE_MAIN, ServiceProcess, freePort, runWithAddressInUse } from '@applogs/testing';

// Each setting is validated once at start-up: a bad one stops the process before it listens, with exit
// status 2 and one line naming the variable and what it expects.
const BAD = 'applogs control plane: bad configuration:';

test.each([
  ['APPLOGS_DATA_PLANE_URL', 'nohost', 'is not a host:port address (for example 127.0.0.1:8090)'],
  ['APPLOGS_CONTROL_PLANE_ADDR', '127.0.0.1:99999', 'is not a host:port address (for example 127.0.0.1:8090)'],
])('the control plane with %s=%s exits 2 naming it', async (name, value, expects) => {
  const { code, output } = await ServiceProcess.run(CONTROL_PLANE_MAIN, { [name]: value });
  expect({ code, output }).toEqual({ code: 2, output: `${BAD} ${name}="${value}" ${expects}\n` });
});

// Listening is the last step of the start: by then Nest has logged (JSON), but the only plain line is the error.
test.each([
  ['APPLOGS_CONTROL_PLANE_ADDR', 'APPLOGS_CONTROL_PLANE_METRICS_ADDR'],
  ['APPLOGS_CONTROL_PLANE_METRICS_ADDR', 'APPLOGS_CONTROL_PLANE_ADDR'],
])('%s in use: exit 2, one line naming it and the address', async (name, other) => {
  const { address, code, lines } = await runWithAddressInUse(CONTROL_PLANE_MAIN, name, { [other]: `127.0.0.1:${await freePort()}` });
  expect({ code, lines }).toEqual({ code: 2, lines: [`${BAD} ${name}="${address}" is already in use by another process: stop it, or choose a free address`] });
});
