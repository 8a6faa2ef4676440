#!/usr/bin/env node
/*
 * `npm run build`: compiles apps/ and libs/ to dist/ (tsc, then tsc-alias for the @applogs/* paths).
 * `node tools/build.js --if-needed` (the start scripts, `npm start`, the benchmark): the same, unless dist/ is
 * already up to date with the sources.
 *
 * One build at a time per checkout: people start both planes at once, in two terminals, and two builds writing
 * dist/ together break each other (and a plane that starts while the other build rewrites its files). So a build
 * holds dist/.build-lock (its pid inside); another one waits for it to go, then, with --if-needed, finds dist/
 * up to date and starts at once. dist/.build-stamp records when the last complete build began.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');
const LOCK = path.join(dist, '.build-lock');
const STAMP = path.join(dist, '.build-stamp');
// Polling, not fs.watch: the lock may vanish between a failed create and the watch, and a poll sees a dead holder.
const LOCK_POLL_MS = 200;

const say = (text) => process.stderr.write(`applogs build: ${text}\n`);

/** The newest modification time among the files the build reads. */
function newestSource() {
  const walk = (dir) =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : walk(full);
      return /\.ts$/.test(entry.name) ? [fs.statSync(full).mtimeMs] : [];
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

function compile() {
  const run = (bin, args) => execFileSync(process.execPath, [require.resolve(bin, { paths: [root] }), ...args], { cwd: root, stdio: 'inherit' });
  run('typescript/bin/tsc', ['-p', 'tsconfig.build.json']);
  run('tsc-alias/dist/bin/index.js', ['-p', 'tsconfig.build.json']);
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
    compile();
    fs.writeFileSync(STAMP, `${began.toISOString()}\n`);
    fs.utimesSync(STAMP, began, began);
  } finally {
    releaseLock();
  }
}

module.exports = { build };

if (require.main === module) {
  const args = process.argv.slice(2);
  const unknown = args.filter((arg) => arg !== '--if-needed');
  if (unknown.length > 0) {
    say(`unknown argument ${unknown[0]}; usage: build.js [--if-needed]`);
    process.exit(2);
  }
  build({ ifNeeded: args.includes('--if-needed') }).catch((error) => {
    // tsc has already printed its errors; a failed step is an exit status, not a stack.
    if (typeof error.status === 'number') process.exit(error.status);
    say(error.stack ?? String(error));
    process.exit(1);
  });
}
