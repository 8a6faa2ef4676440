import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import * as https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { KubeSim, readKubeconfigAccess } from './index';
import { getJson, postJson } from './test/http';

const SERVICE = 'hello-demo-development';

/** A GET over TLS with explicit trust and name, to see what the sim's certificate proves. */
function tlsGet(sim: KubeSim, options: https.RequestOptions): Promise<IncomingMessage> {
  const port = new URL(sim.url).port;
  return new Promise((resolve, reject) => {
    https
      .get({ host: '127.0.0.1', port, path: '/version', headers: { Authorization: `Bearer ${sim.token}` }, ...options }, (res) => {
        res.resume();
        resolve(res);
      })
      .on('error', reject);
  });
}

describe('KubeSim over HTTPS with a bearer token, as an API server', () => {
  let sim: KubeSim;
  beforeAll(async () => {
    sim = await KubeSim.start({ scenario: { apps: [{ service: SERVICE, replicas: 1 }] }, hosts: ['kube-sim.test'] });
  });
  afterAll(() => sim.close());

  it('serves https with a certificate of its own CA, for loopback and the hosts it was given', async () => {
    expect(sim.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    for (const servername of ['localhost', 'kube-sim.test', undefined]) {
      expect((await tlsGet(sim, { ca: sim.caCertificate, servername })).statusCode).toBe(200);
    }
    await expect(tlsGet(sim, { ca: sim.caCertificate, servername: 'elsewhere.test' })).rejects.toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    await expect(tlsGet(sim, {})).rejects.toMatchObject({ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
  });

  it('has a CA of its own per start: another sim does not trust it', async () => {
    const other = await KubeSim.start();
    try {
      expect(other.caCertificate).not.toBe(sim.caCertificate);
      expect(other.token).not.toBe(sim.token);
      await expect(tlsGet(sim, { ca: other.caCertificate })).rejects.toMatchObject({ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    } finally {
      await other.close();
    }
  });

  it.each([
    ['no Authorization header', { Authorization: '' }],
    ['another token', { Authorization: 'Bearer not-the-token' }],
    ['another scheme', { Authorization: 'Basic a3ViZS1zaW06a3ViZS1zaW0=' }],
  ])('answers a request with %s with 401 and an Unauthorized Status, on every path', async (_what, headers) => {
    for (const path of ['/version', `/api/v1/namespaces/flyte/pods`, '/api/v1/namespaces/flyte/pods?watch=true', '/kube-sim/stats']) {
      const { status, body } = await getJson(sim, path, headers);
      expect({ path, status, body }).toEqual({
        path,
        status: 401,
        body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', details: {}, code: 401 },
      });
    }
    expect(sim.openWatches()).toBe(0);
  });

  it('runs no control action without the token', async () => {
    const refused = await postJson(sim, '/kube-sim/control', { action: 'scaleApp', service: SERVICE, replicas: 3 }, { Authorization: 'Bearer wrong' });
    expect([refused.status, refused.body.reason]).toEqual([401, 'Unauthorized']);
    expect(sim.appPods(SERVICE)).toHaveLength(1);
    const allowed = await postJson(sim, '/kube-sim/control', { action: 'scaleApp', service: SERVICE, replicas: 2 });
    expect(allowed.status).toBe(200);
    expect(sim.appPods(SERVICE)).toHaveLength(2);
  });

  it('writes a kubeconfig with its CA and token, and nothing that skips verification', () => {
    const config = parse(sim.kubeconfigYaml());
    expect(config).toEqual({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'kube-sim', cluster: { server: sim.url, 'certificate-authority-data': Buffer.from(sim.caCertificate!).toString('base64') } }],
      users: [{ name: 'kube-sim', user: { token: sim.token } }],
      contexts: [{ name: 'kube-sim', context: { cluster: 'kube-sim', user: 'kube-sim', namespace: 'flyte' } }],
      'current-context': 'kube-sim',
      preferences: {},
    });
  });

  it('reads back what it wrote, for tools in another process', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kube-sim-access-'));
    try {
      const path = sim.writeKubeconfig(join(dir, 'kubeconfig'), 'https://kube-sim.test:8001');
      expect(readKubeconfigAccess(path)).toEqual({ url: 'https://kube-sim.test:8001', caCertificate: sim.caCertificate, token: sim.token });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('KubeSim over plain HTTP (tls: false)', () => {
  let sim: KubeSim;
  beforeAll(async () => {
    sim = await KubeSim.start({ tls: false, token: 'plain-token' });
  });
  afterAll(() => sim.close());

  it('serves http, still only to holders of its token', async () => {
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sim.caCertificate).toBeUndefined();
    expect((await getJson(sim, '/version')).status).toBe(200);
    expect((await getJson(sim, '/version', { Authorization: '' })).status).toBe(401);
  });

  it('writes a kubeconfig that client-node accepts for http: insecure-skip-tls-verify, no CA', () => {
    const { cluster } = parse(sim.kubeconfigYaml()).clusters[0];
    expect(cluster).toEqual({ server: sim.url, 'insecure-skip-tls-verify': true });
  });
});
