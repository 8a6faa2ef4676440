import { createHash, timingSafeEqual } from 'node:crypto';
import { WatchedConfigFile } from '@applogs/service-kit';
import type { Caller } from './caller';
import { parseGrants } from './grants';

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
  private readonly file: WatchedConfigFile<TokenEntry[]>;

  constructor(
    path: string,
    private readonly onReloadError: (message: string) => void = () => undefined,
  ) {
    this.file = new WatchedConfigFile(path, (document) => TokenStore.parse(path, document));
  }

  /** Re-reads the file when it changes, checked every `intervalMs` (see WatchedConfigFile.watch). */
  watch(intervalMs = 1000, onReloaded: () => void = () => undefined): () => void {
    return this.file.watch(intervalMs, { reloaded: onReloaded, failed: this.onReloadError });
  }

  /** The caller whose token this is; undefined for an unknown token. Constant time per entry. */
  lookup(token: string): Caller | undefined {
    const digest = sha256(token);
    let found: Caller | undefined;
    for (const entry of this.file.value) if (timingSafeEqual(entry.digest, digest)) found = entry.caller;
    return found;
  }

  static parse(path: string, document: unknown): TokenEntry[] {
    if (!Array.isArray(document)) throw new Error(`${path}: expected a list of { name, token, grants }`);
    return document.map((item, index) => {
      const { name, token, grants } = (item ?? {}) as { name?: unknown; token?: unknown; grants?: unknown };
      const where = `${path}: entry ${index + 1}`;
      if (typeof name !== 'string' || !name) throw new Error(`${where}: name must be a non-empty string`);
      if (typeof token !== 'string' || !token) throw new Error(`${where} (${name}): token must be a non-empty string`);
      const parsed = parseGrants(grants, `${where} (${name}): grant`);
      if (!parsed) throw new Error(`${where} (${name}): grants must be a list of "project/domain"`);
      return { caller: { name, grants: parsed }, digest: digestOf(token, where) };
    });
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
