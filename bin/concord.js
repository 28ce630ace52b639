#!/usr/bin/env node
// The thin bin: all logic is in run(), which tests call in-process.
import { run } from '../dist/bin/concord.js';

const result = await run(process.argv.slice(2), { cwd: process.cwd(), env: process.env, stdoutIsTTY: Boolean(process.stdout.isTTY) });
if (result.stdout) process.stdout.write(result.stdout);
if (result.stderr) process.stderr.write(result.stderr);
process.exitCode = result.exitCode;
