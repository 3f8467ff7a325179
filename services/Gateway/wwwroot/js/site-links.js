// Where guests go: the public address (GET /api/site), a workshop's guest link, the server-drawn QR code of that link
// and the projector view. The guest link is built exactly as the gateway builds the one its QR code holds. And the
// wall itself, for the admin (whose cookie opens it without the host key).

/** `{ publicUrl, caFingerprintSha256?, trustUrl? }`; the page's own origin when the site cannot be asked. */
export async function loadSite() {
  const response = await fetch('/api/site').catch(() => null);
  const site = response && response.ok ? await response.json().catch(() => null) : null;
  return typeof site?.publicUrl === 'string' ? site : { publicUrl: location.origin };
}

export const workshopGuestLink = (publicUrl, roomId) => `${publicUrl}/collect?room=${encodeURIComponent(roomId)}`;

export const workshopQrCode = (roomId) => `/qr/join/${encodeURIComponent(roomId)}.svg`;

export const projectorView = (roomId) => `/collect/join?room=${encodeURIComponent(roomId)}`;

export const screenWall = (roomId) => `/collect/view?room=${encodeURIComponent(roomId)}`;
