// Signs in with JSON and goes back to the page that sent the user here (local URLs only).
const form = document.getElementById('signin');
const error = document.getElementById('error');
const returnUrl = localReturnUrl(new URLSearchParams(location.search).get('returnUrl'));
document.getElementById('returnUrl').value = returnUrl;

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  error.hidden = true;
  const response = await fetch('/api/auth/sign-in', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ password: form.password.value }),
  });
  if (response.ok) {
    location.assign(returnUrl);
    return;
  }
  const problem = await response.json().catch(() => ({}));
  error.textContent = problem.detail || problem.title || `Sign-in failed (${response.status}).`;
  error.hidden = false;
});

function localReturnUrl(url) {
  return url && url.startsWith('/') && !url.startsWith('//') && !url.startsWith('/\\') ? url : '/';
}
