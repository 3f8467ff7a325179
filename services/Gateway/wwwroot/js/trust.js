// Fills the trust page from /api/site: the local CA's fingerprint, or why there is nothing to install.
async function showTrust() {
  const response = await fetch('/api/site');
  if (!response.ok) return;
  const site = await response.json();
  const publicUrl = new URL(site.publicUrl);
  let section = 'this-machine-only';
  if (site.caFingerprintSha256) {
    section = 'local-ca';
    document.getElementById('fingerprint').textContent = site.caFingerprintSha256;
  } else if (publicUrl.protocol === 'https:') {
    section = 'public-certificate';
  }
  document.getElementById(section).hidden = false;
  const link = document.getElementById('public-url');
  link.href = publicUrl.href;
  link.textContent = publicUrl.href;
  document.getElementById('continue').hidden = false;
}

showTrust();
