import type { HostName, Model, ResolvedSetting, ServiceModel } from '../model.js';
import { addressesIn, type Address } from './addresses.js';

/**
 * Who calls whom, read from the resolved values: every address a service's settings hold, and
 * `*_HOST` + `*_PORT` pairs, each joined to the service whose name the host is. port-match, the
 * service graph and credential-match all walk these calls, so they agree on what an edge is.
 */

export interface Host {
  service: ServiceModel;
  kind: HostName['kind'];
  servicePorts?: HostName['servicePorts'];
  networks?: string[];
}

export interface Call {
  client: ServiceModel;
  /** the setting holding the host (or the whole address) */
  setting: string;
  resolved: ResolvedSetting;
  /** a `*_PORT` setting paired with a `*_HOST` one: where the port was written */
  portFrom?: ResolvedSetting;
  address: Address;
  /** the variable the address was read from (the setting's name when it is one variable) */
  variable: string;
  /** the variable's name without its address suffix (`DB_HOST` → `DB`): its credentials share it */
  prefix: string;
  /** the service the host names, as the client reaches it; undefined for a host no service has */
  host?: Host;
}

const ADDRESS_SUFFIX =
  /[_.-]?(?:URL|URI|DSN|HOST|HOSTNAME|HOSTS|SEEDS|SERVER|SERVERS|ADDR|ADDRESS|ENDPOINT|BROKERS?|BOOTSTRAP_SERVERS|CONNECTION_STRING|CONN_STR|CONN)$/i;
const HOST_SUFFIX = /^(.*?)([_.-]?)(HOST|HOSTNAME|SEEDS|SERVER|ADDR|ADDRESS)$/i;
const BARE_HOST = /^[a-z][a-z0-9_.-]{0,252}$/i;

/** The prefix credentials of an address setting share: `DATABASE_URL` → `DATABASE`, `redis.host` → `redis`. */
export function addressPrefix(setting: string): string {
  return setting.replace(ADDRESS_SUFFIX, '');
}

export class HostIndex {
  private readonly byName = new Map<string, Host[]>();

  constructor(model: Model) {
    for (const s of model.services.values()) {
      for (const h of s.hostNames) {
        const key = h.name.toLowerCase();
        const list = this.byName.get(key) ?? [];
        if (!list.some((x) => x.service === s && x.kind === h.kind))
          list.push({ service: s, kind: h.kind, servicePorts: h.servicePorts, networks: h.networks });
        this.byName.set(key, list);
      }
    }
  }

  /** Every name some service answers to, as written. */
  names(): string[] {
    return [...this.byName.keys()];
  }

  /**
   * The service a client reaches under a name: compose names resolve only on the docker networks
   * they are attached to, so two compose projects' `db` services are different targets, and one
   * the client shares no network with is none. A Kubernetes Service named like its Deployment
   * (the usual layout) is how clients reach it: its port → targetPort wins over the bare name.
   */
  reach(name: string, client: ServiceModel | undefined): Host | undefined {
    const candidates = this.byName.get(name.toLowerCase());
    if (!candidates) return undefined;
    const mine = client?.networks;
    const shares = (h: Host) => Boolean(h.networks && mine && h.networks.some((n) => mine.includes(n)));
    const visible = candidates.filter((h) => !h.networks || !mine || shares(h));
    return visible.find(shares) ?? visible.find((h) => h.kind === 'k8s-service') ?? visible[0];
  }
}

/** The setting of a service that resolved through a variable (in zero-config, the variable's own). */
export function settingReading(s: ServiceModel, variable: string): ResolvedSetting | undefined {
  for (const r of s.settings.values()) if (r.via === variable && r.linkIndex !== null) return r;
  return s.settings.get(variable);
}

/** Every call of a model: port-match, consistent and credential-match all ask, once computed. */
const allCalls = new WeakMap<Model, Call[]>();

/** Every call the model's services make through the given settings (all settings by default). */
export function callsOf(model: Model, settings?: ReadonlySet<string>, hosts?: HostIndex): Call[] {
  if (settings || hosts) return computeCalls(model, settings, hosts ?? new HostIndex(model));
  let calls = allCalls.get(model);
  if (!calls) allCalls.set(model, (calls = computeCalls(model, undefined, new HostIndex(model))));
  return calls;
}

function computeCalls(model: Model, settings: ReadonlySet<string> | undefined, hosts: HostIndex): Call[] {
  const calls: Call[] = [];
  for (const client of model.services.values()) {
    for (const [setting, r] of client.settings) {
      if (settings && !settings.has(setting)) continue;
      if (r.linkIndex === null || r.value === undefined) continue;
      // A secret is read as an address only when it is a URL, whose host and port are not the
      // secret part: `ADMIN_SECRET=admin:48213` is a password, and its digits are no port to print.
      if (r.secret && !/^[a-z][a-z0-9+.-]*:\/\//i.test(r.value.trim())) continue;
      for (const address of addressesIn(r.value)) calls.push(call(client, setting, r, address, hosts));
      // `DB_HOST=db` + `DB_PORT=5432`: the port is where the pair's port variable says. Pairs are
      // read by variable (a manifest names its settings as it likes).
      const variable = r.via && r.via !== 'literal' && r.via !== 'ref' ? r.via : setting;
      const pair = HOST_SUFFIX.exec(variable);
      if (!pair || !BARE_HOST.test(r.value.trim()) || /^\d/.test(r.value.trim())) continue;
      const portVar = `${pair[1]}${pair[2]}${pair[3] === pair[3]!.toUpperCase() ? 'PORT' : 'port'}`;
      const portFrom = settingReading(client, portVar);
      const port = portFrom?.linkIndex !== null && portFrom?.value !== undefined ? Number(portFrom.value.trim()) : undefined;
      const known = port !== undefined && Number.isInteger(port) && port > 0 && port < 65536;
      calls.push(call(client, setting, r, { host: r.value.trim(), ...(known ? { port } : {}), explicit: known }, hosts, known ? portFrom : undefined));
    }
  }
  return calls;
}

function call(client: ServiceModel, setting: string, resolved: ResolvedSetting, address: Address, hosts: HostIndex, portFrom?: ResolvedSetting): Call {
  const host = hosts.reach(address.host, client);
  const variable = resolved.via && resolved.via !== 'literal' && resolved.via !== 'ref' ? resolved.via : setting;
  return { client, setting, resolved, ...(portFrom ? { portFrom } : {}), address, variable, prefix: addressPrefix(variable), ...(host ? { host } : {}) };
}
