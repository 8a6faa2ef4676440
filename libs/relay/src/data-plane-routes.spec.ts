import { TestPki, type IssuedCert, type TestCa } from '@applogs/testing';
import { parse as parseYaml } from 'yaml';
import { parseDataPlaneRoutes, routeFor } from './data-plane-routes';

const FILE = '/etc/applogs/data-planes.yaml';
const parse = (yaml: string) => parseDataPlaneRoutes(FILE, parseYaml(yaml));

const ISSUE_EXAMPLE = `
dataPlanes:
  - name: east
    url: dp-east.example:8091
    match: ["shop/*", "ads/prod"]
  - name: west
    url: dp-west.example:8091
    match: ["*/*"]
    secret: s3cret
`;

describe('parseDataPlaneRoutes', () => {
  test("the issue's example: names, urls, patterns, and a plane's own secret", () => {
    expect(parse(ISSUE_EXAMPLE)).toEqual([
      {
        name: 'east',
        url: 'dp-east.example:8091',
        match: [
          { project: 'shop', domain: '*' },
          { project: 'ads', domain: 'prod' },
        ],
        secret: undefined,
        tls: undefined,
      },
      { name: 'west', url: 'dp-west.example:8091', match: [{ project: '*', domain: '*' }], secret: 's3cret', tls: undefined },
    ]);
  });

  test('JSON is the same document', () => {
    const json = { dataPlanes: [{ name: 'only', url: '[::1]:8091', match: ['*/*'] }] };
    expect(parseDataPlaneRoutes('/x.json', json).map((route) => route.name)).toEqual(['only']);
  });

  test.each([
    ['not a mapping', '- a\n- b\n', `${FILE}: expected "dataPlanes:", a list of { name, url, match }`],
    ['an empty list', 'dataPlanes: []\n', `${FILE}: expected "dataPlanes:", a list of { name, url, match }`],
    ['an entry that is not a mapping', 'dataPlanes: [east]\n', `${FILE}: data plane 1: expected { name, url, match }`],
    [
      'a name with capitals',
      'dataPlanes: [{ name: East, url: "a:1", match: ["*/*"] }]\n',
      `${FILE}: data plane 1: name "East" must be 1-63 lower-case letters, digits and '-' (it labels metrics)`,
    ],
    ['a url without a port', 'dataPlanes: [{ name: east, url: dp-east, match: ["*/*"] }]\n', `${FILE}: data plane 1 (east): url "dp-east" is not host:port`],
    [
      'a bad pattern',
      'dataPlanes: [{ name: east, url: "a:1", match: ["shop"] }]\n',
      `${FILE}: data plane 1 (east): match "shop" is not "project/domain" (either may be *)`,
    ],
    [
      'no patterns',
      'dataPlanes: [{ name: east, url: "a:1", match: [] }]\n',
      `${FILE}: data plane 1 (east): match must be a list of "project/domain" patterns, e.g. ["shop/*"]`,
    ],
    [
      'a misspelt field',
      'dataPlanes: [{ name: east, url: "a:1", matches: ["*/*"] }]\n',
      `${FILE}: data plane 1 (east): unknown field matches; the fields are name, url, match, secret, tls`,
    ],
    [
      'a duplicate name',
      'dataPlanes:\n  - { name: east, url: "a:1", match: ["a/*"] }\n  - { name: west, url: "b:1", match: ["b/*"] }\n  - { name: east, url: "c:1", match: ["*/*"] }\n',
      `${FILE}: data plane 3 (east): the name east is taken by data plane 1`,
    ],
    [
      'tls without its CA',
      'dataPlanes: [{ name: east, url: "a:1", match: ["*/*"], tls: { cert: a.crt, key: a.key } }]\n',
      `${FILE}: data plane 1 (east): tls must have cert, key and ca, each the path of a PEM file`,
    ],
  ])('refuses %s, naming the file and the entry', (_what, yaml, message) => {
    expect(() => parse(yaml)).toThrow(message);
  });

  describe('a plane with TLS files of its own', () => {
    const pki = new TestPki();
    let ca: TestCa;
    let own: IssuedCert;
    let other: IssuedCert;
    beforeAll(async () => {
      ca = await pki.createCa('routes-ca');
      own = await pki.issue('control-plane', ca);
      other = await pki.issue('other', ca);
    });
    afterAll(() => pki.close());
    const withTls = (tls: Record<string, string>) => parseDataPlaneRoutes(FILE, { dataPlanes: [{ name: 'east', url: 'a:1', match: ['*/*'], tls }] });

    test('are checked now: readable PEM, the key of the certificate', () => {
      expect(withTls({ cert: own.cert, key: own.key, ca: ca.cert })[0].tls).toEqual({ cert: own.cert, key: own.key, ca: ca.cert });
      expect(() => withTls({ cert: own.cert, key: other.key, ca: ca.cert })).toThrow(
        `${FILE}: data plane 1 (east): tls.key="${other.key}" is not the private key of ${FILE}: data plane 1 (east): tls.cert="${own.cert}"`,
      );
      expect(() => withTls({ cert: own.cert, key: own.key, ca: '/nowhere.crt' })).toThrow(
        `${FILE}: data plane 1 (east): tls.ca="/nowhere.crt" is not a readable file`,
      );
    });
  });
});

describe('routeFor', () => {
  const routes = parse(ISSUE_EXAMPLE);
  test.each([
    ['shop', 'dev', 'east'],
    ['shop', 'prod', 'east'],
    ['ads', 'prod', 'east'],
    ['ads', 'dev', 'west'],
    ['anything', 'else', 'west'],
  ])('%s/%s goes to the first plane whose patterns cover it: %s', (project, domain, plane) => {
    expect(routeFor(routes, project, domain)?.name).toBe(plane);
  });

  test('none: undefined', () => {
    expect(routeFor(routes.slice(0, 1), 'ads', 'dev')).toBeUndefined();
  });
});
