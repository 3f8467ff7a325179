// The admin creates a workshop room (POST /api/rooms, kind workshop) and gets the host link, with the host key in
// its fragment so that it never reaches a server log, and the guest link with its QR code, both naming the address
// guests use (GET /api/site), which may differ from the one this page was opened at.
import { wireCopyButtons } from './copy-buttons.js';
import { signedInRole } from './me.js';
import { readProblem, showError } from './problem.js';
import { loadSite, projectorView, workshopGuestLink, workshopQrCode } from './site-links.js';

const $ = (id) => document.getElementById(id);
const form = $('new-workshop');
const error = $('error');
const site = loadSite();

async function showFormToAdmin() {
  const isAdmin = await signedInRole() === 'admin';
  form.hidden = !isAdmin;
  $('need-admin').hidden = isAdmin;
}

async function create(event) {
  event.preventDefault();
  showError(error, '');
  const response = await fetch('/api/rooms', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ title: $('title').value, kind: 'workshop', snapshotIntervalSeconds: Number($('interval').value) }),
  }).catch(() => null);
  if (!response || response.status !== 201) {
    showError(error, (await readProblem(response, 'The workshop could not be created.')).text);
    return;
  }
  const { room, hostKey } = await response.json();
  const { publicUrl } = await site;
  const hostLink = `${publicUrl}/collect/view?room=${encodeURIComponent(room.id)}#key=${encodeURIComponent(hostKey)}`;
  $('created-title').textContent = room.title;
  $('host-link').value = hostLink;
  $('guest-link').value = workshopGuestLink(publicUrl, room.id);
  $('guest-qr').src = workshopQrCode(room.id);
  $('open-wall').href = hostLink;
  $('open-projector').href = projectorView(room.id);
  $('created').hidden = false;
  form.hidden = true;
}

form.addEventListener('submit', create);
wireCopyButtons();
showFormToAdmin();
