// Problem details (RFC 9457) for the user: the field errors of a validation problem, one sentence saying what failed,
// and the one way every page shows such a sentence.

/** `{ status, fields: { field: text }, text }`; `fallback` says what failed when the server gave no detail. */
export async function readProblem(response, fallback) {
  if (!response) return { status: 0, fields: {}, text: `${fallback} The server could not be reached.` };
  const body = await response.json().catch(() => ({}));
  const fields = {};
  for (const [name, texts] of Object.entries(body.errors || {})) {
    if (Array.isArray(texts)) fields[name] = texts.filter((text) => typeof text === 'string').join(' ');
  }
  const detail = typeof body.detail === 'string' ? body.detail : '';
  const text = Object.values(fields).join(' ') || detail || `${fallback} (${response.status}${body.title ? ` ${body.title}` : ''}).`;
  return { status: response.status, fields, text };
}

/** A line of text that says something failed; empty text hides it. Text only: nothing from a server is parsed as HTML. */
export function showError(node, text) {
  node.textContent = text || '';
  node.hidden = !text;
}
