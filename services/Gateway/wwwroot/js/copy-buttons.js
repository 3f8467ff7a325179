// A button with data-copy="<input id>" copies that input's value and says so.

export function wireCopyButtons(root = document) {
  root.querySelectorAll('[data-copy]').forEach((button) => button.addEventListener('click', async () => {
    const input = document.getElementById(button.dataset.copy);
    input.select();
    await navigator.clipboard?.writeText(input.value).catch(() => {});
    button.textContent = 'Copied';
    setTimeout(() => { button.textContent = 'Copy'; }, 2000);
  }));
}
