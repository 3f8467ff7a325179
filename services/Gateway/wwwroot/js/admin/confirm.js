// Asks before something that cannot be undone, in the page's own dialog (#confirm-dialog).

const dialog = document.getElementById('confirm-dialog');

/** Resolves true when the admin confirms, false on Cancel or Escape. */
export function confirmAction({ title, text, action }) {
  document.getElementById('confirm-title').textContent = title;
  document.getElementById('confirm-text').textContent = text;
  document.getElementById('confirm-yes').textContent = action;
  dialog.returnValue = '';
  dialog.showModal();
  return new Promise((resolve) => dialog.addEventListener('close', () => resolve(dialog.returnValue === 'yes'), { once: true }));
}
