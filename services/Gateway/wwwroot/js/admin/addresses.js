// The addresses guests need: Hiroba's public address and, with a local certificate authority, its fingerprint and
// the page that explains how to trust it (both from GET /api/site when the gateway has them).

const $ = (id) => document.getElementById(id);

export function showAddresses(site) {
  $('public-url').value = site.publicUrl;
  const fingerprint = typeof site.caFingerprintSha256 === 'string' ? site.caFingerprintSha256 : '';
  // A path on this site only: never another origin, not even a protocol-relative //host.
  const trustUrl = typeof site.trustUrl === 'string' && /^\/(?![/\\])/.test(site.trustUrl) ? site.trustUrl : '';
  $('trust').hidden = !fingerprint || !trustUrl;
  if ($('trust').hidden) return;
  $('ca-fingerprint').textContent = fingerprint;
  $('trust-link').href = trustUrl;
  $('trust-link').textContent = `${site.publicUrl}${trustUrl}`;
}
