// Open rooms with their live counts (GET /api/rooms, polled while the page is visible: Rooms has no event stream for
// its projections), a workshop's guest link, QR code, projector view and screen wall (the admin's cookie opens it, no
// host key), and closing a room (DELETE /api/rooms/{id}).
import { readProblem, showError } from '../problem.js';
import { projectorView, screenWall, workshopGuestLink, workshopQrCode } from '../site-links.js';
import { confirmAction } from './confirm.js';
import { element, setLive } from './dom.js';

const POLL_MS = 3000;
const $ = (id) => document.getElementById(id);
const live = $('rooms-live');
const error = $('rooms-error');
const tables = { workshops: $('workshops').tBodies[0], others: $('other-rooms').tBodies[0] };
const rows = new Map(); // room id -> { row, update(overview) }
let site = null;
let timer = null;
let onSignedOut = () => {};

const isWorkshop = (room) => String(room.kind).toLowerCase() === 'workshop';
const timeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'short' });

function ago(isoTime) {
  const seconds = Math.max(0, Math.round((Date.now() - new Date(isoTime).getTime()) / 1000));
  if (seconds < 60) return timeFormat.format(-seconds, 'second');
  if (seconds < 3600) return timeFormat.format(-Math.floor(seconds / 60), 'minute');
  return timeFormat.format(-Math.floor(seconds / 3600), 'hour');
}

function nameCell(room) {
  const title = element('span', { className: 'admin-name' });
  const id = element('code', { className: 'admin-id', text: room.id });
  return { cell: element('td', {}, title, id), title };
}

function closeButton(room) {
  const button = element('button', { type: 'button', className: 'link danger', text: 'Close…', 'data-action': 'close' });
  button.addEventListener('click', () => closeRoom(room));
  return button;
}

function workshopRow(room) {
  const name = nameCell(room);
  const screens = element('td', { className: 'admin-count' });
  const newest = element('td');
  const capacity = element('td', { className: 'admin-count' });
  const show = element('button', { type: 'button', className: 'secondary', text: 'Guest link & QR', 'data-action': 'guest-link' });
  show.addEventListener('click', () => showGuestLink(room));
  const projector = element('a', { className: 'button secondary', href: projectorView(room.id), target: '_blank', rel: 'noopener', text: 'Projector view' });
  const wall = element('a', { className: 'button secondary', href: screenWall(room.id), target: '_blank', rel: 'noopener', text: 'Open the wall' });
  const actions = element('td', { className: 'admin-actions' }, show, projector, wall, closeButton(room));
  const row = element('tr', { 'data-room-id': room.id }, name.cell, screens, newest, capacity, actions);
  return {
    row,
    update({ room: current, screens: activity }) {
      room.title = current.title;
      name.title.textContent = current.title;
      screens.textContent = String(activity?.guests ?? 0);
      newest.textContent = activity ? ago(activity.lastSnapshotAt) : '—';
      capacity.textContent = String(current.capacity);
    },
  };
}

function otherRow(room) {
  const name = nameCell(room);
  const kind = element('td');
  const people = element('td', { className: 'admin-count' });
  const row = element('tr', { 'data-room-id': room.id }, name.cell, kind, people, element('td', { className: 'admin-actions' }, closeButton(room)));
  return {
    row,
    update({ room: current, adHoc, peerCount }) {
      room.title = current.title;
      name.title.textContent = current.title;
      kind.textContent = adHoc ? `${current.kind} (ad hoc)` : String(current.kind);
      people.textContent = `${peerCount} / ${current.capacity}`;
    },
  };
}

function render(overviews) {
  const seen = new Set();
  for (const overview of overviews) {
    const { room } = overview;
    seen.add(room.id);
    let entry = rows.get(room.id);
    if (!entry) {
      entry = isWorkshop(room) ? workshopRow({ ...room }) : otherRow({ ...room });
      rows.set(room.id, entry);
      (isWorkshop(room) ? tables.workshops : tables.others).append(entry.row);
    }
    entry.update(overview);
  }
  for (const [id, entry] of rows) {
    if (!seen.has(id)) {
      entry.row.remove();
      rows.delete(id);
    }
  }
  $('no-workshops').hidden = tables.workshops.rows.length > 0;
  $('no-other-rooms').hidden = tables.others.rows.length > 0;
}

async function refresh() {
  const response = await fetch('/api/rooms', { cache: 'no-store' }).catch(() => null);
  if (response?.status === 401 || response?.status === 403) {
    onSignedOut(response.status);
    return false;
  }
  if (!response || !response.ok) {
    setLive(live, 'reconnecting', 'Retrying…');
    showError(error, (await readProblem(response, 'The rooms could not be loaded.')).text);
    return true;
  }
  render(await response.json());
  showError(error, '');
  setLive(live, 'live', 'Live');
  live.title = `Updated ${new Date().toLocaleTimeString()}`;
  return true;
}

async function poll() {
  clearTimeout(timer);
  if (document.hidden) return;
  if (await refresh()) timer = setTimeout(poll, POLL_MS);
}

function showGuestLink(room) {
  const link = workshopGuestLink(site.publicUrl, room.id);
  $('guest-dialog-title').textContent = room.title;
  $('guest-dialog-qr').src = workshopQrCode(room.id);
  $('guest-dialog-link').value = link;
  $('guest-dialog-projector').href = projectorView(room.id);
  $('guest-dialog').showModal();
}

async function closeRoom(room) {
  const confirmed = await confirmAction({
    title: `Close “${room.title}”?`,
    text: isWorkshop(room)
      ? 'Guests are sent away, the wall stops, and nobody can join this workshop again. Its screen images are deleted soon after.'
      : 'Everyone in it is sent away, and nobody can join this room again.',
    action: 'Close room',
  });
  if (!confirmed) return;
  const response = await fetch(`/api/rooms/${encodeURIComponent(room.id)}`, { method: 'DELETE' }).catch(() => null);
  if (!response || (response.status !== 204 && response.status !== 404)) {
    showError(error, (await readProblem(response, `“${room.title}” could not be closed.`)).text);
    return;
  }
  rows.get(room.id)?.row.remove();
  rows.delete(room.id);
  poll();
}

/** Starts the live list; `signedOut(status)` is called when the session ended or lacks the role. */
export function startRooms(siteInfo, signedOut) {
  site = siteInfo;
  onSignedOut = signedOut;
  document.addEventListener('visibilitychange', poll);
  poll();
}
