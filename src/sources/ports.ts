/** Ports named in URLs and host:port strings, with the defaults of common schemes. */

export const SCHEME_PORTS: Readonly<Record<string, number>> = {
  http: 80,
  ws: 80,
  https: 443,
  wss: 443,
  grpc: 80,
  grpcs: 443,
  postgres: 5432,
  postgresql: 5432,
  mysql: 3306,
  mariadb: 3306,
  sqlserver: 1433,
  mssql: 1433,
  redis: 6379,
  rediss: 6379,
  amqp: 5672,
  amqps: 5671,
  mongodb: 27017,
  nats: 4222,
  kafka: 9092,
};

export interface Endpoint {
  host: string;
  port: number;
  /** the port was written out, not implied by the scheme */
  explicit: boolean;
  scheme?: string;
}

/** Parses `scheme://[user[:pass]@]host[:port][/…]` or `host:port`; undefined when it is neither. */
export function parseEndpoint(value: string): Endpoint | undefined {
  const v = value.trim();
  const url = /^([a-z][a-z0-9+.-]*):\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)(?::(\d{1,5}))?(?:[/?#].*)?$/i.exec(v);
  if (url) {
    const scheme = url[1]!.toLowerCase().split('+')[0]!;
    const host = url[2]!;
    if (!host) return undefined;
    if (url[3] !== undefined) return port(Number(url[3]), { host, explicit: true, scheme });
    const def = SCHEME_PORTS[scheme];
    return def === undefined ? undefined : { host, port: def, explicit: false, scheme };
  }
  const hp = /^([a-z0-9_.{}$-]+):(\d{1,5})$/i.exec(v);
  if (hp) return port(Number(hp[2]), { host: hp[1]!, explicit: true });
  return undefined;
}

function port(n: number, rest: Omit<Endpoint, 'port'>): Endpoint | undefined {
  return n > 0 && n < 65536 ? { ...rest, port: n } : undefined;
}

/** A value that is a plain port number. */
export function parsePort(value: string | number): number | undefined {
  const s = String(value).trim();
  if (!/^\d{1,5}$/.test(s)) return undefined;
  const n = Number(s);
  return n > 0 && n < 65536 ? n : undefined;
}

/** Ports in a health-check command such as `curl -f http://localhost:8080/health`. */
export function portsInCommand(cmd: string): number[] {
  const out: number[] = [];
  for (const m of cmd.matchAll(/(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\]|\$\{?[A-Z_]+\}?):(\d{1,5})\b/g)) {
    const p = parsePort(m[1]!);
    if (p !== undefined) out.push(p);
  }
  return out;
}
