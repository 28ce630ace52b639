import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    // Cloud SDKs must never probe metadata addresses from a test: fake static credentials, no
    // metadata lookups. Tests talk only to the local servers in test/servers/.
    env: {
      AWS_EC2_METADATA_DISABLED: 'true',
      METADATA_SERVER_DETECTION: 'none',
      AWS_ACCESS_KEY_ID: 'AKIDTESTTESTTEST',
      AWS_SECRET_ACCESS_KEY: 'test-secret-access-key',
      AWS_REGION: 'eu-west-1',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      NO_COLOR: '1',
    },
  },
});
