import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { ConfigError } from '../errors.js';
import { LIMITS } from '../limits.js';
import type { Report } from '../report/types.js';
import { readFailure } from '../sources/files.js';

/**
 * A previous `--format json` report, checked against its schema before it is trusted. Only a
 * regular file under the size limit is read: `--baseline /dev/zero` or a FIFO must not hang.
 */
export async function readBaseline(abs: string, shown: string): Promise<Report> {
  const bad = (message: string, cause?: unknown) => new ConfigError('USAGE', [{ file: shown, message }], { cause });
  let text: string;
  let fd: number | undefined;
  try {
    // O_NONBLOCK: opening a FIFO with no writer would otherwise wait forever.
    fd = openSync(abs, constants.O_RDONLY | constants.O_NONBLOCK);
    const st = fstatSync(fd);
    if (!st.isFile()) throw bad('the baseline is not a regular file');
    if (st.size > LIMITS.baselineBytes) throw bad(`the baseline is ${st.size} bytes, over the ${LIMITS.baselineBytes}-byte limit`);
    const buf = Buffer.alloc(st.size);
    let off = 0;
    while (off < st.size) {
      const n = readSync(fd, buf, off, st.size - off, off);
      if (n === 0) break;
      off += n;
    }
    text = buf.subarray(0, off).toString('utf8');
  } catch (cause) {
    if (cause instanceof ConfigError) throw cause;
    throw bad(`cannot read the baseline (${readFailure((cause as NodeJS.ErrnoException).code)})`, cause);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    throw bad('the baseline is not JSON: write it with --format json', cause);
  }
  const { validateReport } = await import('../generated/report-validator.js');
  if (!validateReport(data)) throw bad('the baseline is not a concord JSON report (write it with --format json)');
  return data as Report;
}
