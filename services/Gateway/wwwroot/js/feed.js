// The feed page: posts newest first, live over MQTT (js/live-topics.js), and after every (re)connection a catch-up
// with ?since= so nothing posted while the connection was down goes missing.
// Post text is only ever set with textContent: a post's HTML is shown, never interpreted.
import { readProblem, showError } from './problem.js';

const TOPIC_PUBLISHED = 'feed.post-published';
const TOPIC_DELETED = 'feed.post-deleted';
const PAGE_SIZE = 20;
const CATCH_UP_PAGE_SIZE = 100;
const CATCH_UP_RETRY_MS = 3000;
const HIGHLIGHT_CLASS = 'fresh';

const list = document.getElementById('posts');
const liveStatus = document.getElementById('live');
const olderButton = document.getElementById('older');
const emptyNote = document.getElementById('empty');
const feedError = document.getElementById('feed-error');

const shown = new Map(); // post id -> <li>
const deleted = new Set(); // ids deleted while this page is open, so a late copy is not shown again
// Every post up to this id has been fetched from the API (live events do not count: a live event may arrive before
// the posts of a gap are fetched). The next catch-up starts here; '0' when the feed was empty.
let caughtUpTo = null;
let oldestId = null; // where "older posts" continues
let isAdmin = false;
let catchUpRunning = null;
let catchUpAgain = false; // a (re)connection came while a catch-up ran: run another once it ends
let catchUpRetry = null;

const relativeTime = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const fullTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function compareIds(a, b) {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function describeAge(date) {
  const seconds = Math.round((date.getTime() - Date.now()) / 1000);
  const steps = [[60, 'second'], [60, 'minute'], [24, 'hour'], [7, 'day']];
  let value = seconds;
  for (const [size, unit] of steps) {
    if (Math.abs(value) < size) {
      return unit === 'second' && Math.abs(value) < 10 ? 'just now' : relativeTime.format(value, unit);
    }
    value = Math.round(value / size);
  }
  return fullTime.format(date);
}

function renderPost(post) {
  const item = document.createElement('li');
  item.className = 'post';
  item.dataset.id = post.id;

  const title = document.createElement('h2');
  title.className = 'post-title';
  title.textContent = post.title;

  const time = document.createElement('time');
  const published = new Date(post.publishedAt);
  time.dateTime = published.toISOString();
  time.title = fullTime.format(published);
  time.textContent = describeAge(published);

  const meta = document.createElement('div');
  meta.className = 'post-meta muted';
  meta.append(time);
  if (isAdmin) meta.append(deleteButton(post.id));

  const body = document.createElement('p');
  body.className = 'post-body';
  body.textContent = post.body;

  item.append(title, meta, body);
  return item;
}

function deleteButton(id) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'link danger';
  button.textContent = 'Delete';
  button.addEventListener('click', async () => {
    button.disabled = true;
    const response = await fetch(`/api/feed/posts/${encodeURIComponent(id)}`, { method: 'DELETE' });
    if (response.ok || response.status === 404) {
      removePost(id);
    } else {
      button.disabled = false;
      showError(feedError, (await readProblem(response, 'Could not delete the post.')).text);
    }
  });
  return button;
}

function addPost(post, { highlight = false } = {}) {
  if (shown.has(post.id) || deleted.has(post.id)) return;
  const item = renderPost(post);
  const next = [...list.children].find((other) => compareIds(other.dataset.id, post.id) < 0);
  list.insertBefore(item, next ?? null);
  shown.set(post.id, item);
  if (oldestId === null || compareIds(post.id, oldestId) < 0) oldestId = post.id;
  if (highlight) {
    item.classList.add(HIGHLIGHT_CLASS);
    item.addEventListener('animationend', () => item.classList.remove(HIGHLIGHT_CLASS), { once: true });
  }
  updateEmptyNote();
}

function removePost(id) {
  deleted.add(id);
  const item = shown.get(id);
  if (!item) return;
  shown.delete(id);
  item.remove();
  updateEmptyNote();
}

function updateEmptyNote() {
  emptyNote.hidden = shown.size > 0;
}

async function fetchPage(query) {
  const response = await fetch(`/api/feed/posts?${new URLSearchParams(query)}`, { headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error((await readProblem(response, 'Could not load posts.')).text);
  return response.json();
}

async function loadNewest() {
  const page = await fetchPage({ limit: PAGE_SIZE });
  page.posts.forEach((post) => addPost(post));
  olderButton.hidden = !page.hasMore;
  caughtUpTo = page.posts.length > 0 ? page.posts[0].id : '0';
}

async function loadOlder() {
  olderButton.disabled = true;
  try {
    const page = await fetchPage({ limit: PAGE_SIZE, before: oldestId });
    page.posts.forEach((post) => addPost(post));
    olderButton.hidden = !page.hasMore;
    showError(feedError, '');
  } catch (error) {
    showError(feedError, error.message);
  } finally {
    olderButton.disabled = false;
  }
}

// Fetches every post after caughtUpTo (oldest first, page by page). Runs after each MQTT (re)connection, once
// subscribed, so the gap between the old connection and the new one is covered.
function catchUp() {
  if (catchUpRunning) {
    catchUpAgain = true;
    return catchUpRunning;
  }
  catchUpRunning = (async () => {
    clearTimeout(catchUpRetry);
    try {
      if (caughtUpTo === null) {
        await loadNewest();
      } else {
        let page;
        do {
          page = await fetchPage({ limit: CATCH_UP_PAGE_SIZE, since: caughtUpTo });
          page.posts.forEach((post) => addPost(post, { highlight: true }));
          if (page.posts.length > 0) caughtUpTo = page.posts[page.posts.length - 1].id;
        } while (page.hasMore);
      }
      showError(feedError, '');
    } catch (error) {
      showError(feedError, error.message);
      catchUpRetry = setTimeout(catchUp, CATCH_UP_RETRY_MS);
    } finally {
      catchUpRunning = null;
      if (catchUpAgain) {
        catchUpAgain = false;
        catchUp();
      }
    }
  })();
  return catchUpRunning;
}

function onEvent(topic, data) {
  if (!/^[1-9][0-9]*$/.test(data.postId)) return;
  if (topic === TOPIC_PUBLISHED) {
    addPost({ id: data.postId, title: String(data.title), body: String(data.body), publishedAt: data.publishedAt }, { highlight: true });
  } else if (topic === TOPIC_DELETED) {
    removePost(data.postId);
  }
}

async function findRole() {
  const response = await fetch('/api/auth/me').catch(() => null);
  if (!response || !response.ok) return null;
  return (await response.json()).role;
}

function refreshTimes() {
  for (const time of list.querySelectorAll('time')) {
    time.textContent = describeAge(new Date(time.dateTime));
  }
}

async function start() {
  olderButton.addEventListener('click', loadOlder);
  isAdmin = (await findRole()) === 'admin';
  await catchUp();
  connectLiveTopics([TOPIC_PUBLISHED, TOPIC_DELETED], liveStatus, { onSubscribed: catchUp, onData: onEvent });
  setInterval(refreshTimes, 30000);
}

start();
