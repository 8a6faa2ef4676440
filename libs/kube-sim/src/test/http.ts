import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { KubeSimAccess } from '../kubeconfig';
import { simGet, simRequest } from '../sim-client';

/**
 * A JSON answer as the API sent it. Tests assert on its fields directly: a field that is missing fails the assertion,
 * which says more than a compile error in a test would.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ApiJson = any;

export interface HttpResult<T = unknown> {
  status: number;
  headers: IncomingHttpHeaders;
  body: T;
  text: string;
}

/** A GET of `path` as an authorised client of the sim; `headers` may override Authorization. */
function request(sim: KubeSimAccess, path: string, headers: Record<string, string>): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    simGet(sim, path, { headers }, resolve).on('error', reject);
  });
}

function readAll(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
  });
}

export async function getText(sim: KubeSimAccess, path: string, headers: Record<string, string> = {}): Promise<HttpResult<string>> {
  const res = await request(sim, path, headers);
  const text = await readAll(res);
  return { status: res.statusCode ?? 0, headers: res.headers, body: text, text };
}

/** POSTs a JSON body and parses the JSON answer (the sim's control endpoint). */
export function postJson<T = ApiJson>(sim: KubeSimAccess, path: string, body: unknown, headers: Record<string, string> = {}): Promise<HttpResult<T>> {
  const payload = typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = simRequest(sim, path, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers } }, (res) => {
      readAll(res).then((text) => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(text) as T, text }), reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

export async function getJson<T = ApiJson>(sim: KubeSimAccess, path: string, headers: Record<string, string> = {}): Promise<HttpResult<T>> {
  const result = await getText(sim, path, { Accept: 'application/json', ...headers });
  return { ...result, body: JSON.parse(result.text) as T };
}

/** A streaming response read incrementally, so tests can await content instead of sleeping. */
export class StreamReader {
  text = '';
  /** 'end' = clean EOF (terminating chunk received); 'aborted' = connection dropped mid-body. */
  readonly finished: Promise<'end' | 'aborted'>;
  private waiters: Array<() => void> = [];

  constructor(readonly res: IncomingMessage) {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      this.text += chunk;
      for (const w of this.waiters) w();
    });
    this.finished = new Promise((resolve) => {
      res.on('end', () => resolve('end'));
      res.on('aborted', () => resolve('aborted'));
      res.on('error', () => resolve('aborted'));
    });
  }

  get status(): number {
    return this.res.statusCode ?? 0;
  }

  lines(): string[] {
    return this.text.split('\n').filter((l) => l !== '');
  }

  waitFor(predicate: (reader: StreamReader) => boolean, timeoutMs = 5000): Promise<void> {
    if (predicate(this)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (!predicate(this)) return;
        finish();
        resolve();
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`timed out; stream so far:\n${this.text}`));
      }, timeoutMs);
      const finish = (): void => {
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== check);
      };
      this.waiters.push(check);
    });
  }

  destroy(): void {
    this.res.destroy();
  }
}

export async function openStream(sim: KubeSimAccess, path: string, headers: Record<string, string> = {}): Promise<StreamReader> {
  return new StreamReader(await request(sim, path, headers));
}
