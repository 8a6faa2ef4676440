// Starting the planes and the simulator as child processes, for `npm start` and `npm run bench`.
const { spawn } = require('node:child_process');

/**
 * Runs `node [nodeArgs] script [args]` and resolves with the child and the match once its output matches
 * `ready`; rejects with the output if it exits first. Later output is read and dropped, so a chatty child
 * never blocks on a full pipe.
 */
function startNode(name, script, args, { env = {}, ready, nodeArgs = [] }) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, script, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let started = false;
    const onOutput = (chunk) => {
      if (started) return;
      output += chunk;
      const match = ready.exec(output);
      if (match) {
        started = true;
        resolve({ child, match });
      }
    };
    child.stdout.on('data', onOutput);
    child.stderr.on('data', onOutput);
    child.once('exit', (code) => {
      if (!started) reject(new Error(`${name} exited with ${code} before it was ready:\n${output}`));
    });
  });
}

/** SIGTERM, then resolves when the child has exited. */
function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
}

module.exports = { startNode, stopChild };
