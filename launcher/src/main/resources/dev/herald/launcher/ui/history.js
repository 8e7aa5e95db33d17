// The history of one resource, as `bin/herald history URI` prints it, from GET /api/history.
'use strict';

const params = new URLSearchParams(location.search);
const uri = params.get('uri') || '';
const event = params.get('event') || 'presence';

function cell(text, cls) {
  const td = document.createElement('td');
  if (cls) td.className = cls;
  td.textContent = text;
  return td;
}

async function load() {
  const since = document.getElementById('since').value;
  const message = document.getElementById('message');
  const body = document.querySelector('#history tbody');
  message.hidden = true;
  try {
    const response = await fetch('/api/history/' + encodeURIComponent(event) + '/' + encodeURIComponent(uri)
      + '?since=' + encodeURIComponent(since));
    const answer = await response.json();
    if (!response.ok) {
      throw new Error(answer.error || ('HTTP ' + response.status));
    }
    body.replaceChildren(...answer.map(entry => {
      const tr = document.createElement('tr');
      tr.append(cell(new Date(entry.atMs).toISOString(), 'time'), cell(entry.kind, 'kind'), cell(entry.party),
        cell(entry.detail), cell(entry.answer ? '→ ' + entry.answer : ''));
      return tr;
    }));
    if (!answer.length) {
      message.textContent = 'nothing in the logs for ' + event + ' ' + uri + ' in that time';
      message.hidden = false;
    }
  } catch (e) {
    message.textContent = 'could not read the history: ' + e.message;
    message.hidden = false;
  }
}

document.getElementById('resource').textContent = event + ' ' + uri;
document.title = 'Herald: history of ' + uri;
document.getElementById('since').addEventListener('change', load);
load();
