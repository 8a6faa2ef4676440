import { staticSite, type HttpHandler } from '@applogs/connect-transport';
import { ConfigError } from '@applogs/service-kit';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

/** Where `npm run build` puts the browser viewer, beside this app in dist/. */
const VIEWER_ROOT = path.resolve(__dirname, '../../viewer/public');

/** The viewer's pages: the form (`/`) and a stream (`/logs?project=…`), both the same single page. */
const VIEWER_PAGES = ['/logs'];

/** The browser viewer, served on the public port beside the API (APPLOGS_UI). */
export function viewerSite(): HttpHandler {
  const index = path.join(VIEWER_ROOT, 'index.html');
  if (!existsSync(index)) throw new ConfigError(`APPLOGS_UI: the browser viewer is not built (no ${index}): run npm run build, or set APPLOGS_UI=false`);
  return staticSite({ root: VIEWER_ROOT, pages: VIEWER_PAGES });
}
