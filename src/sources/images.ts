/**
 * The ports well-known server images listen on when nothing in their configuration says
 * otherwise: a `postgres` container answers on 5432 whether or not compose declares it. Images
 * whose port comes from a mounted configuration (nginx, traefik, kafka) are not listed: their
 * port is whatever that file says.
 */
const IMAGE_PORTS: [RegExp, number[]][] = [
  [/^(postgres|postgis|postgresql|timescaledb(-ha)?|pgvector)$/, [5432]],
  [/^(mysql|mariadb|percona|percona-server|mysql-server)$/, [3306]],
  [/^(redis|valkey|keydb|redis-stack-server)$/, [6379]],
  [/^(mongo|mongodb|mongodb-community-server)$/, [27017]],
  [/^rabbitmq$/, [5672]],
  [/^memcached$/, [11211]],
  [/^(elasticsearch|opensearch)$/, [9200, 9300]],
  [/^nats$/, [4222]],
  [/^zookeeper$/, [2181]],
  [/^(cassandra|scylla)$/, [9042]],
];

/** What in a command, its mounts or its environment moves the port: `-p 5433`, `--port`, `port=`, a mounted config file or folder. */
const PORT_OVERRIDE = /(^|\s)(-p|--port)(\s|=|\d)|\bport\s*=|\.conf\b|\.cnf\b|\.ini\b|\.ya?ml\b|--config|:\/etc\/|\/conf\.d|\/config\b/i;

/**
 * The ports an image listens on by default, or none when the image is not a known server or when
 * its command, its mounts or its environment may move the port (`PGPORT`, `REDIS_PORT_NUMBER`, a config file).
 */
export function imagePorts(image: string, command: string, envKeys: readonly string[]): { name: string; ports: number[] } | undefined {
  const ref = image.trim().toLowerCase().split('@')[0]!;
  const slash = ref.lastIndexOf('/');
  const colon = ref.indexOf(':', slash + 1);
  const name = ref.slice(slash + 1, colon < 0 ? undefined : colon);
  const tag = colon < 0 ? '' : ref.slice(colon + 1);
  const known = IMAGE_PORTS.find(([re]) => re.test(name));
  if (!known || PORT_OVERRIDE.test(command) || envKeys.some((k) => /PORT/i.test(k))) return undefined;
  // The management tags of rabbitmq also serve the web console.
  const ports = name === 'rabbitmq' && tag.includes('management') ? [...known[1], 15672] : known[1];
  return { name, ports };
}
