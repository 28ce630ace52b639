import type { Entry, PortClaim } from '../model.js';
import { parsePort, portsInCommand } from './ports.js';
import { mapEntries, mapGet, scalarString, seqItems, type YamlFile } from './yaml-doc.js';

export interface ComposeService {
  /** `environment:` entries, values as written (compose interpolation happens in resolve) */
  environment: Entry[];
  envFiles: { path: string; required: boolean; line?: number }[];
  /** container ports: `ports:` targets, `expose:`, health-check ports */
  ports: PortClaim[];
  /** names other containers reach it by: the service name, container_name, hostname, aliases */
  names: string[];
}

/** The services a compose file defines. */
export function composeServiceNames(y: YamlFile): string[] {
  const doc = y.docs[0];
  if (!doc) return [];
  return mapEntries(doc, mapGet(doc, doc.contents, 'services')).map((e) => e.key);
}

/** One service of a docker-compose file, or undefined when the file has no such service. */
export function readComposeService(y: YamlFile, service: string): ComposeService | undefined {
  const doc = y.docs[0];
  if (!doc) return undefined;
  const node = mapGet(doc, mapGet(doc, doc.contents, 'services'), service);
  if (!node) return undefined;
  const file = y.file;
  const src = (n: unknown) => ({ kind: 'compose' as const, file, line: y.line(n) });

  const environment: Entry[] = [];
  const env = mapGet(doc, node, 'environment');
  for (const item of seqItems(doc, env)) {
    const s = scalarString(doc, item) ?? '';
    const eq = s.indexOf('=');
    // `- KEY` without a value passes the variable through from the shell: nothing to compare.
    if (eq > 0) environment.push({ key: s.slice(0, eq), value: s.slice(eq + 1), source: src(item) });
  }
  for (const e of mapEntries(doc, env)) {
    const v = scalarString(doc, e.value);
    if (e.value !== undefined && v !== undefined) environment.push({ key: e.key, value: v, source: src(e.value) });
  }

  const envFiles: ComposeService['envFiles'] = [];
  const ef = mapGet(doc, node, 'env_file');
  const efItems = scalarString(doc, ef) !== undefined ? [ef] : seqItems(doc, ef);
  for (const item of efItems) {
    const plain = scalarString(doc, item);
    if (plain !== undefined) envFiles.push({ path: plain, required: true, line: y.line(item) });
    else {
      const p = scalarString(doc, mapGet(doc, item, 'path'));
      const req = scalarString(doc, mapGet(doc, item, 'required'));
      if (p) envFiles.push({ path: p, required: req !== 'false', line: y.line(item) });
    }
  }

  const ports: PortClaim[] = [];
  for (const item of seqItems(doc, mapGet(doc, node, 'ports'))) {
    const short = scalarString(doc, item);
    const target = short !== undefined ? shortPortTarget(short) : parsePort(scalarString(doc, mapGet(doc, item, 'target')) ?? '');
    if (target !== undefined) ports.push({ port: target, via: 'compose ports', source: src(item) });
  }
  for (const item of seqItems(doc, mapGet(doc, node, 'expose'))) {
    const p = parsePort((scalarString(doc, item) ?? '').split('/')[0]!);
    if (p !== undefined) ports.push({ port: p, via: 'compose expose', source: src(item) });
  }
  const test = mapGet(doc, mapGet(doc, node, 'healthcheck'), 'test');
  const cmd = scalarString(doc, test) ?? seqItems(doc, test).map((i) => scalarString(doc, i) ?? '').join(' ');
  for (const p of portsInCommand(cmd)) ports.push({ port: p, via: 'compose healthcheck', source: src(test) });

  const names = [service];
  for (const key of ['container_name', 'hostname']) {
    const v = scalarString(doc, mapGet(doc, node, key));
    if (v) names.push(v);
  }
  for (const net of mapEntries(doc, mapGet(doc, node, 'networks'))) {
    for (const a of seqItems(doc, mapGet(doc, net.value, 'aliases'))) {
      const v = scalarString(doc, a);
      if (v) names.push(v);
    }
  }
  return { environment, envFiles, ports, names };
}

/** `8080`, `9000:8080`, `127.0.0.1:9000:8080/tcp` → 8080 (the container side). */
function shortPortTarget(spec: string): number | undefined {
  const noProto = spec.split('/')[0]!;
  const last = noProto.slice(noProto.lastIndexOf(':') + 1);
  return parsePort(last);
}
