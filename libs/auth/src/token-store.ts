import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { Caller } from './caller';
import { parseGrant } from './grants';

interface TokenEntry {
  caller: Caller;
  /** SHA-256 of the token: plain tokens are hashed on load, so every comparison is of equal-length digests. */
  digest: Buffer;
}

/**
 * Static tokens from a JSON or YAML file: a list of `{ name, token, grants }`, where `token` is the token itself
 * or `sha256:<hex>` of it (so the file need not hold secrets). The file is re-read when it changes; a file
 * that no longer parses keeps the previous tokens and reports why.
 */
export class TokenStore {
  private entries: TokenEntry[] = [];

  constructor(
    private readonly path: string,
    private readonly onReloadError: (message: string) => void = () => undefined,
  ) {
    this.entries = TokenStore.parse(path);
  }

  /**
   * Re-reads the file when its modification time or size changes, checked every `intervalMs` (polling also
   * sees Kubernetes' symlink swaps of mounted secrets). The first state is taken now, so a change made right
   * after this call is seen.
   */
  watch(intervalMs = 1000, onReloaded: () => void = () => undefined): () => void {
    let seen = fingerprint(this.path);
    const timer = setInterval(() => {
      const now = fingerprint(this.path);
      if (now === seen) return;
      seen = now;
      try {
        this.entries = TokenStore.parse(this.path);
        onReloaded();
      } catch (error) {
        this.onReloadError((error as Error).message);
      }
    }, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  /** The caller whose token this is; undefined for an unknown token. Constant time per entry. */
  lookup(token: string): Caller | undefined {
    const digest = sha256(token);
    let found: Caller | undefined;
    for (const entry of this.entries) if (timingSafeEqual(entry.digest, digest)) found = entry.caller;
    return found;
  }

  static parse(path: string): TokenEntry[] {
    const text = readFileSync(path, 'utf8');
    const document: unknown = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
    if (!Array.isArray(document)) throw new Error(`${path}: expected a list of { name, token, grants }`);
    return document.map((item, index) => {
      const { name, token, grants } = (item ?? {}) as { name?: unknown; token?: unknown; grants?: unknown };
      const where = `${path}: entry ${index + 1}`;
      if (typeof name !== 'string' || !name) throw new Error(`${where}: name must be a non-empty string`);
      if (typeof token !== 'string' || !token) throw new Error(`${where} (${name}): token must be a non-empty string`);
      if (!Array.isArray(grants)) throw new Error(`${where} (${name}): grants must be a list of "project/domain"`);
      const parsed = grants.map((grant) => (typeof grant === 'string' ? parseGrant(grant) : undefined));
      const bad = grants.find((_, i) => !parsed[i]);
      if (bad !== undefined) throw new Error(`${where} (${name}): grant ${JSON.stringify(bad)} is not "project/domain" (either may be *)`);
      return { caller: { name, grants: parsed.map((grant) => grant!) }, digest: digestOf(token, where) };
    });
  }
}

function fingerprint(path: string): string {
  try {
    const stat = statSync(path);
    return `${stat.mtimeMs}:${stat.size}:${stat.ino}`;
  } catch {
    return 'missing';
  }
}

function digestOf(token: string, where: string): Buffer {
  if (!token.startsWith('sha256:')) return sha256(token);
  const hex = token.slice('sha256:'.length);
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new Error(`${where}: a sha256: token must be 64 hex digits`);
  return Buffer.from(hex, 'hex');
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
