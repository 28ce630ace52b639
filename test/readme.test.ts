import { describe, expect, it } from 'vitest';
import { readmeExamples } from '../scripts/readme-examples.js';

describe('README examples', () => {
  const examples = readmeExamples() as { args: string; committed: string; actual: string }[];

  it('has its outputs captured from the real commands', () => {
    expect(examples.length).toBeGreaterThanOrEqual(4);
  });

  it.each(examples.map((e) => [e.args, e] as const))(
    'concord %s prints what the README shows (npm run build && node scripts/readme-examples.js)',
    (_args, e) => {
      expect(e.committed).toBe(e.actual);
    },
  );
});
