// A local GCP Secret Manager: a gRPC server built from the .proto files shipped with the official
// client (AccessSecretVersion with the payload's CRC32C). The real client is pointed at it in
// plaintext. Loopback only. Used by tests, bench and the demo.
import { createRequire } from 'node:module';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

const require = createRequire(import.meta.url);
const clientProtos = path.join(path.dirname(require.resolve('@google-cloud/secret-manager/package.json')), 'build/protos');
const gaxProtos = path.join(path.dirname(require.resolve('google-gax')), '..', 'protos');

/** CRC32C (Castagnoli), as the service computes it for the payload. */
function crc32c(buf) {
  let crc = 0xffffffff;
  for (const byte of buf) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * @param {{ secrets?: Record<string, string | { versions: Record<string, string>, deny?: boolean, hang?: boolean }> }} [options]
 *   keys are `projects/<p>/secrets/<s>`; a string is the value of its only version (1, also `latest`)
 */
export async function startGcpSecretManager(options = {}) {
  const definition = protoLoader.loadSync(path.join(clientProtos, 'google/cloud/secretmanager/v1/service.proto'), {
    includeDirs: [clientProtos, gaxProtos],
    longs: String,
    defaults: true,
  });
  const proto = /** @type {any} */ (grpc.loadPackageDefinition(definition));
  const secrets = new Map(Object.entries(options.secrets ?? {}).map(([k, v]) => [k, typeof v === 'string' ? { versions: { 1: v } } : v]));
  const calls = { total: 0 };
  const hanging = new Set();
  const server = new grpc.Server();
  server.addService(proto.google.cloud.secretmanager.v1.SecretManagerService.service, {
    AccessSecretVersion(call, callback) {
      calls.total++;
      const m = /^(projects\/[^/]+\/secrets\/[^/]+)\/versions\/([^/]+)$/.exec(call.request.name);
      const s = m ? secrets.get(m[1]) : undefined;
      if (!m || !s) return callback({ code: grpc.status.NOT_FOUND, details: `Secret [${call.request.name}] not found or has no versions.` });
      if (s.deny) return callback({ code: grpc.status.PERMISSION_DENIED, details: "Permission 'secretmanager.versions.access' denied" });
      if (s.hang) return void hanging.add(callback);
      const ids = Object.keys(s.versions).sort((a, b) => Number(a) - Number(b));
      const id = m[2] === 'latest' ? ids.at(-1) : m[2];
      const value = id === undefined ? undefined : s.versions[id];
      if (value === undefined) return callback({ code: grpc.status.NOT_FOUND, details: `Secret Version [${call.request.name}] not found.` });
      const data = Buffer.from(value, 'utf8');
      callback(null, { name: `${m[1]}/versions/${id}`, payload: { data, dataCrc32c: String(crc32c(data)) } });
    },
  });
  const port = await new Promise((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  return {
    endpoint: `127.0.0.1:${port}`,
    calls,
    async close() {
      for (const cb of hanging) cb({ code: grpc.status.CANCELLED, details: 'server closing' });
      server.forceShutdown();
    },
  };
}
