// The guest page of the screen wall (docs/screen-wall.md): join with a name, share a screen, and every interval
// draw the current frame (at most 1920 px wide), compare a small fingerprint with the last upload's, and upload a
// WebP (JPEG where WebP cannot be encoded) only when the screen changed; otherwise send a tiny heartbeat. Whatever it
// is doing after joining, the page sends a heartbeat every few seconds, so the host knows the guest is still there.
import { readProblem, showError } from './problem.js';

const MAX_WIDTH = 1920;
// The fingerprint: the frame shrunk to 64x36 grey cells. A blinking cursor changes one cell a little; typing, scrolling
// or switching windows changes several, or one a lot.
const FINGERPRINT_WIDTH = 64;
const FINGERPRINT_HEIGHT = 36;
const CELL_CHANGE = 3;
const CHANGED_CELLS = 3;
const BIG_CELL_CHANGE = 32;
const IMAGE_QUALITY = 0.8;
const ROOM_RETRY_MS = 3000;

const roomId = new URLSearchParams(location.search).get('room') || '';
const api = `/api/snapshots/rooms/${encodeURIComponent(roomId)}`;
const storageKey = `hiroba.guest.${roomId.toLowerCase()}`;

const $ = (id) => document.getElementById(id);
const ui = {
  title: $('room-title'), roomStatus: $('room-status'), error: $('error'), joinForm: $('join-form'), name: $('name'), join: $('join'),
  share: $('share'), guestName: $('guest-name'), interval: $('interval'), start: $('start'), pause: $('pause'),
  stuck: $('stuck'), done: $('done'), stop: $('stop'), status: $('share-status'), preview: $('preview'),
};

const canvas = document.createElement('canvas');
const fingerprintCanvas = Object.assign(document.createElement('canvas'), { width: FINGERPRINT_WIDTH, height: FINGERPRINT_HEIGHT });
const ticker = new Worker('/js/collect-ticker.js');

let room = null;
let guest = null; // { guestId, token, name }
let hand = 'none';
let capture = null;
let paused = false;
let busy = false;
let lastFingerprint = null;
let lastSnapshotId = null; // the last snapshot the wall accepted from this page
let reportedStatus = null; // sharing, paused, stopped or left, as this page last told the wall
let checks = 0;
let uploads = 0;
let heartbeats = 0;
let lastReportAt = 0;

function guestFetch(path, options = {}) {
  // Every request but a GET (a state, a snapshot, a heartbeat) tells the server that this page is open.
  if (options.method) lastReportAt = Date.now();
  return fetch(`${api}/guests/${encodeURIComponent(guest.guestId)}${path}`, {
    ...options,
    headers: { 'X-Guest-Token': guest.token, ...(options.headers || {}) },
  });
}

function sendState(state, keepalive = false) {
  if (state.status) reportedStatus = state.status;
  return guestFetch('/state', {
    method: 'POST', keepalive, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(state),
  });
}

async function findRoom() {
  if (!roomId) {
    ui.roomStatus.textContent = 'This link names no workshop. Ask your host for the guest link.';
    return;
  }
  const response = await fetch(api).catch(() => null);
  if (!response || !response.ok) {
    ui.roomStatus.textContent = 'Waiting for this workshop to open…';
    setTimeout(findRoom, ROOM_RETRY_MS);
    return;
  }
  room = await response.json();
  ui.title.textContent = room.title;
  ui.interval.textContent = room.intervalSeconds;
  if (!room.open) {
    ui.roomStatus.textContent = 'This workshop is closed.';
    return;
  }
  ui.roomStatus.textContent = '';
  await restoreGuest();
}

// A reload keeps the same panel on the wall: the guest id and token live in this tab's session storage.
async function restoreGuest() {
  const saved = JSON.parse(sessionStorage.getItem(storageKey) || 'null');
  if (saved) {
    guest = saved;
    const response = await guestFetch('').catch(() => null);
    if (response && response.ok) {
      showJoined((await response.json()).guest);
      return;
    }
    sessionStorage.removeItem(storageKey);
    guest = null;
  }
  ui.joinForm.hidden = false;
  ui.name.focus();
}

function join(event) {
  event.preventDefault();
  showError(ui.error, '');
  ui.join.disabled = true;
  tryJoin(ui.name.value).finally(() => { ui.join.disabled = false; });
}

// Joins are limited per address, and a classroom behind one router shares one: a refusal with Retry-After is waited
// out and tried again by itself (spread by a random second, so the refused pages do not all come back at once).
async function tryJoin(name) {
  const response = await fetch(`${api}/guests`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name }),
  }).catch(() => null);
  if (!response) {
    showError(ui.error, 'The server cannot be reached; try again.');
    return;
  }
  const retryAfter = Number(response.headers.get('Retry-After'));
  if (response.status === 429 && retryAfter > 0) {
    ui.roomStatus.textContent = `Many guests are joining from your network; trying again in ${retryAfter} s…`;
    await new Promise((resolve) => setTimeout(resolve, (retryAfter + Math.random()) * 1000));
    ui.roomStatus.textContent = '';
    return tryJoin(name);
  }
  if (response.status !== 201) {
    showError(ui.error, (await readProblem(response, 'Joining failed.')).text);
    return;
  }
  const body = await response.json();
  guest = { guestId: body.guestId, token: body.token, name: body.guest.name };
  sessionStorage.setItem(storageKey, JSON.stringify(guest));
  showJoined(body.guest);
}

function showJoined(view) {
  ui.joinForm.hidden = true;
  ui.share.hidden = false;
  ui.guestName.textContent = view.name;
  setHand(view.hand);
  ticker.postMessage({ timer: 'presence', intervalMs: room.heartbeatSeconds * 1000 });
}

// Every heartbeat interval, whatever the page is doing (not shared yet, sharing, paused, stopped, a share that failed),
// unless it reported something lately: a page closed without a word (a crash, a lost network) stops sending, and the
// guest is absent a few intervals later.
async function reportPresence() {
  if (!guest || Date.now() - lastReportAt < room.heartbeatSeconds * 500) return;
  const response = await sendHeartbeat().catch(() => null);
  if (response) await handleRefusal(response);
}

// The answer is this guest as the wall has it. When the wall lacks the snapshot this page sent last, or its state
// (another server process took the workshop over, or gave it back), the page sends them again: the screen at the next
// tick even if it did not change, the state at once.
async function sendHeartbeat() {
  const response = await guestFetch('/heartbeat', { method: 'POST' });
  if (response.ok) {
    ui.status.dataset.heartbeats = String(++heartbeats);
    const onWall = await response.json();
    if ((onWall.lastSnapshot?.id ?? null) !== lastSnapshotId) lastFingerprint = null;
    if ((reportedStatus && onWall.status !== reportedStatus) || onWall.hand !== hand) {
      sendState({ ...(reportedStatus && { status: reportedStatus }), hand }).catch(() => {});
    }
  }
  return response;
}

function setHand(value) {
  hand = value;
  ui.stuck.setAttribute('aria-pressed', String(hand === 'stuck'));
  ui.done.setAttribute('aria-pressed', String(hand === 'done'));
}

async function toggleHand(value) {
  const next = hand === value ? 'none' : value;
  const response = await sendState({ hand: next }).catch(() => null);
  if (response && response.ok) setHand((await response.json()).hand);
}

function setStatus(state, text) {
  ui.status.dataset.state = state;
  ui.status.dataset.checks = String(checks);
  ui.status.dataset.uploads = String(uploads);
  ui.status.dataset.heartbeats = String(heartbeats);
  ui.status.textContent = text;
}

async function startSharing() {
  showError(ui.error, '');
  try {
    capture = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
  } catch (error) {
    showError(ui.error, error.name === 'NotAllowedError' ? 'Sharing was not allowed.' : `Sharing could not start (${error.name}).`);
    return;
  }
  const [track] = capture.getVideoTracks();
  // The browser's own "Stop sharing" bar ends the track.
  track.addEventListener('ended', () => stopSharing());
  ui.preview.srcObject = capture;
  await ui.preview.play().catch(() => {});
  await new Promise((resolve) => (ui.preview.videoWidth ? resolve() : ui.preview.addEventListener('loadedmetadata', resolve, { once: true })));
  paused = false;
  lastFingerprint = null;
  ui.start.hidden = true;
  ui.pause.hidden = false;
  ui.stop.hidden = false;
  ui.pause.textContent = 'Pause';
  setStatus('sharing', 'Sharing; the first snapshot is on its way.');
  ticker.postMessage({ timer: 'snapshot', intervalMs: room.intervalSeconds * 1000 });
  await sendState({ status: 'sharing' }).catch(() => {});
  await tick();
}

async function stopSharing() {
  if (!capture) return;
  ticker.postMessage({ timer: 'snapshot', stop: true });
  capture.getTracks().forEach((track) => track.stop());
  capture = null;
  ui.preview.srcObject = null;
  ui.start.hidden = false;
  ui.pause.hidden = true;
  ui.stop.hidden = true;
  setStatus('stopped', 'Not sharing. Your host sees that you stopped.');
  await sendState({ status: 'stopped' }).catch(() => {});
}

async function togglePause() {
  paused = !paused;
  ui.pause.textContent = paused ? 'Resume' : 'Pause';
  setStatus(paused ? 'paused' : 'sharing', paused ? 'Paused: nothing is sent.' : 'Sharing again.');
  await sendState({ status: paused ? 'paused' : 'sharing' }).catch(() => {});
}

function drawFrame() {
  const video = ui.preview;
  const width = Math.min(video.videoWidth, MAX_WIDTH);
  const height = Math.round(video.videoHeight * (width / video.videoWidth));
  canvas.width = width;
  canvas.height = height;
  canvas.getContext('2d').drawImage(video, 0, 0, width, height);
}

function fingerprint() {
  const context = fingerprintCanvas.getContext('2d', { willReadFrequently: true });
  context.imageSmoothingQuality = 'high';
  context.drawImage(canvas, 0, 0, FINGERPRINT_WIDTH, FINGERPRINT_HEIGHT);
  const pixels = context.getImageData(0, 0, FINGERPRINT_WIDTH, FINGERPRINT_HEIGHT).data;
  const cells = new Uint8Array(FINGERPRINT_WIDTH * FINGERPRINT_HEIGHT);
  for (let i = 0; i < cells.length; i++) {
    cells[i] = (pixels[i * 4] * 77 + pixels[i * 4 + 1] * 150 + pixels[i * 4 + 2] * 29) >> 8;
  }
  return cells;
}

function changed(before, after) {
  if (!before) return true;
  let cellsChanged = 0;
  for (let i = 0; i < after.length; i++) {
    const difference = Math.abs(after[i] - before[i]);
    if (difference >= BIG_CELL_CHANGE) return true;
    if (difference >= CELL_CHANGE && ++cellsChanged >= CHANGED_CELLS) return true;
  }
  return false;
}

async function encode() {
  const webp = await new Promise((resolve) => canvas.toBlob(resolve, 'image/webp', IMAGE_QUALITY));
  if (webp && webp.type === 'image/webp') return webp;
  return new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', IMAGE_QUALITY));
}

async function tick() {
  if (!capture || paused || busy || !ui.preview.videoWidth) return;
  busy = true;
  try {
    drawFrame();
    const print = fingerprint();
    checks++;
    const time = new Date().toLocaleTimeString();
    if (!changed(lastFingerprint, print)) {
      await handleRefusal(await sendHeartbeat());
      setStatus('sharing', `Screen unchanged since the last snapshot; checked at ${time}.`);
      return;
    }
    const image = await encode();
    const response = await guestFetch('', { method: 'PUT', headers: { 'Content-Type': image.type }, body: image });
    if (response.status === 201) {
      showError(ui.error, '');
      lastFingerprint = print;
      lastSnapshotId = (await response.json()).id;
      uploads++;
      setStatus('sharing', `Last snapshot sent at ${time} (${Math.ceil(image.size / 1024)} KB).`);
    } else {
      await handleRefusal(response);
    }
  } catch {
    setStatus('sharing', 'The server cannot be reached; trying again at the next snapshot.');
  } finally {
    busy = false;
  }
}

// An answer that went through clears any earlier trouble. A closed room or a guest the server no longer knows ends
// sharing and heartbeats; a rate refusal just waits for the next tick, and so does a gateway that could not reach the
// server (its workshop moving to another server process, docs/scaling.md).
const GATEWAY_TROUBLE = [502, 503, 504];

async function handleRefusal(response) {
  if (response.ok) {
    showError(ui.error, '');
    return;
  }
  if (response.status === 429) return;
  if (GATEWAY_TROUBLE.includes(response.status)) {
    showError(ui.error, 'The server cannot be reached; trying again at the next snapshot.');
    return;
  }
  const problem = await readProblem(response, 'The server refused the snapshot.');
  if (response.status === 410 || response.status === 404 || response.status === 401 || response.status === 403) {
    ticker.postMessage({ timer: 'snapshot', stop: true });
    ticker.postMessage({ timer: 'presence', stop: true });
    capture?.getTracks().forEach((track) => track.stop());
    capture = null;
    setStatus('stopped', problem.text);
    if (response.status !== 410) sessionStorage.removeItem(storageKey);
  }
  showError(ui.error, problem.text);
}

ticker.onmessage = ({ data }) => (data === 'presence' ? reportPresence() : tick());
ui.joinForm.addEventListener('submit', join);
ui.start.addEventListener('click', startSharing);
ui.stop.addEventListener('click', stopSharing);
ui.pause.addEventListener('click', togglePause);
ui.stuck.addEventListener('click', () => toggleHand('stuck'));
ui.done.addEventListener('click', () => toggleHand('done'));
// Closing or reloading the page: the host sees "stopped" (left) at once. keepalive lets the request outlive the page.
addEventListener('pagehide', () => {
  if (guest) sendState({ status: 'left' }, true).catch(() => {});
});

findRoom();
