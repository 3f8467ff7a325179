// The admin creates a workshop room (POST /api/rooms, kind workshop) and gets the host link, with the host key in
// its fragment so that it never reaches a server log, and the guest link.
'use strict';

const $ = (id) => document.getElementById(id);
const form = $('new-workshop');
const error = $('error');

async function showFormToAdmin() {
  const response = await fetch('/api/auth/me').catch(() => null);
  const me = response && response.ok ? await response.json() : null;
  form.hidden = me?.role !== 'admin';
  $('need-admin').hidden = me?.role === 'admin';
}

async function create(event) {
  event.preventDefault();
  error.hidden = true;
  const response = await fetch('/api/rooms', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ title: $('title').value, kind: 'workshop', snapshotIntervalSeconds: Number($('interval').value) }),
  }).catch(() => null);
  const body = response ? await response.json().catch(() => ({})) : {};
  if (!response || response.status !== 201) {
    error.textContent = Object.values(body.errors || {}).flat().join(' ') || body.detail || 'The workshop could not be created.';
    error.hidden = false;
    return;
  }
  const room = encodeURIComponent(body.room.id);
  const hostLink = `${location.origin}/collect/view?room=${room}#key=${encodeURIComponent(body.hostKey)}`;
  $('created-title').textContent = body.room.title;
  $('host-link').value = hostLink;
  $('guest-link').value = `${location.origin}/collect?room=${room}`;
  $('open-wall').href = hostLink;
  $('created').hidden = false;
  form.hidden = true;
}

form.addEventListener('submit', create);
document.querySelectorAll('[data-copy]').forEach((button) => button.addEventListener('click', async () => {
  const input = $(button.dataset.copy);
  input.select();
  await navigator.clipboard?.writeText(input.value).catch(() => {});
  button.textContent = 'Copied';
}));
showFormToAdmin();
