// The cameras with live status, for the cameras page and the admin console: the list (GET /api/cameras), then the
// camera bridge's Server-Sent Events (/api/cameras/events): a status for every camera when the stream opens, then one
// for each change. Per camera the status with the newest changedAt wins; a status for a camera the list does not have
// yet (added since) loads the list again. EventSource reconnects by itself after a dropped stream; an answer that is not
// a stream (the gateway's 502 or 503 while the camera bridge restarts, or while another of its replicas takes over) makes
// it give up, so the feed follows again, waiting longer each time. Every (re)connection reloads the list, so cameras
// added or removed meanwhile show up. A sign-out (in any tab) ends the stream with a session-ended event.

const STATUSES = new Set(['Online', 'Offline', 'Busy']);
const FOLLOW_AGAIN_FIRST_MS = 1000;
const FOLLOW_AGAIN_MAX_MS = 10000;

export class CameraFeed {
  #cameras = new Map(); // id -> camera as GET /api/cameras gives it, with the newest status
  #loading = null;
  #handlers;
  #followAgainMs = FOLLOW_AGAIN_FIRST_MS;

  /**
   * @param handlers `list(cameras)` after each load; `status(camera)` after a change to a listed camera;
   *   `failed(response)` when the list could not be loaded (null: no answer); `live(state, text)` for the stream.
   */
  constructor(handlers) {
    this.#handlers = handlers;
  }

  get(id) {
    return this.#cameras.get(id);
  }

  follow() {
    const source = new EventSource('/api/cameras/events');
    source.addEventListener('open', () => {
      this.#followAgainMs = FOLLOW_AGAIN_FIRST_MS;
      this.#handlers.live('live', 'Live');
      this.load();
    });
    source.addEventListener('error', () => {
      this.#handlers.live('reconnecting', 'Reconnecting…');
      if (source.readyState === EventSource.CLOSED) setTimeout(() => this.#followAgain(), this.#followAgainMs);
    });
    source.addEventListener('session-ended', () => {
      source.close();
      this.#handlers.live('offline', 'Signed out: sign in again for live status');
    });
    source.addEventListener('status', (event) => {
      let data;
      try {
        data = JSON.parse(event.data);
      } catch {
        return;
      }
      if (typeof data.cameraId === 'string' && STATUSES.has(data.status)) this.#apply(data);
    });
  }

  /** After a refusal: follows again, unless the list says the session has ended (the page then asks to sign in). */
  async #followAgain() {
    this.#followAgainMs = Math.min(this.#followAgainMs * 2, FOLLOW_AGAIN_MAX_MS);
    const response = await fetch('/api/cameras', { headers: { Accept: 'application/json' }, cache: 'no-store' }).catch(() => null);
    if (response?.status === 401) {
      this.#handlers.failed(response);
      this.#handlers.live('offline', 'Signed out: sign in again for live status');
      return;
    }
    this.follow();
  }

  /** One load at a time: a stream that opens sends a status for every camera, and each may ask for the list. */
  load() {
    this.#loading ??= this.#fetch().finally(() => { this.#loading = null; });
    return this.#loading;
  }

  async #fetch() {
    const response = await fetch('/api/cameras', { headers: { Accept: 'application/json' }, cache: 'no-store' }).catch(() => null);
    if (!response || !response.ok) {
      this.#handlers.failed(response);
      return;
    }
    const listed = new Map();
    for (const camera of await response.json()) {
      const known = this.#cameras.get(camera.id);
      const keepNewer = known && new Date(known.statusChangedAt) > new Date(camera.statusChangedAt);
      listed.set(camera.id, keepNewer ? { ...camera, status: known.status, viewerCount: known.viewerCount, statusChangedAt: known.statusChangedAt } : camera);
    }
    this.#cameras = listed;
    this.#handlers.list([...listed.values()]);
  }

  #apply({ cameraId, status, viewerCount, changedAt }) {
    const camera = this.#cameras.get(cameraId);
    if (!camera) {
      this.load().then(() => {
        if (this.#cameras.has(cameraId)) this.#apply({ cameraId, status, viewerCount, changedAt });
      });
      return;
    }
    if (new Date(changedAt) < new Date(camera.statusChangedAt)) return;
    const changed = { ...camera, status, viewerCount, statusChangedAt: changedAt };
    this.#cameras.set(cameraId, changed);
    this.#handlers.status(changed);
  }
}
