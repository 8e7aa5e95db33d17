// Herald's live web view: a snapshot, then server-sent events, rendered as text (never as HTML).
'use strict';

const state = { presentities: new Map(), watchers: new Map(), registrants: new Map(), actions: false };
const STATE_CLASS = { 3: 'registered', 1: 'working', 2: 'working', 8: 'working', 9: 'working',
  4: 'failed', 5: 'failed', 6: 'failed', 7: 'failed' };
let renderPending = false;

/** An element with attributes and children; strings become text nodes. */
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name === 'onclick') node.addEventListener('click', value);
    else node.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
  return node;
}

function domainOf(uri) {
  const lower = String(uri || '').toLowerCase();
  if (lower.startsWith('tel:')) return 'tel';
  let rest = lower.slice(lower.indexOf(':') + 1);
  rest = rest.slice(rest.indexOf('@') + 1);
  return rest.split(/[;?>:]/)[0];
}

function loadSnapshot(snapshot) {
  state.presentities = new Map(snapshot.presentities.map(p => [p.key, p]));
  state.watchers = new Map(snapshot.watchers.map(w => [w.key, w]));
  state.registrants = new Map(snapshot.registrants.map(r => [r.accountId, r]));
  scheduleRender();
}

function applyUpdate(map, update) {
  if (update.value === null) map.delete(update.key); else map.set(update.key, update.value);
  scheduleRender();
}

function scheduleRender() {
  if (renderPending) return;
  renderPending = true;
  setTimeout(() => { renderPending = false; render(); }, 30);
}

function watcherState(w) {
  return w.expiresAtMs > 0 && w.expiresAtMs < Date.now() ? 'terminated' : w.state;
}

function count(n, noun) {
  return n + ' ' + noun + (n === 1 ? '' : 's');
}

function time(ms) {
  return ms > 0 ? new Date(ms).toLocaleTimeString() : '';
}

function message(text) {
  const node = document.getElementById('message');
  node.textContent = text;
  node.hidden = !text;
}

/** Calls an admin API route for an action; only offered when the server says actions are on. */
async function act(label, path) {
  message(label + '…');
  try {
    const response = await fetch(path, { method: 'POST' });
    const body = await response.text();
    message(label + ': HTTP ' + response.status + ' ' + body);
  } catch (e) {
    message(label + ' failed: ' + e);
  }
}

function resourceCard(key, presentity, watchers) {
  const uri = presentity ? presentity.uri : watchers[0].uri;
  const event = presentity ? presentity.event : watchers[0].event;
  const basic = presentity ? presentity.basic : 'unknown';
  const history = '/ui/history.html?event=' + encodeURIComponent(event) + '&uri=' + encodeURIComponent(uri);
  const search = [uri, event, basic];
  const card = el('article', { class: 'card presentity', 'data-key': key, 'data-uri': uri, 'data-event': event },
    el('div', { class: 'top' },
      el('span', { class: 'uri' }, uri),
      el('span', {},
        event !== 'presence' ? el('span', { class: 'badge event' }, event) : null, ' ',
        el('span', { class: 'badge basic ' + basic }, basic))));
  if (presentity && presentity.note) {
    card.append(el('p', { class: 'note' }, presentity.note));
    search.push(presentity.note);
  }
  if (presentity && presentity.activities.length) {
    card.append(el('div', { class: 'activities' }, presentity.activities.map(a => el('span', { class: 'activity' }, a))));
    search.push(...presentity.activities);
  }
  card.append(el('div', { class: 'meta' },
    presentity ? count(presentity.publications, 'publication') + ' · ' + time(presentity.updatedAtMs) + ' · ' : '',
    el('a', { class: 'history', href: history }, 'history')));
  if (watchers.length) {
    card.append(el('ul', { class: 'watchers' }, watchers.map(w => {
      const ws = watcherState(w);
      search.push(w.watcher, ws, w.transport, w.remote);
      return el('li', { class: 'watcher', 'data-watcher': w.watcher },
        el('span', { class: 'badge ' + ws }, ws),
        el('span', { class: 'who' }, w.watcher),
        el('span', { class: 'flow' }, w.transport + ' ' + w.remote + (w.edge ? ' via ' + w.edge : '')));
    })));
  }
  if (state.actions && event === 'conference') {
    card.append(el('button', { type: 'button', onclick: () => act('reset ' + uri,
      '/api/conferences/' + encodeURIComponent(uri) + '/reset') }, 'Reset conference'));
  }
  card.dataset.search = search.join(' ').toLowerCase();
  return card;
}

function registrantCard(r) {
  const cls = r.enabled ? (STATE_CLASS[r.state] || '') : '';
  const card = el('article', { class: 'card registrant', 'data-aor': r.aor },
    el('div', { class: 'top' },
      el('span', { class: 'uri' }, r.aor),
      el('span', { class: 'badge state ' + cls }, r.state + ' ' + r.stateName)),
    el('div', { class: 'meta' }, 'registrant account · registrar ' + r.registrar
      + (r.enabled ? '' : ' · disabled') + (r.lastResponse ? ' · last answer ' + r.lastResponse : '')
      + ' · ' + time(r.updatedAtMs)));
  if (state.actions && r.enabled) {
    card.append(el('button', { type: 'button', onclick: () => act('register ' + r.aor,
      '/api/registrants/' + encodeURIComponent(r.aor) + '/register') }, 'Register now'));
  }
  card.dataset.search = [r.aor, r.registrar, r.stateName, String(r.state), r.lastResponse, 'registrant']
    .join(' ').toLowerCase();
  return card;
}

function render() {
  const domains = new Map();
  const domain = name => {
    if (!domains.has(name)) domains.set(name, { resources: new Map(), registrants: [] });
    return domains.get(name);
  };
  for (const p of state.presentities.values()) {
    domain(p.domain).resources.set(p.key, { presentity: p, watchers: [] });
  }
  for (const w of state.watchers.values()) {
    const resources = domain(w.domain).resources;
    if (!resources.has(w.resource)) resources.set(w.resource, { presentity: null, watchers: [] });
    resources.get(w.resource).watchers.push(w);
  }
  for (const r of state.registrants.values()) domain(r.domain || domainOf(r.aor)).registrants.push(r);

  const filter = document.getElementById('filter').value.trim().toLowerCase();
  const main = document.getElementById('domains');
  const sections = [];
  let shown = 0;
  for (const name of [...domains.keys()].sort()) {
    const d = domains.get(name);
    const cards = [...d.resources.entries()].sort((a, b) => a[0].localeCompare(b[0]))
      .map(([key, r]) => resourceCard(key, r.presentity, r.watchers.sort((a, b) => a.watcher.localeCompare(b.watcher))))
      .concat(d.registrants.sort((a, b) => a.aor.localeCompare(b.aor)).map(registrantCard))
      .filter(card => !filter || card.dataset.search.includes(filter) || name.includes(filter));
    if (!cards.length) continue;
    shown += cards.length;
    sections.push(el('section', { class: 'domain', 'data-domain': name }, el('h2', {}, name), el('div', { class: 'cards' }, cards)));
  }
  main.replaceChildren(...sections);
  const total = state.presentities.size + state.registrants.size;
  document.getElementById('counts').textContent = count(state.presentities.size, 'resource') + ' with state, '
    + count(state.watchers.size, 'watcher') + ', ' + count(state.registrants.size, 'registrant account')
    + (filter ? ' · ' + count(shown, 'card') + ' match' : '');
  document.getElementById('empty').hidden = total + state.watchers.size > 0;
}

function connect() {
  const status = document.getElementById('connection');
  const events = new EventSource('/ui/events');
  events.addEventListener('open', () => { status.textContent = 'live'; status.className = 'connection live'; });
  events.addEventListener('error', () => { status.textContent = 'reconnecting…'; status.className = 'connection down'; });
  events.addEventListener('snapshot', e => loadSnapshot(JSON.parse(e.data)));
  events.addEventListener('presentity', e => applyUpdate(state.presentities, JSON.parse(e.data)));
  events.addEventListener('watcher', e => applyUpdate(state.watchers, JSON.parse(e.data)));
  events.addEventListener('registrant', e => applyUpdate(state.registrants, JSON.parse(e.data)));
}

async function start() {
  document.getElementById('filter').addEventListener('input', scheduleRender);
  try {
    const response = await fetch('/ui/snapshot');
    const answer = await response.json();
    state.actions = answer.actions === true;
    loadSnapshot(answer.view);
  } catch (e) {
    message('could not load the snapshot: ' + e);
  }
  connect();
  // Watchers whose expiry passes turn terminated without a record; look again now and then.
  setInterval(scheduleRender, 5000);
}

start();
