import { createAppLogsStub } from '@applogs/client-grpc';
import { parseCommandLine, UsageError, type TailCommandLine } from './cli-args';
import { colourWanted, OutputFormatter } from './output';
import { TailCommand } from './tail-command';
import { packageVersion } from './version';

// Entry point of `applogs` (bin/applogs.js): parse, run, and exit with the status the README documents.

const EXIT_INTERRUPTED = 130;

async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  let command;
  try {
    command = parseCommandLine(argv, env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`applogs: ${error.message} (see '${error.hint}')\n`);
    return 2;
  }
  switch (command.kind) {
    case 'help':
      process.stdout.write(command.text);
      return 0;
    case 'version':
      process.stdout.write(`applogs ${packageVersion()}\n`);
      return 0;
    case 'tail':
      return tail(command.options, env);
  }
}

async function tail(options: TailCommandLine, env: NodeJS.ProcessEnv): Promise<number> {
  const text = options.output === 'text';
  const formatter = new OutputFormatter({
    format: options.output,
    timestamps: options.timestamps,
    colour: text && colourWanted(process.stdout, env),
    dim: text && colourWanted(process.stderr, env),
  });
  const client = createAppLogsStub({ url: options.server, token: env.APPLOGS_TOKEN || undefined });
  const command = new TailCommand(options, { client, stdout: process.stdout, stderr: process.stderr, formatter });

  // `applogs tail ... | head`: the reader went away, which is a normal way to stop.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') command.stop(0);
    else {
      process.stderr.write(`applogs: cannot write the output: ${error.message}\n`);
      command.stop(1);
    }
  });
  process.stderr.on('error', () => undefined);
  let interrupts = 0;
  const interrupt = () => {
    // A second Ctrl-C does not wait for output to flush.
    if (++interrupts > 1) process.exit(EXIT_INTERRUPTED);
    command.stop(EXIT_INTERRUPTED);
  };
  process.on('SIGINT', interrupt);
  try {
    return await command.run();
  } finally {
    client.close();
  }
}

/** Exits once what was written has reached stdout and stderr (process.exit alone can cut a pipe's tail). */
function exitAfterFlush(code: number): void {
  const flushed = [process.stdout, process.stderr].map(
    (stream) =>
      new Promise<void>((resolve) => {
        if (stream.destroyed || stream.writableEnded) return resolve();
        stream.write('', () => resolve());
      }),
  );
  Promise.all(flushed).then(() => process.exit(code));
}

main(process.argv.slice(2), process.env).then(exitAfterFlush, (error: unknown) => {
  process.stderr.write(`applogs: ${(error as Error)?.message ?? String(error)}\n`);
  exitAfterFlush(1);
});
