import type { AuditEnvironment } from '../audit-types.js';
import type { ServiceEdge } from '../../graph/edges.js';
import type { Finding } from '../types.js';
import { esc, fileLink, type PageContext } from './common.js';

const NODE_W = 150;
const NODE_H = 46;
const COL_GAP = 240;
const ROW_GAP = 34;
const PAD = 24;

interface Judged {
  edge: ServiceEdge;
  findings: Finding[];
}

/**
 * An edge is red when a finding (not accepted) names its client setting and its client: the
 * port, the credentials or the value disagree; green otherwise.
 */
export function judgeEdges(e: AuditEnvironment): Judged[] {
  return e.graph.edges.map((edge) => ({
    edge,
    findings: e.report.findings.filter(
      (f) =>
        !f.accepted &&
        (f.setting === edge.setting || (edge.via !== undefined && f.vars?.includes(edge.via))) &&
        f.services.some((s) => s.service === edge.client),
    ),
  }));
}

/**
 * The service graph as inline SVG, laid out in columns: callers on the left, the services they
 * call to their right (longest path from a service nobody calls); services with no connection
 * in a row below. No layout library: a platform has tens of services, not thousands.
 */
export function graphSection(e: AuditEnvironment, ids: Map<Finding, string>, ctx: PageContext): string {
  const judged = judgeEdges(e);
  const { nodes } = e.graph;
  const connected = new Set(judged.flatMap((j) => [j.edge.client, j.edge.target]));
  const layer = layers(
    nodes.map((n) => n.service).filter((s) => connected.has(s)),
    judged.map((j) => j.edge),
  );
  const columns: string[][] = [];
  for (const [svc, l] of layer) (columns[l] ??= []).push(svc);
  const loose = nodes.map((n) => n.service).filter((s) => !connected.has(s));
  const pos = new Map<string, { x: number; y: number }>();
  // Callers stack from the top; each service they call sits level with the mean of its callers,
  // pushed down only as far as needed not to overlap: edges stay short and mostly level.
  columns.forEach((col, i) => {
    const wanted = col.map((svc) => {
      const ys = judged.filter((j) => j.edge.target === svc && pos.has(j.edge.client)).map((j) => pos.get(j.edge.client)!.y);
      return { svc, y: i === 0 || ys.length === 0 ? -1 : ys.reduce((a, b) => a + b, 0) / ys.length };
    });
    if (i > 0) wanted.sort((a, b) => a.y - b.y);
    let floor = PAD;
    for (const w of wanted) {
      const y = Math.max(floor, w.y);
      pos.set(w.svc, { x: PAD + i * (NODE_W + COL_GAP), y });
      floor = y + NODE_H + ROW_GAP;
    }
    col.splice(0, col.length, ...wanted.map((w) => w.svc));
  });
  const graphHeight = Math.max(0, ...[...pos.values()].map((p) => p.y + NODE_H + ROW_GAP - PAD));
  const perRow = Math.max(columns.length * 2, 4);
  const looseTop = PAD + graphHeight + (columns.length ? 24 : 0);
  loose.forEach((svc, i) => pos.set(svc, { x: PAD + (i % perRow) * (NODE_W + 20), y: looseTop + Math.floor(i / perRow) * (NODE_H + ROW_GAP) }));
  const width = Math.max(PAD * 2 + Math.max(columns.length, 1) * (NODE_W + COL_GAP) - COL_GAP, PAD * 2 + Math.min(loose.length, perRow) * (NODE_W + 20));
  const height = looseTop + (loose.length ? Math.ceil(loose.length / perRow) * (NODE_H + ROW_GAP) : 0);

  const pairCount = new Map<string, number>();
  const edgesSvg = judged.map((j, i) => {
    const a = pos.get(j.edge.client)!;
    const b = pos.get(j.edge.target)!;
    const pair = `${j.edge.client}>${j.edge.target}`;
    const k = pairCount.get(pair) ?? 0;
    pairCount.set(pair, k + 1);
    const bad = j.findings.length > 0;
    const x1 = a.x + NODE_W;
    const y1 = a.y + NODE_H / 2 + k * 8;
    const x2 = b.x;
    const y2 = b.y + NODE_H / 2 + k * 8;
    const bend = Math.max(40, Math.abs(x2 - x1) / 2);
    const d =
      x2 > x1
        ? `M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`
        : `M${a.x + NODE_W / 2},${a.y + NODE_H} C${a.x + NODE_W / 2},${a.y + NODE_H + 60} ${b.x + NODE_W / 2},${b.y + NODE_H + 60} ${b.x + NODE_W / 2},${b.y + NODE_H}`;
    const label = j.edge.port === undefined ? j.edge.setting : `${j.edge.setting} :${j.edge.port}`;
    // The label sits where the edge leaves its caller: callers have a row each, so labels never collide.
    const mx = x2 > x1 ? x1 + 10 : a.x + NODE_W / 2;
    const my = x2 > x1 ? y1 - 6 - k * 6 : a.y + NODE_H + 16;
    const why = bad
      ? j.findings.map((f) => f.message).join('\n')
      : `${j.edge.client} → ${j.edge.target}${j.edge.port === undefined ? '' : ` on port ${j.edge.port}`}: no finding`;
    const href = bad ? ` href="#${ids.get(j.findings[0]!)}"` : '';
    return `<a class="edge ${bad ? 'bad' : 'good'}" data-client="${esc(j.edge.client)}" data-target="${esc(j.edge.target)}" data-edge="${i}"${href}><title>${esc(why)}</title><path d="${d}" marker-end="url(#arrow-${bad ? 'bad' : 'good'})"/><text x="${mx}" y="${my}" text-anchor="${x2 > x1 ? 'start' : 'middle'}">${bad ? '✖ ' : ''}${esc(label)}</text></a>`;
  });
  const nodesSvg = nodes.map((n) => {
    const p = pos.get(n.service)!;
    const listens = n.listens.length ? `listens ${n.listens.join(', ')}` : 'no port declared';
    return `<g class="node${connected.has(n.service) ? '' : ' loose'}" data-service="${esc(n.service)}" transform="translate(${p.x},${p.y})"><rect width="${NODE_W}" height="${NODE_H}" rx="8"/><text x="10" y="19" class="name">${esc(n.service)}</text><text x="10" y="36" class="ports">${esc(listens)}</text></g>`;
  });
  const svg = `<svg class="graph" role="img" aria-label="service graph of ${esc(e.environment)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">
  <defs>${['good', 'bad'].map((k) => `<marker id="arrow-${k}" class="arrow ${k}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker>`).join('')}</defs>
  ${edgesSvg.join('\n  ')}
  ${loose.length && columns.length ? `<text class="caption" x="${PAD}" y="${looseTop - 8}">calls nobody, called by nobody:</text>` : ''}
  ${nodesSvg.join('\n  ')}
</svg>`;
  const list = judged.map((j) => {
    const bad = j.findings.length > 0;
    return `<tr class="${bad ? 'bad' : 'good'}" data-client="${esc(j.edge.client)}" data-target="${esc(j.edge.target)}"><td><span class="dot ${bad ? 'bad' : 'good'}"></span>${esc(j.edge.client)} → ${esc(j.edge.target)}</td><td><code>${esc(j.edge.setting)}</code>${j.edge.via ? ` <small class="via">${esc(j.edge.via)}</small>` : ''}</td><td class="num">${j.edge.port}${j.edge.explicitPort ? '' : ' <small>(scheme default)</small>'}</td><td>${fileLink(ctx, j.edge.source?.file, j.edge.source?.line)}</td><td>${bad ? j.findings.map((f) => `<a href="#${ids.get(f)}">${esc(f.message)}</a>`).join('<br>') : '<span class="ok">agrees</span>'}</td></tr>`;
  });
  const bad = judged.filter((j) => j.findings.length > 0).length;
  return `<div class="graph-wrap">${judged.length ? svg : '<p class="muted">No service names another in a URL, host:port or connection string.</p>'}</div>
  ${judged.length ? `<p class="muted">${judged.length} connection${judged.length === 1 ? '' : 's'}, ${bad} with a finding.</p><table class="edges"><thead><tr><th scope="col">connection</th><th scope="col">setting</th><th scope="col">port</th><th scope="col">defined at</th><th scope="col">verdict</th></tr></thead><tbody>${list.join('')}</tbody></table>` : ''}`;
}

/** Column of each service: the longest chain of callers before it (cycles cut after a few rounds). */
function layers(services: string[], edges: ServiceEdge[]): Map<string, number> {
  const layer = new Map(services.map((s) => [s, 0]));
  for (let round = 0; round < services.length; round++) {
    let moved = false;
    for (const e of edges) {
      const want = layer.get(e.client)! + 1;
      if (want > layer.get(e.target)! && want < services.length) {
        layer.set(e.target, want);
        moved = true;
      }
    }
    if (!moved) break;
  }
  return layer;
}
