// The mesh view: draws /v1/graph/stream as a graph laid out left to right by call depth, services boxing their
// versions' workloads (Kiali's versioned-app graph); a click on a node lists its routes and policies.
'use strict';

const SVG = 'http://www.w3.org/2000/svg';
const COLUMN = 400, NODE_W = 150, NODE_H = 30, GAP = 12, PAD = 22, TOP = 30, LEFT = 30;
const graphEl = document.getElementById('graph');
const panel = document.getElementById('panel');
const status = document.getElementById('status');
let selected = null;

function el(name, attrs, parent, text) {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  if (parent) parent.appendChild(e);
  return e;
}

// Longest call path from a caller outside the mesh, the gateway or any node nobody calls; versions of one service
// share the deepest column among them.
function depths(nodes, edges) {
  const depth = new Map(nodes.map(n => [n.id, 0]));
  for (let pass = 0; pass < nodes.length; pass++) {
    let changed = false;
    for (const e of edges) {
      const d = depth.get(e.source) + 1;
      if (e.source !== e.target && d > depth.get(e.target) && d < nodes.length) { depth.set(e.target, d); changed = true; }
    }
    for (const n of nodes.filter(n => n.kind === 'workload')) {
      const svc = 'svc:' + n.app;
      const d = Math.max(depth.get(n.id), depth.get(svc) ?? 0);
      for (const m of nodes) if ((m.kind === 'workload' && m.app === n.app) || m.id === svc) {
        if (depth.get(m.id) < d) { depth.set(m.id, d); changed = true; }
      }
    }
    if (!changed) break;
  }
  return depth;
}

function layout(graph) {
  const depth = depths(graph.nodes, graph.edges);
  const columns = new Map();
  for (const n of graph.nodes.filter(n => n.kind !== 'service')) {
    const key = n.kind === 'workload' ? 'svc:' + n.app : n.id;
    const col = columns.get(depth.get(n.id)) ?? new Map();
    columns.set(depth.get(n.id), col);
    col.set(key, [...(col.get(key) ?? []), n]);
  }
  const boxes = [], places = new Map();
  for (const [d, groups] of columns) {
    let y = TOP;
    for (const [key, members] of [...groups].sort((a, b) => a[0].localeCompare(b[0]))) {
      const x = LEFT + d * COLUMN, grouped = key.startsWith('svc:');
      const inner = grouped ? PAD : 0;
      members.sort((a, b) => a.id.localeCompare(b.id)).forEach((n, i) => {
        places.set(n.id, { x: x + (grouped ? 12 : 0), y: y + inner + i * (NODE_H + GAP), w: NODE_W, h: NODE_H });
      });
      const h = members.length * (NODE_H + GAP) - GAP + (grouped ? inner + 12 : 0);
      if (grouped) {
        const box = { id: key, app: key.slice(4), x, y, w: NODE_W + 24, h };
        boxes.push(box);
        places.set(key, box);
      }
      y += h + 28;
    }
  }
  return { boxes, places };
}

const fmt = (v, digits = 1) => Number(v).toFixed(digits).replace(/\.0+$/, '');

function edgeLabel(e) {
  const parts = [`${fmt(e.requestRate, 2)} rps`, `${fmt(e.errorRate * 100)}% err`];
  if (e.p99Ms != null) parts.push(`p99 ${fmt(e.p99Ms)} ms`);
  if (e.denials > 0) parts.push(`${e.denials} denied`);
  if (e.rateLimited > 0) parts.push(`RL ${e.rateLimited}`);
  return parts.join(' · ');
}

function edgeClass(e) {
  if (e.denials > 0 || e.errorRate >= 0.2) return 'bad';
  if (e.errorRate > 0 || e.rateLimited > 0) return 'warn';
  return e.requestRate > 0 ? 'ok' : 'idle';
}

// A padlock beside the label of an edge that mutual TLS carried (drawn: emoji fonts are not everywhere).
function lock(parent, x, y) {
  const g = el('g', { class: 'lock', transform: `translate(${x},${y - 9})` }, parent);
  el('title', {}, g, 'mutual TLS');
  el('path', { d: 'M2.5,5 V3.5 a2.5,2.5 0 0 1 5,0 V5', fill: 'none' }, g);
  el('rect', { x: 1, y: 5, width: 8, height: 6, rx: 1 }, g);
}

function render(graph) {
  const { boxes, places } = layout(graph);
  graphEl.replaceChildren();
  el('defs', {}, graphEl).innerHTML =
    '<marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0L10,5L0,10z" fill="#57606a"/></marker>';
  for (const b of boxes) {
    const g = el('g', { class: 'service' + (selected === b.id ? ' selected' : ''), 'data-testid': 'node-' + b.id, 'data-node': b.id, 'aria-label': `service ${b.app}`,
      role: 'button', tabindex: 0 }, graphEl);
    el('rect', { x: b.x, y: b.y, width: b.w, height: b.h }, g);
    el('text', { x: b.x + 10, y: b.y + 15 }, g, b.app);
  }
  const intoTarget = new Map();
  for (const e of graph.edges) {
    const s = places.get(e.source), t = places.get(e.target);
    if (!s || !t) continue;
    const stacked = intoTarget.get(e.target) ?? 0;
    intoTarget.set(e.target, stacked + 1);
    const x1 = s.x + s.w, y1 = s.y + s.h / 2, x2 = t.x, y2 = t.y + (t.id ? 11 : t.h / 2), mx = (x1 + x2) / 2;
    const label = edgeLabel(e);
    const g = el('g', { class: 'edge ' + edgeClass(e), 'data-testid': `edge-${e.source}->${e.target}`, 'data-rate': e.requestRate,
      'data-denials': e.denials, 'data-mtls': e.mtls, 'aria-label': `${e.source} to ${e.target}: ${label}` }, graphEl);
    el('path', { d: `M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}`, 'marker-end': 'url(#arrow)' }, g);
    // Labelled just before the target, so a caller's many edges do not share one spot; a target's callers stack.
    const ly = y2 - 6 - stacked * 15;
    el('text', { x: x2 - 12, y: ly, 'text-anchor': 'end' }, g, label);
    if (e.mtls) lock(g, x2 - 12 - label.length * 6.2 - 14, ly);
  }
  for (const n of graph.nodes.filter(n => n.kind !== 'service')) {
    const p = places.get(n.id);
    const name = n.kind === 'workload' && n.version ? `${n.app} ${n.version}` : n.id;
    const g = el('g', { class: `node ${n.kind} ${n.health}` + (selected === n.id ? ' selected' : ''), 'data-testid': 'node-' + n.id, 'data-node': n.id,
      'aria-label': `${n.kind} ${n.id}, ${n.health}`, role: 'button', tabindex: 0 }, graphEl);
    el('rect', { x: p.x, y: p.y, width: p.w, height: p.h }, g);
    el('text', { x: p.x + 10, y: p.y + 19 }, g, name);
  }
  const bounds = graphEl.getBBox();
  graphEl.setAttribute('viewBox', `0 0 ${Math.max(bounds.x + bounds.width + 40, 400)} ${Math.max(bounds.y + bounds.height + 40, 200)}`);
}

async function select(id) {
  selected = id;
  const answer = await fetch('/v1/graph/nodes/' + encodeURIComponent(id));
  panel.hidden = false;
  panel.replaceChildren();
  const close = document.createElement('button');
  close.textContent = '×';
  close.setAttribute('aria-label', 'Close');
  close.onclick = () => { panel.hidden = true; selected = null; };
  panel.append(close);
  const title = document.createElement('h2');
  panel.append(title);
  if (!answer.ok) { title.textContent = `${id}: not registered`; return; }
  const node = await answer.json();
  title.textContent = node.version ? `${node.service} ${node.version} (${node.id})` : `service ${node.service}`;
  const workloads = document.createElement('p');
  workloads.textContent = 'Workloads: ' + node.workloads.join(', ');
  panel.append(workloads);
  const kinds = ['VirtualService', 'DestinationRule', 'HTTPRoute', 'AuthorizationPolicy', 'PeerAuthentication'];
  for (const kind of kinds) {
    const heading = document.createElement('h3');
    heading.textContent = kind.endsWith('y') ? kind.slice(0, -1) + 'ies' : kind + 's';
    const list = document.createElement('ul');
    list.setAttribute('data-testid', 'panel-' + kind);
    const found = node.resources.filter(r => r.kind === kind);
    for (const r of found) {
      const item = document.createElement('li');
      item.textContent = `${r.namespace}/${r.name}` + (r.source ? ` (${r.source})` : '');
      list.append(item);
    }
    if (found.length === 0) list.append(Object.assign(document.createElement('li'), { textContent: 'none' }));
    panel.append(heading, list);
  }
}

function connect() {
  const feed = new EventSource('/v1/graph/stream');
  feed.onmessage = message => {
    const graph = JSON.parse(message.data);
    render(graph);
    status.textContent = `live · ${graph.edges.length} edges · rates over ${graph.windowSeconds} s · ${new Date(graph.timestamp).toLocaleTimeString()}`;
  };
  // EventSource reconnects by itself while the control plane restarts; say so meanwhile.
  feed.onerror = () => { status.textContent = 'reconnecting…'; };
}

// Selection on pointer down, delegated: the graph is redrawn every second, so a click's down and up can land on two
// copies of a node. Enter selects the focused node.
graphEl.addEventListener('pointerdown', event => {
  const node = event.target.closest('[data-node]');
  if (node) select(node.dataset.node);
});
graphEl.addEventListener('keydown', event => {
  const node = event.target.closest('[data-node]');
  if (node && event.key === 'Enter') select(node.dataset.node);
});

connect();
