import { readFileSync, statSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';

/** Reports of a watched file: its new value, or why the edit was not taken. */
export interface ConfigFileReload<T> {
  reloaded?(value: T): void;
  failed?(message: string): void;
}

/**
 * A JSON (`.json`) or YAML file of settings that an operator edits while the service runs (tokens, routing):
 * parsed and checked by `parse` now, where an error stops the start, and re-read when it changes. An edit
 * that does not parse or check keeps the last good value and is reported, so a typo never takes a running
 * service down.
 */
export class WatchedConfigFile<T> {
  private current: T;

  /** `parse` turns the document into the value, throwing an Error whose message names what is wrong. */
  constructor(
    readonly path: string,
    private readonly parse: (document: unknown) => T,
  ) {
    this.current = this.load();
  }

  get value(): T {
    return this.current;
  }

  /**
   * Re-reads the file when its modification time, size or inode changes, checked every `intervalMs` (polling
   * also sees Kubernetes' symlink swaps of mounted ConfigMaps and Secrets). The first state is taken now, so a
   * change made right after this call is seen. Returns what stops watching.
   */
  watch(intervalMs: number, reload: ConfigFileReload<T> = {}): () => void {
    let seen = fingerprint(this.path);
    const timer = setInterval(() => {
      const now = fingerprint(this.path);
      if (now === seen) return;
      seen = now;
      let value: T;
      try {
        value = this.load();
      } catch (error) {
        reload.failed?.((error as Error).message);
        return;
      }
      this.current = value;
      reload.reloaded?.(value);
    }, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  private load(): T {
    return this.parse(readConfigDocument(this.path));
  }
}

/** The document in a JSON or YAML file; the error says, on one line, which file and why. */
export function readConfigDocument(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`${path} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const json = path.endsWith('.json');
  try {
    return json ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    // YAML's messages go on with a picture of the line: the first line says it all.
    throw new Error(`${path} is not valid ${json ? 'JSON' : 'YAML'}: ${(error as Error).message.split('\n')[0]}`);
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
