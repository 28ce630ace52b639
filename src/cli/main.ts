import { run } from './run.js';

export { run };

/**
 * The process around run(): argv and the terminal in, output and exit code out. bin/concord.js
 * only enables Node's compile cache and calls this.
 */
export async function main(): Promise<void> {
  // A reader that stops early (`concord check | head -1`) closes the pipe: end quietly with the
  // run's own exit code, never with a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err && err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      process.exit(3);
    });
  }

  // Last line of defence: a library promise rejecting where nobody awaits it is an incomplete run,
  // said in one line, never a stack trace with exit 1 ("configuration diverges").
  process.on('unhandledRejection', (err: unknown) => {
    const name = err && typeof (err as Error).name === 'string' ? (err as Error).name : 'Error';
    process.stderr.write(`concord: internal error (${name}): the run could not finish\n`);
    process.exit(3);
  });

  const progress = process.stderr.isTTY ? (line: string) => process.stderr.write(`\r${line}\u001b[K`) : undefined;
  const result = await run(process.argv.slice(2), {
    cwd: process.cwd(),
    env: process.env,
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    columns: process.stdout.isTTY ? process.stdout.columns : undefined,
    progress: progress && ((line) => void progress(line)),
  });
  if (progress) process.stderr.write('\r\u001b[K');
  process.exitCode = result.exitCode;
  if (result.stderr) process.stderr.write(result.stderr);
  if (result.stdout) process.stdout.write(result.stdout);
}
