import { staticSite, type HttpHandler } from '@applogs/connect-transport';
import { ConfigError } from '@applogs/service-kit';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

/** Where `npm run build` puts the browser viewer, beside this app in dist/. */
export const VIEWER_ROOT = path.resolve(__dirname, '../../viewer/public');

/** The viewer's pages: the form (`/`) and a stream (`/logs?project=…`), both the same single page. */
const VIEWER_PAGES = ['/logs'];

/** The browser viewer, served on the public port beside the API (APPLOGS_UI). */
export function viewerSite(root = VIEWER_ROOT): HttpHandler {
  if (!existsSync(path.join(root, 'index.html'))) {
    throw new ConfigError(`APPLOGS_UI: the browser viewer is not built (no ${path.join(root, 'index.html')}): run npm run build, or set APPLOGS_UI=false`);
  }
  return staticSite({ root, pages: VIEWER_PAGES });
}
