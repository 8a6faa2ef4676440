import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from './status';

/** A control body is a small JSON object; anything bigger is a client bug, not a reason to buffer. */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * POST /kube-sim/control: `{ "action": "...", ...args }` runs `run` and answers `{ ok: true, ...result }`,
 * or 400 `{ ok: false, message }` when the body is bad or the action fails. Not a Kubernetes API:
 * it lets a process outside the sim (a demo, a benchmark) change the cluster.
 */
export function handleControlRequest(req: IncomingMessage, res: ServerResponse, run: (body: unknown) => Record<string, unknown>): void {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  });
  req.on('end', () => {
    if (size > MAX_BODY_BYTES) {
      sendJson(res, 413, { ok: false, message: `body larger than ${MAX_BODY_BYTES} bytes` });
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch (err) {
      sendJson(res, 400, { ok: false, message: `invalid JSON body: ${(err as Error).message}` });
      return;
    }
    try {
      sendJson(res, 200, { ok: true, ...run(body) });
    } catch (err) {
      sendJson(res, 400, { ok: false, message: (err as Error).message });
    }
  });
}
