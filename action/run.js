#!/usr/bin/env node
// The GitHub Action's check step: runs the concord package the action installed (built, from the
// registry: nothing is compiled in the user's job) with an argument vector, never a shell string.
// Inputs come as INPUT_* variables (set by action.yml); outputs go to $GITHUB_OUTPUT.
//   exit-code   concord's exit code
//   sarif       "true" when concord wrote the SARIF file (the upload step runs only then)
// Exit 2 (bad invocation or input) and 3 (could not finish) become ::error annotations carrying
// concord's own message, so a failed run says why instead of failing later in the SARIF upload.
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, rmSync } from 'node:fs';
import path from 'node:path';

/** Splits `args` as a POSIX shell would split words: quotes and backslashes, no expansion. */
export function splitArgs(text) {
  const words = [];
  let word = '';
  let inWord = false;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote === "'") {
      if (c === "'") quote = '';
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = '';
      else if (c === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1])) word += text[++i];
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) throw new Error(`args: unterminated ${quote} quote`);
  if (inWord) words.push(word);
  return words;
}

/** A workflow command's data, escaped as the runner expects. */
export function escapeData(s) {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function main() {
  const env = process.env;
  const input = (name) => (env[`INPUT_${name.toUpperCase()}`] ?? '').trim();
  const bin = env.CONCORD_BIN;
  if (!bin) throw new Error('CONCORD_BIN is not set: the install step did not run');
  const sarif = input('sarif') === 'true';
  const sarifFile = path.resolve(env.CONCORD_SARIF_FILE ?? 'concord.sarif');
  rmSync(sarifFile, { force: true });
  let extra;
  try {
    extra = splitArgs(input('args'));
  } catch (err) {
    console.log(`::error title=concord::${escapeData(err.message)}`);
    return finish(2, false);
  }
  const argv = [
    'check',
    input('path') || '.',
    ...(input('environment') ? ['--env', input('environment')] : []),
    ...(sarif ? ['--format', 'sarif', '--output', sarifFile] : []),
    '--format',
    'github',
    ...extra,
  ];
  const r = spawnSync(process.execPath, [bin, ...argv], { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
  process.stderr.write(r.stderr ?? '');
  const code = r.status ?? 3;
  if (code === 2 || code === 3) {
    const message = (r.stderr ?? '')
      .split('\n')
      .filter((l) => l && !l.startsWith('Run "concord --help"'))
      .map((l) => l.replace(/^concord: (error: )?/, ''))
      .join('\n');
    console.log(`::error title=concord exited ${code}::${escapeData(message || `concord exited ${code}`)}`);
  }
  return finish(code, sarif && existsSync(sarifFile));
}

function finish(code, sarifWritten) {
  if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, `exit-code=${code}\nsarif=${sarifWritten}\n`);
  return code;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    main();
  } catch (err) {
    console.log(`::error title=concord::${escapeData(err.message)}`);
    finish(3, false);
  }
}
