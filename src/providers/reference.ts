/**
 * Secret manager references, recognised wherever a value appears. A reference is an identifier,
 * not a secret: reports may show it. Fetching the value behind it is a provider's job.
 */
export interface SecretRef {
  provider: 'aws-sm' | 'gcp-sm';
  /** AWS: secret id or ARN; GCP: projects/<p>/secrets/<s> */
  id: string;
  jsonKey?: string;
  /** AWS version stage or id, GCP version */
  version?: string;
  versionKind?: 'stage' | 'id';
  /** one spelling per secret version and key: two references are the same when this is */
  canonical: string;
}

const AWS_URI = /^aws-sm:\/\/([^#?]+)(?:#([^?]+))?(?:\?(version-stage|version-id)=([^&]+))?$/;
const AWS_ARN = /^(arn:aws[\w-]*:secretsmanager:[\w-]+:\d{12}:secret:[\w/+=.@-]+?)(?::([^:]*)(?::([^:]*)(?::([^:]*))?)?)?$/;
const GCP_URI = /^gcp-sm:\/\/(projects\/[^/#]+\/secrets\/[^/#]+)(?:\/versions\/([^/#]+))?(?:#(.+))?$/;
const GCP_BARE = /^(projects\/[\w-]+\/secrets\/[\w-]+)\/versions\/([\w-]+)$/;

export function parseSecretRef(value: string): SecretRef | undefined {
  const v = value.trim();
  let m = AWS_URI.exec(v);
  if (m) return aws(m[1]!, m[2], m[3] === 'version-id' ? 'id' : m[3] ? 'stage' : undefined, m[4]);
  m = AWS_ARN.exec(v);
  if (m) {
    const [, arn, key, stage, versionId] = m;
    if (versionId) return aws(arn!, key || undefined, 'id', versionId);
    return aws(arn!, key || undefined, stage ? 'stage' : undefined, stage || undefined);
  }
  m = GCP_URI.exec(v) ?? GCP_BARE.exec(v);
  if (m) {
    const version = m[2] ?? 'latest';
    const jsonKey = m[3];
    return {
      provider: 'gcp-sm',
      id: m[1]!,
      version,
      jsonKey,
      canonical: `gcp-sm://${m[1]}/versions/${version}${jsonKey ? `#${jsonKey}` : ''}`,
    };
  }
  return undefined;
}

function aws(id: string, jsonKey: string | undefined, versionKind: 'stage' | 'id' | undefined, version: string | undefined): SecretRef {
  const stage = versionKind ? `?version-${versionKind}=${version}` : '';
  return {
    provider: 'aws-sm',
    id,
    jsonKey,
    version: versionKind ? version : undefined,
    versionKind,
    canonical: `aws-sm://${id}${jsonKey ? `#${jsonKey}` : ''}${stage === '?version-stage=AWSCURRENT' ? '' : stage}`,
  };
}
