import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { HttpHandler } from './http-handler';

export interface StaticSiteOptions {
  /** The built site: `index.html` and what it loads. */
  root: string;
  /** Paths that are pages of the single-page app (answered with `index.html`), such as `/logs`. */
  pages: readonly string[];
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * What every answer of the site carries. The page runs only the scripts and styles it was built with (no inline
 * script or style, no eval), talks only to this origin (the API is on the same port), and cannot be framed.
 */
const SITE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; " +
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

interface SiteFile {
  body: Buffer;
  contentType: string;
  etag: string;
  /** Names with a content hash never change: cached for a year. Others are checked every time (ETag). */
  cacheControl: string;
}

/** A file name that carries its content's hash, as the bundler names them (`app-3F2K7QZA.js`). */
const HASHED = /-[A-Z0-9]{8}\.[a-z]+$/;

/**
 * The browser viewer's files, read once at start (they do not change while the process runs): GET and HEAD only,
 * with an ETag each (a 304 for a matching `If-None-Match`), long caching for hashed names and `no-cache` for the
 * rest, and the site's security headers. The app's pages are `index.html`; any other path is a 404.
 */
export function staticSite(options: StaticSiteOptions): HttpHandler {
  const files = readSite(options.root);
  const index = files.get('/index.html');
  if (!index) throw new Error(`${path.join(options.root, 'index.html')} is missing`);
  for (const page of ['/', ...options.pages]) files.set(page, index);
  return (request, response) => {
    const file = files.get((request.url ?? '/').split('?', 1)[0]);
    const headers: Record<string, string> = { ...SITE_SECURITY_HEADERS };
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(file ? 405 : 404, file ? { ...headers, Allow: 'GET, HEAD' } : headers);
      response.end();
      return;
    }
    if (!file) {
      response.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('not found\n');
      return;
    }
    Object.assign(headers, { ETag: file.etag, 'Cache-Control': file.cacheControl });
    if (request.headers['if-none-match'] === file.etag) {
      response.writeHead(304, headers);
      response.end();
      return;
    }
    response.writeHead(200, { ...headers, 'Content-Type': file.contentType, 'Content-Length': String(file.body.length) });
    if (request.method === 'HEAD') response.end();
    else response.end(file.body);
  };
}

function readSite(root: string): Map<string, SiteFile> {
  const files = new Map<string, SiteFile>();
  const visit = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) {
        visit(full);
        continue;
      }
      const body = readFileSync(full);
      files.set(`/${path.relative(root, full).split(path.sep).join('/')}`, {
        body,
        contentType: CONTENT_TYPES[path.extname(name)] ?? 'application/octet-stream',
        etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
        cacheControl: HASHED.test(name) ? 'public, max-age=31536000, immutable' : 'no-cache',
      });
    }
  };
  visit(root);
  return files;
}
