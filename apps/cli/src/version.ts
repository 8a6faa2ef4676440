import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The version in the workspace's package.json. Looked up from here rather than at a fixed depth: this file
 * runs from apps/cli/src under Jest and from dist/apps/cli/src once built.
 */
export function packageVersion(from = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'applogs' && pkg.version) return pkg.version;
    } catch {
      // no package.json here: look further up
    }
    if (path.dirname(dir) === dir) return 'unknown';
  }
}
