import { spawnSync } from 'node:child_process';

/**
 * Whether a test may use an outside tool (Chromium, pre-commit). Missing on a developer's machine:
 * the tests that need it are skipped, and the reason is printed. Missing under CI=true (where
 * .ci/run installs it): they run and fail, saying what is missing.
 */
export function toolAvailable(tool: string, found: boolean, install: string): boolean {
  if (found) return true;
  if (process.env.CI === 'true' || process.env.CI === '1') return true;
  console.warn(`SKIPPED: tests that need ${tool}: it is not installed here (${install}; .ci/run installs it, and under CI=true these tests fail instead)`);
  return false;
}

export function onPath(command: string, args = ['--version']): boolean {
  const r = spawnSync(command, args, { encoding: 'utf8', timeout: 30_000 });
  return !r.error && r.status === 0;
}
