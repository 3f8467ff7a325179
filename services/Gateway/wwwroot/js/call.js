// The call page: joins a room on /ws/signaling (docs/signaling-protocol.md) and keeps one RTCPeerConnection per
// other peer (a mesh). In each pair the newcomer offers and restarts ICE, so the two sides never offer at once;
// the "perfect negotiation" pattern still settles a collision should a later renegotiation start on both.
import { showError } from './problem.js';

const form = document.getElementById('join-form');
const roomInput = document.getElementById('room');
const nameInput = document.getElementById('name');
const statusLine = document.getElementById('status');
const errorLine = document.getElementById('error');
const mediaErrorLine = document.getElementById('media-error');
const controls = document.getElementById('controls');
const grid = document.getElementById('grid');
const localVideo = document.getElementById('local-video');
const audioButton = document.getElementById('toggle-audio');
const videoButton = document.getElementById('toggle-video');

const errorTexts = {
  'room-full': (message) => `${message} Try again later or use another room.`,
  'room-closed': () => 'This room has been closed.',
  'unknown-room': () => 'There is no such room. Check the link.',
  'invalid-key': () => 'This room needs a key.',
};

// How long a peer link may take to connect before the newcomer restarts ICE.
const CONNECT_TIMEOUT_MS = 10000;

// Closes after which the page joins the room again by itself: the server going away or asking to come back later (a
// Signaling replica stopping or lost, relay steps lost) and a connection that broke. A refusal (room full or closed,
// unknown room, wrong key) comes as an error and a normal close, and waits for the person.
const REJOIN_CODES = new Set([1001, 1006, 1011, 1012, 1013]);
const REJOIN_DELAYS_MS = [500, 1000, 2000, 4000, 8000];
const REJOIN_ATTEMPTS = 10;

let localStream = null;
let call = null;
let rejoinTimer = null;

roomInput.value = new URLSearchParams(location.search).get('room') || '';
nameInput.value = localStorage.getItem('hiroba.call.name') || '';
const preview = startPreview();

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  await preview;
  const room = roomInput.value.trim();
  const name = nameInput.value.trim();
  localStorage.setItem('hiroba.call.name', name);
  history.replaceState(null, '', `/call?room=${encodeURIComponent(room)}`);
  join(room, name);
});
document.getElementById('leave').addEventListener('click', () => (call ? call.leave() : stopRejoining('You left the call.')));
audioButton.addEventListener('click', () => toggleTracks('audio', audioButton, 'Mute microphone', 'Unmute microphone'));
videoButton.addEventListener('click', () => toggleTracks('video', videoButton, 'Turn camera off', 'Turn camera on'));

async function startPreview() {
  try {
    localStream = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
    localVideo.srcObject = localStream;
  } catch (error) {
    const denied = error.name === 'NotAllowedError' || error.name === 'SecurityError';
    mediaErrorLine.hidden = false;
    mediaErrorLine.textContent = (denied
      ? 'Camera and microphone access was denied. You can still join and see the others; allow access in the browser and reload to be seen.'
      : `No camera or microphone could be opened (${error.name}). You can still join and see the others.`);
  }
}

function toggleTracks(kind, button, onText, offText) {
  const tracks = localStream ? localStream.getTracks().filter((track) => track.kind === kind) : [];
  if (tracks.length === 0) return;
  const enabled = !tracks[0].enabled;
  tracks.forEach((track) => { track.enabled = enabled; });
  button.setAttribute('aria-pressed', String(!enabled));
  button.textContent = enabled ? onText : offText;
}

/** @param {number} attempt how many joins in a row have failed before this one (0 for the person's own). */
function join(room, name, attempt = 0) {
  rejoinTimer = null;
  showError(errorLine, '');
  form.hidden = true;
  statusLine.textContent = `Joining ${room}…`;
  call = new Call(room, name, attempt);
}

function stopRejoining(status) {
  clearTimeout(rejoinTimer);
  rejoinTimer = null;
  controls.hidden = true;
  form.hidden = false;
  statusLine.textContent = status;
}

class Call {
  constructor(room, name, attempt) {
    this.room = room;
    this.name = name;
    this.attempt = attempt;
    this.welcomed = false;
    this.links = new Map();
    this.iceServers = [];
    this.peerId = null;
    this.leaving = false;
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    this.socket = new WebSocket(`${scheme}://${location.host}/ws/signaling`);
    this.socket.addEventListener('open', () => this.send({ type: 'join', room, name }));
    this.socket.addEventListener('message', (event) => this.onMessage(JSON.parse(event.data)));
    this.socket.addEventListener('close', (event) => this.onClosed(event));
  }

  send(message) {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  onMessage(message) {
    switch (message.type) {
      case 'welcome':
        this.welcomed = true;
        this.peerId = message.peerId;
        this.iceServers = message.iceServers;
        statusLine.textContent = `In room ${message.room}.`;
        controls.hidden = false;
        message.peers.forEach((peer) => this.addLink(peer.peerId, peer.name, true));
        break;
      case 'peer-joined':
        this.addLink(message.peerId, message.name, false);
        break;
      case 'peer-left':
        this.removeLink(message.peerId);
        break;
      case 'offer':
      case 'answer':
        this.links.get(message.from)?.enqueue((link) => link.onDescription({ type: message.type, sdp: message.sdp }));
        break;
      case 'candidate':
        this.links.get(message.from)?.enqueue((link) => link.onCandidate(message.candidate));
        break;
      case 'ping':
        this.send({ type: 'pong' });
        break;
      case 'error': {
        // Sent to a peer that has just left: its peer-left is on the way.
        if (message.code === 'unknown-peer') break;
        const explain = errorTexts[message.code];
        showError(errorLine, explain ? explain(message.message) : message.message);
        break;
      }
    }
  }

  /** @param {boolean} newcomer true when this page joined after that peer, and so drives the link's negotiation. */
  addLink(peerId, name, newcomer) {
    if (this.links.has(peerId)) return;
    this.links.set(peerId, new PeerLink(this, peerId, name, newcomer));
  }

  removeLink(peerId) {
    this.links.get(peerId)?.close();
    this.links.delete(peerId);
  }

  leave() {
    this.leaving = true;
    this.send({ type: 'leave' });
    this.socket.close(1000);
  }

  onClosed(event) {
    for (const peerId of [...this.links.keys()]) this.removeLink(peerId);
    call = null;
    // A call that got in counts its failed joins afresh.
    const attempt = this.welcomed ? 0 : this.attempt + 1;
    if (!this.leaving && REJOIN_CODES.has(event.code) && attempt < REJOIN_ATTEMPTS) {
      statusLine.textContent = `The connection to the server was lost; joining ${this.room} again…`;
      const delay = REJOIN_DELAYS_MS[Math.min(attempt, REJOIN_DELAYS_MS.length - 1)];
      rejoinTimer = setTimeout(() => join(this.room, this.name, attempt), delay);
      return;
    }
    stopRejoining(this.leaving ? 'You left the call.' : '');
    if (!this.leaving && errorLine.hidden) showError(errorLine, 'The connection to the server was lost. Join again.');
  }
}

class PeerLink {
  constructor(call, peerId, name, newcomer) {
    this.call = call;
    this.peerId = peerId;
    this.newcomer = newcomer;
    // Should offers ever collide, the peer that was there first yields.
    this.polite = !newcomer;
    this.makingOffer = false;
    this.ignoreOffer = false;
    this.queue = Promise.resolve();
    this.tile = createTile(peerId, name);
    this.pc = new RTCPeerConnection({ iceServers: call.iceServers });

    if (localStream) {
      localStream.getTracks().forEach((track) => this.pc.addTrack(track, localStream));
    } else {
      this.pc.addTransceiver('audio', { direction: 'recvonly' });
      this.pc.addTransceiver('video', { direction: 'recvonly' });
    }
    // The peer that was there first waits for the newcomer's offer instead of offering too: when Chromium rolls
    // back an offer whose candidates are still being gathered, that connection may never gather any again.
    this.pc.addEventListener('negotiationneeded', () => {
      if (this.newcomer || this.pc.remoteDescription) this.enqueue((link) => link.offer());
    });
    this.pc.addEventListener('icecandidate', ({ candidate }) => {
      if (candidate) this.call.send({ type: 'candidate', to: peerId, candidate: candidate.toJSON() });
    });
    this.pc.addEventListener('track', ({ track, streams }) => {
      const video = this.tile.querySelector('video');
      video.srcObject = streams[0] || new MediaStream([track]);
    });
    this.pc.addEventListener('connectionstatechange', () => {
      const state = this.pc.connectionState;
      setTileState(this.tile, state);
      if (state === 'connected') clearTimeout(this.watchdog);
      if (state === 'disconnected') this.watchUntilConnected();
      if (state === 'failed' && this.newcomer) this.pc.restartIce();
    });
    this.watchUntilConnected();
  }

  /**
   * The newcomer restarts ICE if the link is not connected within a while (a network change can leave a link
   * stuck); the restart's offer carries fresh credentials and candidates. The other side only answers it, since
   * restarts from both at once would collide.
   */
  watchUntilConnected() {
    if (!this.newcomer) return;
    clearTimeout(this.watchdog);
    this.watchdog = setTimeout(() => {
      if (this.pc.connectionState === 'connected' || this.pc.connectionState === 'closed') return;
      this.pc.restartIce();
      this.watchUntilConnected();
    }, CONNECT_TIMEOUT_MS);
  }

  /** Runs signaling steps of this link one after another, so a candidate never overtakes its description. */
  enqueue(step) {
    this.queue = this.queue.then(() => step(this)).catch((error) => console.error(`peer ${this.peerId}:`, error));
  }

  async offer() {
    try {
      this.makingOffer = true;
      await this.pc.setLocalDescription();
      this.sendDescription();
    } finally {
      this.makingOffer = false;
    }
  }

  async onDescription(description) {
    const collision = description.type === 'offer' && (this.makingOffer || this.pc.signalingState !== 'stable');
    this.ignoreOffer = !this.polite && collision;
    if (this.ignoreOffer) return;
    await this.pc.setRemoteDescription(description);
    if (description.type === 'offer') {
      await this.pc.setLocalDescription();
      this.sendDescription();
    }
  }

  async onCandidate(candidate) {
    try {
      await this.pc.addIceCandidate(candidate);
    } catch (error) {
      if (!this.ignoreOffer) throw error;
    }
  }

  sendDescription() {
    const { type, sdp } = this.pc.localDescription;
    this.call.send({ type, to: this.peerId, sdp });
  }

  close() {
    clearTimeout(this.watchdog);
    this.pc.close();
    this.tile.remove();
  }
}

function createTile(peerId, name) {
  const tile = document.createElement('figure');
  tile.className = 'call-tile';
  tile.dataset.peerId = peerId;
  tile.dataset.name = name;
  const video = document.createElement('video');
  video.autoplay = true;
  video.playsInline = true;
  const caption = document.createElement('figcaption');
  const label = document.createElement('span');
  label.className = 'call-name';
  label.textContent = name;
  const state = document.createElement('span');
  state.className = 'call-state muted';
  caption.append(label, state);
  tile.append(video, caption);
  grid.append(tile);
  setTileState(tile, 'new');
  return tile;
}

function setTileState(tile, state) {
  tile.dataset.state = state;
  tile.querySelector('.call-state').textContent = state;
}
