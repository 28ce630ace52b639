import chainDivergence from '../../src/rules/chain-divergence.js';
import { manifest, ruleTester } from './rule-tester.js';

const rules = [{ rule: 'chain-divergence' }];

ruleTester(chainDivergence, [
  {
    name: 'warns when services read the same setting through different variables',
    files: {
      'concord.yaml': manifest({
        services: {
          a: { env: ['a.env'], settings: { jwt: ['JWT_SECRET'] } },
          b: { env: ['b.env'], settings: { jwt: ['JWT_SECRET_STAGING', 'JWT_SECRET_KEY'] } },
        },
        rules,
      }),
      'a.env': 'JWT_SECRET=value-one-two-three\n',
      'b.env': 'JWT_SECRET_KEY=value-one-two-three\n',
    },
    expect: [{ messageId: 'differentLinks', services: ['a', 'b'], severity: 'warning', locations: ['a@a.env:1', 'b@b.env:1'] }],
  },
  {
    name: 'warns when the same variable comes from different kinds of source',
    files: {
      'concord.yaml': manifest({ services: { a: { env: ['a.env'], settings: { x: ['X'] } }, b: { config: ['b.yaml'], settings: { x: ['X'] } } }, rules }),
      'a.env': 'X=1\n',
      'b.yaml': 'X: 1\n',
    },
    expect: [{ messageId: 'differentLinks', services: ['a', 'b'] }],
  },
  {
    name: 'is quiet when every service takes the same link',
    files: {
      'concord.yaml': manifest({ services: { a: { env: ['a.env'], settings: { x: ['X'] } }, b: { env: ['b.env'], settings: { x: ['Y', 'X'] } } }, rules }),
      'a.env': 'X=1\n',
      'b.env': 'X=1\n',
    },
    expect: [],
  },
]);
