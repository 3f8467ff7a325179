// The cameras page: a grid of the cameras with live status (the list from /api/cameras, changes from the bridge's
// signed-in event stream /api/cameras/events) and a viewer for one camera. Watching opens /ws/cameras/{id}: the camera bridge dials the camera and relays
// Momo's signaling (docs/cameras.md); the page offers to receive video only and shows it.
import { CameraFeed } from './camera-feed.js';
import { showError } from './problem.js';

const RETRY_WHEN_ONLINE = new Set(['busy', 'too-many-viewers', 'offline', 'camera-left', 'lost']);
const END_STATE = { busy: 'Busy', 'too-many-viewers': 'Full', offline: 'Offline', 'camera-left': 'Disconnected', unavailable: 'Unavailable', 'signed-out': 'Signed out' };
// Waits between tries while the status says Online but the camera refused: doubling from the first to the last.
const RETRY_FIRST_MS = 1000;
const RETRY_MAX_MS = 8000;

const grid = document.getElementById('camera-grid');
const liveStatus = document.getElementById('live');
const signInNeeded = document.getElementById('signin-needed');
const camerasError = document.getElementById('cameras-error');
const noCameras = document.getElementById('no-cameras');
const viewerSection = document.getElementById('viewer');
const viewerName = document.getElementById('viewer-name');
const viewerState = document.getElementById('viewer-state');
const viewerVideo = document.getElementById('viewer-video');
const viewerMessage = document.getElementById('viewer-message');
const reconnectButton = document.getElementById('viewer-reconnect');
const fullscreenButton = document.getElementById('viewer-fullscreen');

const tiles = new Map(); // camera id -> tile
let viewer = null;

const feed = new CameraFeed({
  list: showCameras,
  status(camera) {
    updateTile(camera);
    if (viewer && viewer.cameraId === camera.id) viewer.onCameraStatus(camera.status);
  },
  failed(response) {
    if (response && response.status === 401) signInNeeded.hidden = false;
    else showError(camerasError, `The cameras could not be loaded${response ? ` (${response.status})` : ''}. Reload to try again.`);
  },
  live: setLive,
});

function statusText(camera) {
  if (camera.status === 'Busy') return camera.viewerCount > 1 ? `Busy: ${camera.viewerCount} watching` : 'Busy: being watched';
  return camera.status === 'Online' && camera.viewerCount > 0 ? `Online: ${camera.viewerCount} watching` : camera.status;
}

function renderTile(camera) {
  const tile = document.createElement('li');
  tile.className = 'camera-tile';
  tile.dataset.cameraId = camera.id;
  const open = document.createElement('button');
  open.type = 'button';
  open.className = 'camera-open';
  const name = document.createElement('span');
  name.className = 'camera-name';
  const status = document.createElement('span');
  status.className = 'camera-status';
  open.append(name, status);
  open.addEventListener('click', () => watch(camera.id));
  tile.append(open);
  return tile;
}

function updateTile(camera) {
  const tile = tiles.get(camera.id);
  tile.dataset.status = camera.status;
  tile.querySelector('.camera-name').textContent = camera.name;
  tile.querySelector('.camera-status').textContent = statusText(camera);
  tile.querySelector('.camera-open').setAttribute('aria-label', `Watch ${camera.name} (${statusText(camera)})`);
}

function showCameras(cameras) {
  showError(camerasError, '');
  const listed = new Set(cameras.map((camera) => camera.id));
  for (const [id, tile] of tiles) {
    if (!listed.has(id)) {
      tile.remove();
      tiles.delete(id);
    }
  }
  for (const camera of cameras) {
    if (!tiles.has(camera.id)) {
      tiles.set(camera.id, renderTile(camera));
      grid.append(tiles.get(camera.id));
    }
    updateTile(camera);
  }
  noCameras.hidden = cameras.length > 0;
}

async function fetchIceServers() {
  const response = await fetch('/api/rooms/ice-servers').catch(() => null);
  return response && response.ok ? (await response.json()).iceServers : [];
}

/** One viewing session at a time; Reconnect starts a new one. */
class CameraViewer {
  constructor(cameraId) {
    this.cameraId = cameraId;
    this.session = null;
    this.retryDelay = RETRY_FIRST_MS;
    this.retryTimer = null;
  }

  open() {
    this.close();
    this.session = new ViewerSession(this);
  }

  close() {
    clearTimeout(this.retryTimer);
    this.session?.close();
    this.session = null;
  }

  // A camera that was busy, offline or went away is watched again as soon as it is online (not after a failure,
  // which would only fail again).
  onCameraStatus(status) {
    if (status === 'Online' && RETRY_WHEN_ONLINE.has(this.session?.ended)) this.open();
  }

  onLive() {
    this.retryDelay = RETRY_FIRST_MS;
  }

  /**
   * The status can say Online while the camera still refuses: an Ayame camera stays Online through the moments
   * its Momo takes to register again after a viewer left, and no further change would come to try again on.
   */
  onSessionEnded(reason) {
    if (!RETRY_WHEN_ONLINE.has(reason) || feed.get(this.cameraId)?.status !== 'Online') return;
    this.retryTimer = setTimeout(() => this.open(), this.retryDelay);
    this.retryDelay = Math.min(this.retryDelay * 2, RETRY_MAX_MS);
  }
}

class ViewerSession {
  constructor(viewer) {
    this.viewer = viewer;
    this.ended = null;
    this.pc = null;
    this.pendingCandidates = [];
    this.queue = Promise.resolve();
    this.iceServers = fetchIceServers();
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    this.socket = new WebSocket(`${scheme}://${location.host}/ws/cameras/${encodeURIComponent(viewer.cameraId)}`);
    this.socket.addEventListener('message', (event) => this.enqueue(() => this.onMessage(JSON.parse(event.data))));
    this.socket.addEventListener('close', () => this.onSocketClosed());
    setViewerState('connecting', 'Connecting…');
    showViewerMessage('');
  }

  /** Runs message handling one step after another, so a candidate never overtakes the answer. */
  enqueue(step) {
    this.queue = this.queue.then(step).catch((error) => {
      console.error('camera viewer:', error);
      this.end('failed', 'Failed', `The video could not be set up (${error.message}). Reconnect to try again.`);
    });
  }

  send(message) {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  async onMessage(message) {
    switch (message.type) {
      case 'ready':
        await this.start(message.iceServers ?? await this.iceServers, message.shared === true);
        break;
      case 'offer':
        // A shared camera: Janus offers its stream, this page answers.
        await this.pc.setRemoteDescription({ type: 'offer', sdp: message.sdp });
        await this.pc.setLocalDescription(await this.pc.createAnswer());
        this.send({ type: 'answer', sdp: this.pc.localDescription.sdp });
        for (const candidate of this.pendingCandidates.splice(0)) await this.pc.addIceCandidate(candidate);
        break;
      case 'answer':
        await this.pc.setRemoteDescription({ type: 'answer', sdp: message.sdp });
        for (const candidate of this.pendingCandidates.splice(0)) await this.pc.addIceCandidate(candidate);
        break;
      case 'candidate':
        if (this.pc?.remoteDescription) await this.pc.addIceCandidate(message.ice);
        else this.pendingCandidates.push(message.ice);
        break;
      case 'end':
        this.end(message.reason, END_STATE[message.reason] || 'Ended', message.message);
        break;
    }
  }

  /** Offers to the camera; or, for a shared camera, waits for the offer of the media server. */
  async start(iceServers, shared) {
    setViewerState('negotiating', 'Waiting for video…');
    const pc = this.pc = new RTCPeerConnection({ iceServers });
    if (!shared) pc.addTransceiver('video', { direction: 'recvonly' });
    pc.addEventListener('track', ({ track, streams }) => {
      viewerVideo.srcObject = streams[0] || new MediaStream([track]);
    });
    pc.addEventListener('icecandidate', ({ candidate }) => {
      if (candidate && candidate.candidate) this.send({ type: 'candidate', ice: candidate.toJSON() });
    });
    pc.addEventListener('connectionstatechange', () => {
      if (this.ended) return;
      switch (pc.connectionState) {
        case 'connected': setViewerState('live', 'Live'); this.viewer.onLive(); break;
        case 'disconnected': setViewerState('negotiating', 'Connection unstable…'); break;
        case 'failed': this.end('failed', 'Failed', 'The video connection failed. Reconnect to try again.'); break;
      }
    });
    if (shared) return;
    await pc.setLocalDescription(await pc.createOffer());
    this.send({ type: 'offer', sdp: pc.localDescription.sdp });
  }

  onSocketClosed() {
    if (!this.ended) this.end('lost', 'Disconnected', 'The connection to the camera was lost. Reconnect to try again.');
  }

  end(reason, stateText, text) {
    if (this.ended) return;
    this.ended = reason;
    this.pc?.close();
    if (this.socket.readyState <= WebSocket.OPEN) this.socket.close(1000);
    if (reason === 'closed') return;
    setViewerState(reason === 'busy' || reason === 'offline' ? reason : 'ended', stateText);
    showViewerMessage(text);
    viewerVideo.srcObject = null;
    this.viewer.onSessionEnded(reason);
  }

  close() {
    this.send({ type: 'close' });
    this.end('closed');
  }
}

function setViewerState(state, text) {
  viewerSection.dataset.state = state;
  viewerState.textContent = text;
}

function showViewerMessage(text) {
  viewerMessage.textContent = text || '';
  viewerMessage.hidden = !text;
}

function watch(cameraId) {
  viewer?.close();
  viewer = new CameraViewer(cameraId);
  viewerName.textContent = feed.get(cameraId)?.name ?? cameraId;
  viewerSection.hidden = false;
  viewer.open();
  viewerSection.scrollIntoView({ block: 'nearest' });
}

reconnectButton.addEventListener('click', () => viewer?.open());
fullscreenButton.disabled = !document.fullscreenEnabled;
fullscreenButton.addEventListener('click', () => viewerVideo.requestFullscreen().catch(() => {}));
document.getElementById('viewer-close').addEventListener('click', () => {
  viewer?.close();
  viewer = null;
  viewerVideo.srcObject = null;
  viewerSection.hidden = true;
});

function setLive(state, text) {
  liveStatus.dataset.state = state;
  liveStatus.textContent = text;
}

async function start() {
  const me = await fetch('/api/auth/me').catch(() => null);
  if (!me || !me.ok) {
    signInNeeded.hidden = false;
    setLive('offline', 'Signed out');
    return;
  }
  feed.follow();
}

start();
