import { SCHEME_PORTS, parsePort } from '../sources/ports.js';

/**
 * Where a value says a client connects, in every form real platforms write it: URLs (with
 * several hosts, as MongoDB, Kafka and Redis Sentinel list them), JDBC URLs, `host:port` lists,
 * ADO.NET strings (`Server=db,1433;Password=…`) and libpq keyword strings (`host=db port=5432`).
 * The credentials found on the way are returned to the caller, which fingerprints them and lets
 * them go: an address never reaches a report.
 */
export interface Address {
  host: string;
  /** undefined when nothing says which port (a bare host in a keyword string) */
  port?: number;
  /** the port was written out, not implied by the scheme */
  explicit: boolean;
  scheme?: string;
  user?: string;
  password?: string;
}

const URL = /^([a-z][a-z0-9+.-]*):\/\/(?:([^@/?#]*)@)?([^/?#]*)(?:[/?#].*)?$/is;
const HOST_PORT = /^([a-z0-9_.{}$-]+|\[[0-9a-f:.]+\]):(\d{1,5})$/i;

export function addressesIn(value: string): Address[] {
  const v = value.trim();
  if (v.length === 0 || v.length > 4096) return [];
  return parse(v).filter((a) => a.host.length <= 253);
}

function parse(v: string): Address[] {
  const url = URL.exec(v.replace(/^jdbc:/i, ''));
  if (url) return fromUrl(url[1]!, url[2], url[3]!);
  if (/[;=]/.test(v)) return fromKeywords(v);
  // `kafka-1:9092,kafka-2:9092`: a broker list, each one a host:port.
  const parts = v.split(/\s*,\s*/);
  const listed = parts.map((p) => HOST_PORT.exec(p));
  if (listed.every(Boolean)) return listed.flatMap((m) => withPort(m![1]!, m![2]!, {}));
  return [];
}

function fromUrl(rawScheme: string, userinfo: string | undefined, hostList: string): Address[] {
  const scheme = rawScheme.toLowerCase().split('+')[0]!;
  const creds = userinfo === undefined ? {} : credentials(userinfo);
  const out: Address[] = [];
  // SQL Server's JDBC form keeps its properties after `;`: `sqlserver://db:1433;databaseName=x`.
  for (const part of hostList.split(';')[0]!.split(',')) {
    const m = /^(\[[^\]]*\]|[^:]*)(?::(\d{1,5}))?$/.exec(part.trim());
    if (!m?.[1]) continue;
    if (m[2] !== undefined) out.push(...withPort(m[1], m[2], { scheme, ...creds }));
    else if (SCHEME_PORTS[scheme] !== undefined) out.push({ host: m[1], port: SCHEME_PORTS[scheme], explicit: false, scheme, ...creds });
  }
  return out;
}

function credentials(userinfo: string): { user?: string; password?: string } {
  const colon = userinfo.indexOf(':');
  const user = decode(colon < 0 ? userinfo : userinfo.slice(0, colon));
  const password = colon < 0 ? undefined : decode(userinfo.slice(colon + 1));
  return { ...(user ? { user } : {}), ...(password !== undefined ? { password } : {}) };
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const HOST_KEYS = new Set(['server', 'host', 'hostname', 'data source', 'address', 'addr', 'network address']);
const PORT_KEYS = new Set(['port']);
const USER_KEYS = new Set(['user id', 'userid', 'uid', 'user', 'username', 'user name']);
const PASSWORD_KEYS = new Set(['password', 'pwd', 'pass']);

/** `Server=tcp:db,1433;User Id=app;Password=…` (ADO.NET) or `host=db port=5432 user=app` (libpq). */
function fromKeywords(v: string): Address[] {
  const pairs = v.includes(';') ? v.split(';') : v.split(/\s+/);
  const found: { host?: string; port?: string; user?: string; password?: string } = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq < 0) continue;
    const key = pair.slice(0, eq).trim().toLowerCase();
    const val = pair
      .slice(eq + 1)
      .trim()
      .replace(/^'(.*)'$/s, '$1');
    if (HOST_KEYS.has(key)) found.host = val;
    else if (PORT_KEYS.has(key)) found.port = val;
    else if (USER_KEYS.has(key)) found.user = val;
    else if (PASSWORD_KEYS.has(key)) found.password = val;
  }
  if (!found.host) return [];
  // SQL Server writes `tcp:host,port`; MySQL's .NET connector may write `host:port`.
  const m = /^(?:tcp:)?([^,:]+)(?:[,:](\d{1,5}))?$/i.exec(found.host);
  if (!m) return [];
  const creds = { ...(found.user ? { user: found.user } : {}), ...(found.password !== undefined ? { password: found.password } : {}) };
  const port = m[2] ?? found.port;
  if (port !== undefined) return withPort(m[1]!, port, creds);
  return [{ host: m[1]!, explicit: false, ...creds }];
}

function withPort(host: string, port: string, rest: Omit<Address, 'host' | 'port' | 'explicit'>): Address[] {
  const n = parsePort(port);
  return n === undefined ? [] : [{ host, port: n, explicit: true, ...rest }];
}
