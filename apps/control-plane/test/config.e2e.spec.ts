import { CONTROL_PLANE_MAIN, ServiceProcess, freePort, runWithAddressInUse } from '@applogs/testing';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

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

describe('a routing file (APPLOGS_DATA_PLANES_FILE) that cannot be used stops the start: exit 2, one line naming the file and the entry', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'applogs-routing-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test.each([
    ['bad YAML', 'dataPlanes: [\n', (file: string) => new RegExp(`^APPLOGS_DATA_PLANES_FILE: ${file} is not valid YAML: [^\\n]+$`)],
    [
      'a bad pattern',
      'dataPlanes:\n  - { name: east, url: "127.0.0.1:8091", match: ["shop/*"] }\n  - { name: west, url: "127.0.0.1:8092", match: ["*/*/*"] }\n',
      (file: string) => `APPLOGS_DATA_PLANES_FILE: ${file}: data plane 2 (west): match "*/*/*" is not "project/domain" (either may be *)`,
    ],
    [
      'two planes of one name',
      'dataPlanes:\n  - { name: east, url: "127.0.0.1:8091", match: ["shop/*"] }\n  - { name: east, url: "127.0.0.1:8092", match: ["*/*"] }\n',
      (file: string) => `APPLOGS_DATA_PLANES_FILE: ${file}: data plane 2 (east): the name east is taken by data plane 1`,
    ],
    ['a missing file', undefined, (file: string) => `APPLOGS_DATA_PLANES_FILE: ${file} cannot be read: ENOENT`],
  ])('%s', async (what, text, expected) => {
    const file = path.join(dir, `${what.replace(/ /g, '-')}.yaml`);
    if (text !== undefined) writeFileSync(file, text);
    const { code, output } = await ServiceProcess.run(CONTROL_PLANE_MAIN, { APPLOGS_DATA_PLANES_FILE: file });
    const lines = output.trimEnd().split('\n');
    expect({ code, lines: lines.length }).toEqual({ code: 2, lines: 1 });
    expect(lines[0].slice(`${BAD} `.length)).toMatch(expected(file));
  });

  test('with APPLOGS_DATA_PLANE_URL too', async () => {
    const file = path.join(dir, 'both.yaml');
    writeFileSync(file, 'dataPlanes: [{ name: east, url: "127.0.0.1:8091", match: ["*/*"] }]\n');
    const { code, output } = await ServiceProcess.run(CONTROL_PLANE_MAIN, { APPLOGS_DATA_PLANES_FILE: file, APPLOGS_DATA_PLANE_URL: '127.0.0.1:8091' });
    expect({ code, output }).toEqual({
      code: 2,
      output: `${BAD} APPLOGS_DATA_PLANES_FILE and APPLOGS_DATA_PLANE_URL are both set: the file names every data plane, so unset APPLOGS_DATA_PLANE_URL\n`,
    });
  });
});
