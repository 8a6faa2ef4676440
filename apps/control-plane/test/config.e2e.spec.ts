import { CONTROL_PLANE_MAIN, ServiceProcess } from '@applogs/testing';

// Each setting is validated once at start-up: a bad one stops the process before it listens, with exit
// status 2 and one line naming the variable and what it expects.
test.each([
  ['APPLOGS_DATA_PLANE_URL', 'nohost', 'is not a host:port address (for example 127.0.0.1:8090)'],
  ['APPLOGS_CONTROL_PLANE_ADDR', '127.0.0.1:99999', 'is not a host:port address (for example 127.0.0.1:8090)'],
])('the control plane with %s=%s exits 2 naming it', async (name, value, expects) => {
  const { code, output } = await ServiceProcess.run(CONTROL_PLANE_MAIN, { [name]: value });
  expect({ code, output }).toEqual({ code: 2, output: `applogs control plane: bad configuration: ${name}="${value}" ${expects}\n` });
});
