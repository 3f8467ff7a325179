// Test support: drives the unmodified Ayame web SDK against Hiroba's /signaling and exposes what the test reads.
import { createConnection, defaultOptions } from './node_modules/@open-ayame/ayame-web-sdk/dist/ayame.mjs';

window.ayameTest = {
  connection: null,
  remoteStream: false,
  disconnectReason: null,

  async start(signalingUrl, roomId) {
    const stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: false });
    const options = { ...defaultOptions, clientId: crypto.randomUUID(), audio: { direction: 'sendrecv', enabled: false } };
    const connection = createConnection(signalingUrl, roomId, options, false);
    this.connection = connection;
    connection.on('addstream', (event) => {
      document.getElementById('remote').srcObject = event.stream;
      this.remoteStream = true;
    });
    connection.on('disconnect', (event) => { this.disconnectReason = event.reason; });
    await connection.connect(stream);
  },

  iceServers() {
    return this.connection.pcConfig.iceServers;
  },

  async framesDecoded() {
    if (!this.connection?.pc) return 0;
    let total = 0;
    (await this.connection.getStats()).forEach((report) => {
      if (report.type === 'inbound-rtp' && report.kind === 'video') total += report.framesDecoded || 0;
    });
    return total;
  },
};
