import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { check } from '../src/commands/check.js';
import type { Finding, Report } from '../src/report/types.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BIN = path.join(ROOT, 'bin/concord.js');

/** Writes a small repository to a fresh temporary folder and returns its path. */
export function repo(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'concord-test-'));
  for (const [rel, text] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  }
  return dir;
}

/** Runs the library offline on a repository written from `files`. */
export async function checkFiles(files: Record<string, string>, environment?: string): Promise<Report> {
  return check({ dir: repo(files), environment, fingerprintKey: 'test-key', offline: true });
}

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI as a process, as a user or CI would. */
export function cli(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): CliRun {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...opts.env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The CLI as a process without blocking this one: needed when the test process itself serves
 * the local secret manager the CLI talks to.
 */
export function cliAsync(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? ROOT, env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...opts.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status: status ?? -1, stdout, stderr }));
  });
}

/** A compact view of a finding for assertions: rule, message id, services, first located file:line. */
export function summarize(f: Finding) {
  return {
    ruleId: f.ruleId,
    messageId: f.messageId,
    severity: f.severity,
    services: [...new Set(f.services.map((s) => s.service))].sort(),
    locations: f.services.filter((s) => s.source.file).map((s) => `${s.service}@${s.source.file}:${s.source.line ?? ''}`),
  };
}

export function byRule(report: Report, ruleId: string) {
  return report.findings.filter((f) => f.ruleId === ruleId).map(summarize);
}
