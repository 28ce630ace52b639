// A local AWS Secrets Manager speaking the real wire protocol (AWS JSON 1.1 over HTTP): the
// official client is pointed at it, never mocked. Loopback only. Used by tests, bench and the demo.
import { createServer } from 'node:http';

/**
 * @typedef {{ string?: string, binary?: Buffer, versionId?: string, stages?: string[] }} Version
 * @typedef {{ versions: Version[], deny?: boolean, throttle?: number, fail?: number, hang?: boolean }} Secret
 * @param {{ secrets?: Record<string, Secret | string>, latencyMs?: number, region?: string, batchDenied?: boolean, rejectAccessKey?: string }} [options]
 *   rejectAccessKey: requests signed with this access key id get UnrecognizedClientException
 */
export async function startAwsSecretsManager(options = {}) {
  const region = options.region ?? 'eu-west-1';
  /** @type {Map<string, Secret>} */
  const secrets = new Map();
  for (const [name, s] of Object.entries(options.secrets ?? {})) {
    secrets.set(name, typeof s === 'string' ? { versions: [{ string: s, stages: ['AWSCURRENT'], versionId: 'v1' }] } : s);
  }
  const calls = { total: 0, byTarget: /** @type {Record<string, number>} */ ({}) };
  const arnOf = (name) => `arn:aws:secretsmanager:${region}:123456789012:secret:${name}-AbCdEf`;
  const lookup = (id) => {
    if (secrets.has(id)) return [id, secrets.get(id)];
    for (const [name, s] of secrets) if (id === arnOf(name) || id.startsWith(`arn:aws:secretsmanager:${region}:123456789012:secret:${name}`)) return [name, s];
    return [undefined, undefined];
  };
  const pending = new Set();

  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '').replace('secretsmanager.', '');
      calls.total++;
      calls.byTarget[target] = (calls.byTarget[target] ?? 0) + 1;
      const reply = (status, payload) => {
        const send = () => {
          res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': `req-${calls.total}` });
          res.end(JSON.stringify(payload));
        };
        if (options.latencyMs) setTimeout(send, options.latencyMs);
        else send();
      };
      const error = (status, type, message) => reply(status, { __type: type, message });
      const auth = String(req.headers.authorization ?? '');
      if (!auth.startsWith('AWS4-HMAC-SHA256')) return error(400, 'IncompleteSignature', 'Authorization header requires a signature');
      if (options.rejectAccessKey && auth.includes(`Credential=${options.rejectAccessKey}/`)) {
        return error(400, 'UnrecognizedClientException', 'The security token included in the request is invalid.');
      }
      let input;
      try {
        input = JSON.parse(body || '{}');
      } catch {
        return error(400, 'SerializationException', 'bad JSON');
      }

      /** @returns {[number, any] | 'hang'} */
      const secretValueOf = (id, versionId, versionStage) => {
        const [name, s] = lookup(id);
        if (!s) return [400, { __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." }];
        if (s.hang) return 'hang';
        if (s.deny) return [400, { __type: 'AccessDeniedException', message: 'User is not authorized to perform: secretsmanager:GetSecretValue' }];
        if (s.throttle && s.throttle > 0) {
          s.throttle--;
          return [400, { __type: 'ThrottlingException', message: 'Rate exceeded' }];
        }
        if (s.fail && s.fail > 0) {
          s.fail--;
          return [500, { __type: 'InternalServiceError', message: 'internal error' }];
        }
        const v = s.versions.find((x) => (versionId ? x.versionId === versionId : (x.stages ?? []).includes(versionStage ?? 'AWSCURRENT')));
        if (!v) return [400, { __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret value for staging label" }];
        return [
          200,
          {
            ARN: arnOf(name),
            Name: name,
            VersionId: v.versionId,
            VersionStages: v.stages,
            CreatedDate: 1700000000,
            ...(v.binary ? { SecretBinary: v.binary.toString('base64') } : { SecretString: v.string }),
          },
        ];
      };

      if (target === 'GetSecretValue') {
        const r = secretValueOf(input.SecretId, input.VersionId, input.VersionStage);
        if (r === 'hang') return void pending.add(res);
        return reply(r[0], r[1]);
      }
      if (target === 'BatchGetSecretValue') {
        if (options.batchDenied) return error(400, 'AccessDeniedException', 'not authorized to perform: secretsmanager:BatchGetSecretValue');
        const ids = input.SecretIdList ?? [];
        if (ids.length > 20) return error(400, 'InvalidParameterException', 'at most 20 ids');
        const SecretValues = [];
        const Errors = [];
        for (const id of ids) {
          const r = secretValueOf(id);
          if (r === 'hang') return void pending.add(res);
          if (r[0] === 200) SecretValues.push(r[1]);
          else if (r[1].__type === 'ThrottlingException' || r[0] >= 500) return reply(r[0], r[1]);
          else Errors.push({ SecretId: id, ErrorCode: r[1].__type, ErrorMessage: r[1].message });
        }
        return reply(200, { SecretValues, Errors });
      }
      if (target === 'ListSecrets') {
        return reply(200, { SecretList: [...secrets.keys()].map((name) => ({ ARN: arnOf(name), Name: name })) });
      }
      return error(400, 'UnknownOperationException', `unknown operation ${target}`);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    endpoint: `http://127.0.0.1:${port}`,
    region,
    calls,
    arnOf,
    async close() {
      for (const res of pending) res.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
