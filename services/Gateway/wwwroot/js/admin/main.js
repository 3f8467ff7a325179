// The admin console (/admin): addresses for guests, open rooms with live counts, cameras with live status. A visitor
// is sent to sign in; a viewer is told the console needs the admin.
import { wireCopyButtons } from '../copy-buttons.js';
import { signedInRole } from '../me.js';
import { loadSite } from '../site-links.js';
import { showAddresses } from './addresses.js';
import { startCameras } from './cameras.js';
import { startRooms } from './rooms.js';

const signInUrl = '/signin?returnUrl=%2Fadmin';

function lacksRole() {
  document.getElementById('console').hidden = true;
  document.getElementById('need-admin').hidden = false;
}

async function start() {
  const role = await signedInRole();
  if (role === null) {
    location.replace(signInUrl);
    return;
  }
  if (role !== 'admin') {
    lacksRole();
    return;
  }
  const site = await loadSite();
  document.getElementById('console').hidden = false;
  showAddresses(site);
  wireCopyButtons();
  startRooms(site, (status) => (status === 401 ? location.replace(signInUrl) : lacksRole()));
  startCameras(site);
}

start();
