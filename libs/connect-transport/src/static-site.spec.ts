import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { staticSite } from './static-site';

describe('staticSite', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'applogs-site-'));
  mkdirSync(path.join(root, 'assets'));
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><script src="/assets/app-3F2K7QZA.js"></script>');
  writeFileSync(path.join(root, 'assets/app-3F2K7QZA.js'), 'console.log("hi")');
  writeFileSync(path.join(root, 'favicon.svg'), '<svg/>');
  let server: http.Server;
  let base: string;

  beforeAll(async () => {
    server = http.createServer(staticSite({ root, pages: ['/logs'] }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(root, { recursive: true, force: true });
  });

  const get = (pathname: string, init?: RequestInit) => fetch(`${base}${pathname}`, init);

  test('the app’s pages are index.html, checked on every visit; a strict CSP on every answer', async () => {
    for (const page of ['/', '/logs', '/logs?project=demo&domain=development&name=hello']) {
      const response = await get(page);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(await response.text()).toContain('/assets/app-3F2K7QZA.js');
    }
    const csp = (await get('/')).headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect((await get('/nope')).headers.get('content-security-policy')).toBe(csp);
  });

  test('hashed files are cached for a year; others are revalidated by ETag', async () => {
    const hashed = await get('/assets/app-3F2K7QZA.js');
    expect(hashed.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(hashed.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const icon = await get('/favicon.svg');
    expect(icon.headers.get('cache-control')).toBe('no-cache');
    const etag = icon.headers.get('etag')!;
    expect((await get('/favicon.svg', { headers: { 'if-none-match': etag } })).status).toBe(304);
    expect((await get('/favicon.svg', { headers: { 'if-none-match': '"other"' } })).status).toBe(200);
  });

  test('HEAD has no body; other methods 405 on a file, and unknown paths 404', async () => {
    const head = await get('/', { method: 'HEAD' });
    expect([head.status, await head.text()]).toEqual([200, '']);
    const post = await get('/', { method: 'POST' });
    expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
    expect((await get('/../etc/passwd')).status).toBe(404);
    expect((await get('/assets')).status).toBe(404);
  });
});
