// The post editor: live character counters, Ctrl+Enter to publish, and the API's problem details shown next to
// the fields they name. Lengths count characters the way the API does (code points, after trimming).
import { readProblem, showError } from './problem.js';

const form = document.getElementById('new-post');
const publishButton = document.getElementById('publish');
const error = document.getElementById('error');
const success = document.getElementById('success');
const [titleField, bodyField] = ['title', 'body'].map((name) => ({
  name,
  input: document.getElementById(name),
  counter: document.getElementById(`${name}-count`),
  error: document.getElementById(`${name}-error`),
}));
const fields = [titleField, bodyField];

function characterCount(text) {
  return [...text.replace(/\r\n?/g, '\n').trim()].length;
}

function updateCounter(field) {
  const max = Number(field.counter.dataset.max);
  const count = characterCount(field.input.value);
  field.counter.textContent = `${count} / ${max}`;
  field.counter.classList.toggle('over', count > max);
}

function clearMessages() {
  showError(error, '');
  success.hidden = true;
  for (const field of fields) {
    showError(field.error, '');
    field.input.removeAttribute('aria-invalid');
  }
}

/** Field errors next to their fields; anything else in the one error line. */
function showProblem(problem) {
  let shownByField = false;
  for (const field of fields) {
    if (problem.fields[field.name]) {
      showError(field.error, problem.fields[field.name]);
      field.input.setAttribute('aria-invalid', 'true');
      shownByField = true;
    }
  }
  if (!shownByField) showError(error, problem.text);
}

function showPublished(post) {
  success.replaceChildren();
  const link = document.createElement('a');
  link.href = '/feed';
  link.textContent = 'See it in the feed';
  const text = document.createElement('span');
  text.textContent = `Published “${post.title}”. `;
  success.append(text, link);
  success.hidden = false;
}

async function publish(event) {
  event.preventDefault();
  clearMessages();
  publishButton.disabled = true;
  try {
    const response = await fetch(form.action, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ title: titleField.input.value, body: bodyField.input.value }),
    });
    if (response.status === 201) {
      showPublished(await response.json());
      form.reset();
      fields.forEach(updateCounter);
      titleField.input.focus();
    } else {
      showProblem(await readProblem(response, 'Publishing failed.'));
    }
  } catch {
    showError(error, 'The server cannot be reached. Your text is still here; try again.');
  } finally {
    publishButton.disabled = false;
  }
}

form.addEventListener('submit', publish);
form.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    form.requestSubmit();
  }
});
for (const field of fields) {
  field.input.addEventListener('input', () => updateCounter(field));
  updateCounter(field);
}
