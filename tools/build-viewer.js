/*
 * The browser viewer (apps/viewer) for the control plane to serve: esbuild bundles apps/viewer/src/main.ts and the
 * stylesheet it imports into dist/apps/viewer/public/app-<HASH>.js and app-<HASH>.css (the hash of the contents, so
 * the control plane can let browsers cache them for a year), and writes index.html pointing at those names. No
 * inline script or style anywhere: the page runs under a Content-Security-Policy without 'unsafe-inline'.
 */
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const source = path.join(root, 'apps/viewer/src');
const out = path.join(root, 'dist/apps/viewer/public');

function bundleViewer() {
  const esbuild = require('esbuild');
  // Old hashed files would otherwise pile up, and be served, build after build.
  fs.rmSync(out, { recursive: true, force: true });
  const result = esbuild.buildSync({
    absWorkingDir: root,
    entryPoints: { app: path.join(source, 'main.ts') },
    entryNames: '[name]-[hash]',
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['chrome111', 'firefox113', 'safari16.4'],
    platform: 'browser',
    // The @applogs/* paths, as tsc sees them.
    tsconfig: path.join(root, 'apps/viewer/tsconfig.json'),
    outdir: out,
    metafile: true,
    logLevel: 'warning',
  });
  const outputs = Object.keys(result.metafile.outputs).map((file) => path.basename(file));
  const asset = (ext) => {
    const name = outputs.find((file) => file.startsWith('app-') && file.endsWith(ext));
    if (!name) throw new Error(`esbuild wrote no app-*${ext} (${outputs.join(', ')})`);
    return name;
  };
  const html = fs
    .readFileSync(path.join(source, 'index.html'), 'utf8')
    .replace('href="/app.css"', `href="/${asset('.css')}"`)
    .replace('src="/app.js"', `src="/${asset('.js')}"`);
  fs.writeFileSync(path.join(out, 'index.html'), html);
}

module.exports = { bundleViewer };
