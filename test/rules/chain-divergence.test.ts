import { manifest, ruleTable } from './harness.js';

ruleTable('chain-divergence', [
  {
    name: 'warns when services read the same setting through different variables',
    files: {
      'concord.yaml': manifest('  a:\n    env: [a.env]\n    settings: { jwt: [JWT_SECRET] }\n  b:\n    env: [b.env]\n    settings: { jwt: [JWT_SECRET_STAGING, JWT_SECRET_KEY] }', '  - rule: chain-divergence'),
      'a.env': 'JWT_SECRET=value-one-two-three\n',
      'b.env': 'JWT_SECRET_KEY=value-one-two-three\n',
    },
    expect: [{ messageId: 'differentLinks', services: ['a', 'b'], severity: 'warning', locations: ['a@a.env:1', 'b@b.env:1'] }],
  },
  {
    name: 'warns when the same variable comes from different kinds of source',
    files: {
      'concord.yaml': manifest('  a:\n    env: [a.env]\n    settings: { x: [X] }\n  b:\n    config: [b.yaml]\n    settings: { x: [X] }', '  - rule: chain-divergence'),
      'a.env': 'X=1\n',
      'b.yaml': 'X: 1\n',
    },
    expect: [{ messageId: 'differentLinks', services: ['a', 'b'] }],
  },
  {
    name: 'is quiet when every service takes the same link',
    files: {
      'concord.yaml': manifest('  a:\n    env: [a.env]\n    settings: { x: [X] }\n  b:\n    env: [b.env]\n    settings: { x: [Y, X] }', '  - rule: chain-divergence'),
      'a.env': 'X=1\n',
      'b.env': 'X=1\n',
    },
    expect: [],
  },
]);
