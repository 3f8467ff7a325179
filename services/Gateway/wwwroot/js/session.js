// Shows who is signed in, with a sign-out button, in the element with id "session".
const session = document.getElementById('session');

async function showSession() {
  const response = await fetch('/api/auth/me');
  if (!response.ok) return;
  const me = await response.json();
  const label = document.createElement('span');
  label.textContent = `Signed in as ${me.role}`;
  const signOut = document.createElement('button');
  signOut.type = 'button';
  signOut.className = 'link';
  signOut.textContent = 'Sign out';
  signOut.addEventListener('click', async () => {
    await fetch('/api/auth/sign-out', { method: 'POST' });
    location.reload();
  });
  session.replaceChildren(label, signOut);
}

showSession();
