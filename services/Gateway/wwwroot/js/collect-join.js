// The projector view of a workshop (/collect/join?room=X): its title (GET /api/rooms/{id}, public), the guest link's
// QR code drawn by the gateway, and the guest link in type big enough to read from the back of the room.
import { showError } from './problem.js';
import { loadSite, workshopGuestLink, workshopQrCode } from './site-links.js';

const $ = (id) => document.getElementById(id);
const roomId = new URLSearchParams(location.search).get('room') || '';

function fail(text) {
  showError($('error'), text);
  $('join').hidden = true;
}

async function show() {
  if (!roomId) {
    fail('This page needs a workshop: open it from the admin console or the new workshop page.');
    return;
  }
  const [response, site] = await Promise.all([
    fetch(`/api/rooms/${encodeURIComponent(roomId)}`).catch(() => null),
    loadSite(),
  ]);
  if (!response || !response.ok) {
    fail(response?.status === 404 ? `There is no workshop "${roomId}".` : 'The workshop could not be loaded. Reload to try again.');
    return;
  }
  const room = await response.json();
  $('room-title').textContent = room.title;
  document.title = `${room.title} · Hiroba`;
  if (!room.open) {
    fail('This workshop is closed.');
    return;
  }
  if (String(room.kind).toLowerCase() !== 'workshop') {
    fail(`"${room.title}" is not a workshop, so it has no screen wall to join.`);
    return;
  }
  const link = new URL(workshopGuestLink(site.publicUrl, room.id));
  $('guest-link-origin').textContent = link.origin;
  $('guest-link-path').textContent = link.pathname + link.search;
  $('guest-qr').src = workshopQrCode(room.id);
  $('join').hidden = false;
}

const fullscreen = $('fullscreen');
fullscreen.hidden = !document.fullscreenEnabled;
fullscreen.addEventListener('click', () => document.documentElement.requestFullscreen().catch(() => {}));
document.addEventListener('fullscreenchange', () => { fullscreen.hidden = document.fullscreenElement !== null; });
show();
