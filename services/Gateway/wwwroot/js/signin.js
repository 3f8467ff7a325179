// Signs in with JSON and goes back to the page that sent the user here (local URLs only).
import { readProblem, showError } from './problem.js';

const form = document.getElementById('signin');
const error = document.getElementById('error');
const returnUrl = localReturnUrl(new URLSearchParams(location.search).get('returnUrl'));

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  showError(error, '');
  const response = await fetch('/api/auth/sign-in', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ password: form.password.value }),
  });
  if (response.ok) {
    location.assign(returnUrl);
    return;
  }
  showError(error, (await readProblem(response, 'Sign-in failed.')).text);
});

// The browser's own URL parser decides: it drops tabs and newlines and reads a backslash as a slash, so a string that
// looks local ("/<tab>/other.host/") can still lead elsewhere; the origin it resolves to cannot.
function localReturnUrl(url) {
  if (!url || !url.startsWith('/')) return '/';
  const target = new URL(url, location.origin);
  return target.origin === location.origin ? target.pathname + target.search + target.hash : '/';
}
