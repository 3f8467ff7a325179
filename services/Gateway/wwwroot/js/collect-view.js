// The host page of the screen wall (docs/screen-wall.md). The host key comes in the link's fragment (never sent to a
// server, so never in a log), moves to this tab's session storage and leaves the address bar; every API call sends it
// in the X-Host-Key header. Without a key the page tries the signed-in admin's cookie, and asks for the key when that
// is not enough. The live stream is Server-Sent Events read with fetch (EventSource cannot send headers),
// resumed with Last-Event-ID after a drop; a "wall" event replaces everything shown. The host can remove a guest from the
// wall (its page stops sharing and its seat is free).
import { readProblem, showError } from './problem.js';

const RECONNECT_MS = 2000;
const STALE_INTERVALS = 3;
const IMAGE_RETRY_MS = 1000;
const IMAGE_RETRY_MAX_MS = 10000;
// Heartbeats a guest's page may miss before the guest is away (absent: its seat is free), as the service counts.
const ABSENT_HEARTBEATS = 3;
const roomId = new URLSearchParams(location.search).get('room') || '';
const api = `/api/snapshots/rooms/${encodeURIComponent(roomId)}`;
const storageKey = `hiroba.host.${roomId.toLowerCase()}`;

const $ = (id) => document.getElementById(id);
const ui = {
  title: $('room-title'), live: $('live'), error: $('error'), keyForm: $('key-form'), key: $('key'), empty: $('empty'),
  guestLink: $('guest-link'), panels: $('panels'), dialog: $('enlarged'), dialogName: $('enlarged-name'),
  dialogAge: $('enlarged-age'), dialogImage: $('enlarged-image'),
  counts: {
    present: $('count-present'), sharing: $('count-sharing'), stuck: $('count-stuck'), done: $('count-done'), stale: $('count-stale'),
  },
};

let hostKey = takeKey();
let room = null;
let lastEventId = null;
let closed = false;
let enlargedId = null;
// guestId -> { guest, seenAt, snapshotAt (ms, this page's clock), element, image, imageId, imageUrl, loading (the id on its way) }
const panels = new Map();

function takeKey() {
  const fragment = new URLSearchParams(location.hash.slice(1));
  if (fragment.get('key')) {
    sessionStorage.setItem(storageKey, fragment.get('key'));
    history.replaceState(null, '', location.pathname + location.search);
  }
  return sessionStorage.getItem(storageKey);
}

function setLive(state, text) {
  ui.live.dataset.state = state;
  ui.live.textContent = text;
}

// The host key when this tab has one; without it the request carries only the cookie, which opens the wall for the admin.
function hostHeaders() {
  return hostKey ? { 'X-Host-Key': hostKey } : {};
}

async function connect() {
  const headers = hostHeaders();
  if (lastEventId) headers['Last-Event-ID'] = lastEventId;
  let response;
  try {
    response = await fetch(`${api}/events`, { headers, cache: 'no-store' });
  } catch {
    return retry();
  }
  if (response.status === 401 || response.status === 403) {
    if (hostKey) {
      sessionStorage.removeItem(storageKey);
      hostKey = null;
      showError(ui.error, 'That host key does not open this wall.');
    }
    ui.keyForm.hidden = false;
    setLive('offline', headers['X-Host-Key'] ? 'Not allowed' : 'No host key');
    return;
  }
  if (!response.ok) {
    showError(ui.error, (await readProblem(response, 'The wall is not available.')).text);
    return retry();
  }
  showError(ui.error, '');
  setLive('live', 'Live');
  try {
    await readEvents(response.body);
  } catch {
    // The connection dropped; resume below.
  }
  retry();
}

function retry() {
  if (closed) return;
  setLive('reconnecting', 'Reconnecting…');
  setTimeout(connect, RECONNECT_MS);
}

// The text/event-stream format: fields until a blank line, then dispatch.
async function readEvents(body) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let event = { type: 'message', data: [], id: null };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let newline;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline).replace(/\r$/, '');
      buffer = buffer.slice(newline + 1);
      if (line === '') {
        if (event.data.length) dispatch(event);
        event = { type: 'message', data: [], id: null };
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event.type = text;
      else if (field === 'data') event.data.push(text);
      else if (field === 'id') event.id = text;
    }
  }
}

function dispatch(event) {
  if (event.id) lastEventId = event.id;
  const data = JSON.parse(event.data.join('\n'));
  switch (event.type) {
    case 'keep-alive': return;
    case 'wall': return showWall(data);
    case 'heartbeat': return seen(data.guestId);
    case 'room-closed': return roomClosed();
    case 'session-ended': return sessionEnded(data.message);
    case 'guest-removed': removePanel(data.guestId); break;
    default: if (data.guest) upsert(data.guest, Date.now(), event.type === 'snapshot' ? Date.now() : undefined);
  }
  render();
}

function showWall(wall) {
  room = wall.room;
  ui.title.textContent = `${room.title} · screen wall`;
  ui.guestLink.textContent = `${location.origin}/collect?room=${encodeURIComponent(room.id)}`;
  const ids = new Set(wall.guests.map((guest) => guest.id));
  for (const id of [...panels.keys()]) {
    if (!ids.has(id)) removePanel(id);
  }
  // The server's times only here, for what happened before this page listened.
  const now = Date.now();
  wall.guests.forEach((guest) => upsert(guest,
    Math.min(now, Date.parse(guest.lastHeardAt)),
    guest.lastSnapshot ? Math.min(now, Date.parse(guest.lastSnapshot.takenAt)) : null));
  if (!room.open) roomClosed();
  render();
}

function roomClosed() {
  closed = true;
  setLive('offline', 'Workshop closed');
}

// A wall opened with the admin's sign-in ends with it; one opened with the host key reconnects with the key.
function sessionEnded(message) {
  if (hostKey) return;
  closed = true;
  setLive('offline', 'Signed out');
  showError(ui.error, message);
}

function seen(guestId) {
  const panel = panels.get(guestId);
  if (panel) panel.seenAt = Date.now();
}

// Staleness and ages count from when this page heard of the guest's last sign of life (seenAt) and last snapshot
// (snapshotAt, undefined: unchanged), so a host whose clock is off still sees the right badges.
function upsert(guest, seenAt, snapshotAt) {
  let panel = panels.get(guest.id);
  if (!panel) {
    panel = createPanel(guest.id);
    panels.set(guest.id, panel);
  }
  panel.guest = guest;
  panel.seenAt = seenAt;
  if (snapshotAt !== undefined) panel.snapshotAt = snapshotAt;
  const latest = guest.lastSnapshot?.id;
  if (latest && latest !== panel.imageId && latest !== panel.loading) loadImage(panel, latest);
}

function removePanel(guestId) {
  const panel = panels.get(guestId);
  if (!panel) return;
  panel.element.remove();
  if (panel.imageUrl) URL.revokeObjectURL(panel.imageUrl);
  panels.delete(guestId);
  if (enlargedId === guestId) ui.dialog.close();
}

async function removeGuest(guestId) {
  const panel = panels.get(guestId);
  if (!panel || !confirm(`Remove ${panel.guest.name} from the wall? Their page stops sharing and their snapshots are deleted.`)) return;
  const response = await fetch(`${api}/guests/${encodeURIComponent(guestId)}`, { method: 'DELETE', headers: hostHeaders() })
    .catch(() => null);
  if (response && (response.ok || response.status === 404)) {
    removePanel(guestId);
    render();
    return;
  }
  showError(ui.error, (await readProblem(response, 'The guest could not be removed; try again.')).text);
}

function createPanel(guestId) {
  const element = document.createElement('figure');
  element.className = 'wall-panel';
  element.dataset.guestId = guestId;
  element.tabIndex = 0;
  const image = document.createElement('img');
  image.alt = '';
  const caption = document.createElement('figcaption');
  const name = document.createElement('span');
  name.className = 'wall-name';
  const age = document.createElement('span');
  age.className = 'wall-age muted';
  const badges = document.createElement('span');
  badges.className = 'wall-badges';
  const remove = document.createElement('button');
  remove.type = 'button';
  remove.className = 'link danger wall-remove';
  remove.textContent = 'Remove';
  remove.addEventListener('click', (event) => {
    event.stopPropagation();
    removeGuest(guestId);
  });
  remove.addEventListener('keydown', (event) => event.stopPropagation());
  caption.append(name, badges, age, remove);
  element.append(image, caption);
  const open = () => enlarge(guestId);
  element.addEventListener('click', open);
  element.addEventListener('keydown', (event) => { if (event.key === 'Enter') open(); });
  return { element, image, name, age, badges, remove, imageId: null, imageUrl: null, loading: null, seenAt: Date.now(), snapshotAt: null };
}

// Images need the host key, so they are fetched and shown from blob URLs; a snapshot id never changes its bytes. A load
// the network or the server failed is tried again, with backoff, while the snapshot is still the guest's latest: a
// still screen sends no new one, so without this the panel would stay blank until the guest's screen changes.
async function loadImage(panel, snapshotId, retryMs = IMAGE_RETRY_MS) {
  panel.loading = snapshotId;
  const { blob, retry } = await fetchImage(snapshotId);
  if (!awaits(panel, snapshotId)) return;
  if (!blob) {
    if (!retry) panel.loading = null;
    else setTimeout(() => awaits(panel, snapshotId) && loadImage(panel, snapshotId, Math.min(retryMs * 2, IMAGE_RETRY_MAX_MS)), retryMs);
    return;
  }
  panel.loading = null;
  const url = URL.createObjectURL(blob);
  if (panel.imageUrl) URL.revokeObjectURL(panel.imageUrl);
  panel.imageUrl = url;
  panel.imageId = snapshotId;
  panel.image.src = url;
  panel.image.dataset.snapshotId = snapshotId;
  if (enlargedId === panel.guest.id) ui.dialogImage.src = url;
}

// Whether the panel is still on the wall and this is still the snapshot it waits for (a newer one may have come).
function awaits(panel, snapshotId) {
  return panel.loading === snapshotId && panels.get(panel.guest.id) === panel;
}

// { blob } when loaded; otherwise whether trying again may help (not for a snapshot that is gone or not allowed).
async function fetchImage(snapshotId) {
  try {
    const response = await fetch(`${api}/snapshots/${encodeURIComponent(snapshotId)}`, { headers: hostHeaders() });
    if (response.ok) return { blob: await response.blob() };
    return { retry: response.status >= 500 || response.status === 429 };
  } catch {
    return { retry: true };
  }
}

function isStale(panel, now) {
  return panel.guest.status === 'sharing' && room && now - panel.seenAt > STALE_INTERVALS * room.intervalSeconds * 1000;
}

// Its page was not heard from for a few heartbeats (it sends them in every state): closed without a word, or offline.
function isAway(panel, now) {
  return panel.guest.status !== 'left' && room && now - panel.seenAt > ABSENT_HEARTBEATS * room.heartbeatSeconds * 1000;
}

function badgesOf(panel, now) {
  const { status, hand } = panel.guest;
  const badges = [];
  if (hand === 'stuck') badges.push('stuck');
  if (hand === 'done') badges.push('done');
  if (status === 'paused') badges.push('paused');
  if (status === 'stopped' || status === 'left') badges.push('stopped');
  if (isAway(panel, now)) badges.push('away');
  else if (isStale(panel, now)) badges.push('stale');
  return badges;
}

function describeAge(panel, now) {
  if (panel.snapshotAt === null) return 'no snapshot yet';
  const seconds = Math.max(0, Math.round((now - panel.snapshotAt) / 1000));
  return seconds < 60 ? `${seconds} s ago` : `${Math.floor(seconds / 60)} min ago`;
}

function render() {
  const now = Date.now();
  const counts = { present: 0, sharing: 0, stuck: 0, done: 0, stale: 0 };
  const ordered = [...panels.values()].sort((a, b) =>
    (b.guest.hand === 'stuck') - (a.guest.hand === 'stuck') || a.guest.joinedAt.localeCompare(b.guest.joinedAt));
  for (const panel of ordered) {
    const badges = badgesOf(panel, now);
    badges.forEach((badge) => { if (badge in counts) counts[badge]++; });
    if (panel.guest.status === 'sharing' && !badges.includes('stale') && !badges.includes('away')) counts.sharing++;
    if (panel.guest.status !== 'left' && !badges.includes('away')) counts.present++;
    panel.name.textContent = panel.guest.name;
    panel.remove.setAttribute('aria-label', `Remove ${panel.guest.name}`);
    panel.age.textContent = describeAge(panel, now);
    panel.element.dataset.status = panel.guest.status;
    panel.element.dataset.badges = badges.join(' ');
    panel.badges.replaceChildren(...badges.map((badge) => {
      const label = document.createElement('span');
      label.className = `wall-badge wall-badge-${badge}`;
      label.textContent = badge;
      return label;
    }));
    ui.panels.append(panel.element);
  }
  for (const [name, element] of Object.entries(ui.counts)) element.textContent = String(counts[name]);
  ui.empty.hidden = panels.size > 0 || !room;
  if (enlargedId && panels.get(enlargedId)) {
    ui.dialogName.textContent = panels.get(enlargedId).guest.name;
    ui.dialogAge.textContent = describeAge(panels.get(enlargedId), now);
  }
}

function enlarge(guestId) {
  const panel = panels.get(guestId);
  enlargedId = guestId;
  ui.dialogImage.src = panel.imageUrl || '';
  render();
  ui.dialog.showModal();
}

ui.dialog.addEventListener('close', () => { enlargedId = null; });
ui.keyForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const entered = ui.key.value.trim();
  const fromLink = entered.includes('#key=') ? new URLSearchParams(entered.split('#')[1]).get('key') : entered;
  sessionStorage.setItem(storageKey, fromLink);
  hostKey = fromLink;
  ui.keyForm.hidden = true;
  showError(ui.error, '');
  connect();
});
setInterval(render, 1000);
connect();
