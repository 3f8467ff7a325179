// Builds elements whose text is set as text: nothing from the server is ever parsed as HTML.

export function element(tag, { className, text, ...attributes } = {}, ...children) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

export function setLive(node, state, text) {
  node.dataset.state = state;
  node.textContent = text;
}
