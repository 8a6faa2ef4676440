#!/usr/bin/env node
/*
 * `npm run build`: compiles apps/ and libs/ to dist/ (`tsc -b` of tsconfig.build.json, which lists every project,
 * then tsc-alias for the @applogs/* paths). `tsc -b` is incremental: it compiles only the projects whose sources
 * changed since the last build (and those that reference them). `rm -rf dist` first for a build from scratch.
 * `node tools/build.js --if-needed` (the start scripts, `npm start`, the benchmark): the same, unless dist/ is
 * already up to date with the sources.
 * `node tools/build.js apps/cli` (`nx build cli`): one project, after the projects it references.
 * The browser viewer (apps/viewer) is bundled by esbuild instead (tools/build-viewer.js), after the compile.
 *
 * One build at a time per checkout: people start both planes at once, in two terminals, and two builds writing
 * dist/ together break each other (and a plane that starts while the other build rewrites its files). So a build
 * holds dist/.build-lock (its pid inside); another one waits for it to go, then, with --if-needed, finds dist/
 * up to date and starts at once. dist/.build-stamp records when the last complete build began.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { bundleViewer } = require('./build-viewer');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');
const LOCK = path.join(dist, '.build-lock');
const STAMP = path.join(dist, '.build-stamp');
const VIEWER = path.join(root, 'apps/viewer');
// Polling, not fs.watch: the lock may vanish between a failed create and the watch, and a poll sees a dead holder.
const LOCK_POLL_MS = 200;

const say = (text) => process.stderr.write(`applogs build: ${text}\n`);

/** The newest modification time among the files the build reads. */
function newestSource() {
  const walk = (dir) =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : walk(full);
      // .css and .html: the viewer's stylesheet and page template.
      return /\.(ts|css|html)$|^tsconfig.*\.json$/.test(entry.name) ? [fs.statSync(full).mtimeMs] : [];
    });
  const configs = ['tsconfig.base.json', 'tsconfig.build.json', 'package-lock.json'].map((file) => fs.statSync(path.join(root, file)).mtimeMs);
  return Math.max(...configs, ...walk(path.join(root, 'apps')), ...walk(path.join(root, 'libs')));
}

function isUpToDate() {
  return fs.existsSync(STAMP) && fs.statSync(STAMP).mtimeMs >= newestSource();
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** Resolves once this process holds the lock; a lock whose holder died (a build killed mid-way) is taken over. */
async function acquireLock() {
  fs.mkdirSync(dist, { recursive: true });
  let told = false;
  for (;;) {
    try {
      fs.writeFileSync(LOCK, String(process.pid), { flag: 'wx' });
      process.once('exit', releaseLock);
      return;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    const holder = Number(readOr(LOCK, ''));
    if (holder && !isAlive(holder)) {
      // Two waiters may both see the dead holder; the worst case is one extra build, never a lost lock file error.
      fs.rmSync(LOCK, { force: true });
      continue;
    }
    if (!told) say(`waiting for the build in process ${holder || '?'} to finish…`);
    told = true;
    await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
  }
}

function releaseLock() {
  if (readOr(LOCK, '') === String(process.pid)) fs.rmSync(LOCK, { force: true });
}

function readOr(file, fallback) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return fallback;
  }
}

/**
 * Compiles one project's tsconfig.build.json (and, first, the projects it references), or the root one: all of them.
 * tsc-alias then goes over the whole of dist/: it rewrites only files that still import @applogs/*, which are the
 * ones this tsc run wrote (whichever projects those were); no other build writes dist/ meanwhile (the lock).
 */
function compile(config) {
  const run = (bin, args) => execFileSync(process.execPath, [require.resolve(bin, { paths: [root] }), ...args], { cwd: root, stdio: 'inherit' });
  run('typescript/bin/tsc', ['-b', config]);
  run('tsc-alias/dist/bin/index.js', ['-p', 'tsconfig.build.json']);
}

/** Builds one project and what it references, one build at a time; dist/ as a whole is not marked up to date. */
async function buildProject(projectRoot) {
  const config = path.join(projectRoot, 'tsconfig.build.json');
  await acquireLock();
  try {
    if (path.resolve(root, projectRoot) === VIEWER) bundleViewer();
    else compile(config);
  } finally {
    releaseLock();
  }
}

/** Builds dist/ (unless `ifNeeded` and it is up to date), one build at a time; resolves when dist/ is ready. */
async function build({ ifNeeded = false } = {}) {
  await acquireLock();
  try {
    if (ifNeeded && isUpToDate()) return;
    if (ifNeeded) say('building dist/ (npm run build)…');
    // Stamped with the time the build began: a source saved during the build is newer, and builds again next time.
    const began = new Date();
    fs.rmSync(STAMP, { force: true });
    compile('tsconfig.build.json');
    bundleViewer();
    fs.writeFileSync(STAMP, `${began.toISOString()}\n`);
    fs.utimesSync(STAMP, began, began);
  } finally {
    releaseLock();
  }
}

module.exports = { build };

/** What the command line asks for: the whole of dist/, or one project (a directory with a tsconfig.build.json). */
function buildFor(args) {
  const usage = 'usage: build.js [--if-needed] | build.js PROJECT_ROOT (apps/cli, libs/k8s-logs, ...)';
  if (args.length === 0 || (args.length === 1 && args[0] === '--if-needed')) return () => build({ ifNeeded: args.length === 1 });
  if (args.length === 1 && !args[0].startsWith('-')) {
    if (fs.existsSync(path.join(root, args[0], 'tsconfig.build.json')) || path.resolve(root, args[0]) === VIEWER) return () => buildProject(args[0]);
    say(`${args[0]} has no tsconfig.build.json: it is not a project built to dist/; ${usage}`);
  } else {
    say(`unexpected arguments ${args.join(' ')}; ${usage}`);
  }
  process.exit(2);
}

if (require.main === module) {
  buildFor(process.argv.slice(2))().catch((error) => {
    // tsc has already printed its errors; a failed step is an exit status, not a stack.
    if (typeof error.status === 'number') process.exit(error.status);
    say(error.stack ?? String(error));
    process.exit(1);
  });
}
