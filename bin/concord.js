#!/usr/bin/env node
// The thin bin: all logic is in run(), which tests call in-process.
import { run } from '../dist/bin/concord.js';

const progress = process.stderr.isTTY ? (line) => process.stderr.write(`\r${line}\u001b[K`) : undefined;
const result = await run(process.argv.slice(2), { cwd: process.cwd(), env: process.env, stdoutIsTTY: Boolean(process.stdout.isTTY), columns: process.stdout.isTTY ? process.stdout.columns : undefined, progress });
if (progress) process.stderr.write('\r\u001b[K');
if (result.stderr) process.stderr.write(result.stderr);
if (result.stdout) process.stdout.write(result.stdout);
process.exitCode = result.exitCode;
