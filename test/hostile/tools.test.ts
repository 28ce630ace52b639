import { afterEach, describe, expect, it, vi } from 'vitest';
import { onPath, toolAvailable } from '../tools.js';

describe('tests that need an outside tool', () => {
  const ci = process.env.CI;
  afterEach(() => {
    if (ci === undefined) delete process.env.CI;
    else process.env.CI = ci;
    vi.restoreAllMocks();
  });

  it('skip with a printed reason on a machine without the tool', () => {
    delete process.env.CI;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(toolAvailable('Chromium', false, 'apt-get install chromium')).toBe(false);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^SKIPPED: tests that need Chromium: it is not installed here \(apt-get install chromium;/));
  });

  it('run (and so fail, saying what is missing) under CI=true', () => {
    process.env.CI = 'true';
    expect(toolAvailable('pre-commit', false, 'apt-get install pre-commit')).toBe(true);
  });

  it('a command that does not exist is not on the PATH', () => {
    expect(onPath('concord-no-such-tool-xyz')).toBe(false);
    expect(onPath(process.execPath)).toBe(true);
  });
});
