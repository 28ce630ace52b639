import { describe, expect, it } from 'vitest';
import { KNOWN_RULES } from '../../src/manifest/load.js';
import { namedOptions } from '../../src/manifest/rule-names.js';
import { namedOptions as rulesNamedOptions } from '../../src/rules/defaults.js';

describe('the options the manifest loader checks as names', () => {
  // The loader reads rules/defaults.json itself (it sits below src/rules): it must agree with the rules.
  it.each(KNOWN_RULES)('%s: the same as the rule says', (id) => {
    expect(namedOptions(id)).toEqual(rulesNamedOptions(id));
  });
});
