// The cameras with live status (the list and the bridge's event stream through camera-feed.js, as on the cameras page),
// adding one (POST /api/cameras; for Ayame mode its room in Rooms first) and removing one (DELETE /api/cameras/{id}).
import { CameraFeed } from '../camera-feed.js';
import { readProblem, showError } from '../problem.js';
import { confirmAction } from './confirm.js';
import { element, setLive } from './dom.js';

const $ = (id) => document.getElementById(id);
const live = $('cameras-live');
const error = $('cameras-error');
const table = $('cameras').tBodies[0];
const form = $('add-camera');
const rows = new Map(); // camera id -> { row, update(camera) }
let site = null;

const feed = new CameraFeed({
  list: showCameras,
  status: (camera) => rows.get(camera.id)?.update(camera),
  failed: async (response) => showError(error, (await readProblem(response, 'The cameras could not be loaded.')).text),
  live: (state, text) => setLive(live, state, text),
});

/** A shared camera is Online with its viewers counted, and Busy only once it has all it may have. */
function statusText(camera) {
  return camera.viewerCount > 0 ? `${camera.status}: ${camera.viewerCount} watching` : camera.status;
}

function cameraRow(camera) {
  const name = element('span', { className: 'admin-name' });
  const status = element('span', { className: 'status-dot' });
  const address = element('td', { className: 'admin-address' });
  const actions = element('td', { className: 'admin-actions' });
  if (camera.source === 'Admin') {
    const remove = element('button', { type: 'button', className: 'link danger', text: 'Remove…', 'data-action': 'remove' });
    remove.addEventListener('click', () => removeCamera(feed.get(camera.id) ?? camera));
    actions.append(remove);
  } else {
    actions.append(element('span', { className: 'muted', text: 'From configuration' }));
  }
  const row = element('tr', { 'data-camera-id': camera.id },
    element('td', {}, name, element('code', { className: 'admin-id', text: camera.id })),
    element('td', {}, status), address, actions);
  return {
    row,
    update(current) {
      name.textContent = current.name;
      status.dataset.status = current.status;
      status.textContent = statusText(current);
      address.textContent = current.url ?? (current.ayameRoomId ? `Ayame room ${current.ayameRoomId}` : '');
    },
  };
}

function showCameras(cameras) {
  showError(error, '');
  const listed = new Set(cameras.map((camera) => camera.id));
  for (const [id, entry] of rows) {
    if (!listed.has(id)) {
      entry.row.remove();
      rows.delete(id);
    }
  }
  for (const camera of cameras) {
    if (!rows.has(camera.id)) {
      rows.set(camera.id, cameraRow(camera));
      table.append(rows.get(camera.id).row);
    }
    rows.get(camera.id).update(camera);
  }
  $('no-cameras').hidden = cameras.length > 0;
}

async function removeCamera(camera) {
  const confirmed = await confirmAction({
    title: `Remove “${camera.name}”?`,
    text: 'Whoever watches it is cut off, and it leaves the cameras page. The camera itself keeps running.',
    action: 'Remove camera',
  });
  if (!confirmed) return;
  const response = await fetch(`/api/cameras/${encodeURIComponent(camera.id)}`, { method: 'DELETE' }).catch(() => null);
  if (!response || (response.status !== 204 && response.status !== 404)) {
    showError(error, (await readProblem(response, `“${camera.name}” could not be removed.`)).text);
    return;
  }
  await feed.load();
}

// ---- Adding a camera ------------------------------------------------------------------------------------------------

const mode = () => form.elements.mode.value;
const field = (name) => form.elements[name];

function showMode() {
  form.querySelectorAll('[data-mode]').forEach((section) => { section.hidden = section.dataset.mode !== mode(); });
  if (mode() === 'ayame' && !field('signalingKey').value) field('signalingKey').value = randomKey();
}

/** 24 random letters and digits: a signaling key nobody guesses, that the admin copies into Momo's command line. */
function randomKey() {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return Array.from(crypto.getRandomValues(new Uint8Array(24)), (byte) => alphabet[byte % alphabet.length]).join('');
}

function clearProblems() {
  form.querySelectorAll('[data-error-for]').forEach((node) => showError(node, ''));
  form.querySelectorAll('[aria-invalid]').forEach((input) => input.removeAttribute('aria-invalid'));
  showError($('add-camera-error'), '');
}

/** Puts each field's problem under its field; what has no field of its own goes under the form. */
function showProblem(problem, renames = {}) {
  let unplaced = Object.keys(problem.fields).length === 0 ? problem.text : '';
  for (const [name, text] of Object.entries(problem.fields)) {
    const target = renames[name] ?? name;
    const node = form.querySelector(`[data-error-for="${CSS.escape(target)}"]`);
    if (node && !node.parentElement.closest('[hidden]')) {
      showError(node, text);
      field(target)?.setAttribute('aria-invalid', 'true');
    } else {
      unplaced = `${unplaced} ${text}`.trim();
    }
  }
  showError($('add-camera-error'), unplaced);
}

/** Ayame mode: the camera's room in Rooms, with its signaling key. A room that exists already is used as it is. */
async function createCameraRoom(body) {
  const response = await fetch('/api/rooms', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ id: body.ayameRoomId, title: body.name, kind: 'camera', signalingKey: body.signalingKey }),
  }).catch(() => null);
  if (response && (response.status === 201 || response.status === 409)) return { created: response.status === 201 };
  showProblem(await readProblem(response, 'The camera room could not be created.'), { id: 'ayameRoomId', title: 'name' });
  return null;
}

function showMomoCommand(body, roomCreated) {
  const signalingUrl = `${site.publicUrl.replace(/^http/, 'ws')}/signaling`;
  $('momo-command-text').textContent = [
    './momo --no-audio-device ayame',
    `  --signaling-url ${signalingUrl}`,
    `  --room-id ${body.ayameRoomId}`,
    `  --signaling-key '${body.signalingKey}'`,
    '  --direction sendonly --video-codec-type H264',
  ].join(' \\\n');
  $('momo-command').hidden = false;
  if (!roomCreated) {
    showError($('add-camera-error'), `Room ${body.ayameRoomId} existed already, so it keeps the signaling key it was created with.`);
  }
}

async function addCamera(event) {
  event.preventDefault();
  clearProblems();
  $('momo-command').hidden = true;
  const button = $('add-camera-button');
  button.disabled = true;
  try {
    const body = { name: field('name').value.trim() };
    if (field('id').value.trim()) body.id = field('id').value.trim();
    if (mode() === 'p2p') {
      body.url = field('url').value.trim();
    } else {
      body.ayameRoomId = field('ayameRoomId').value.trim();
      body.signalingKey = field('signalingKey').value;
    }
    const room = mode() === 'ayame' ? await createCameraRoom(body) : null;
    if (mode() === 'ayame' && !room) return;
    const response = await fetch('/api/cameras', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    }).catch(() => null);
    if (!response || response.status !== 201) {
      showProblem(await readProblem(response, 'The camera could not be added.'));
      return;
    }
    const keptMode = mode();
    form.reset();
    form.elements.mode.value = keptMode;
    showMode();
    if (room) showMomoCommand(body, room.created);
    await feed.load();
  } finally {
    button.disabled = false;
  }
}

export function startCameras(siteInfo) {
  site = siteInfo;
  form.querySelectorAll('input[name="mode"]').forEach((radio) => radio.addEventListener('change', showMode));
  form.addEventListener('submit', addCamera);
  feed.follow();
}
