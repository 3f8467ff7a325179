// A worker that only ticks: timers in a hidden page are throttled, a worker's are not, and a guest who shares a
// screen usually has this page in the background. Post {intervalMs} to start, {stop: true} to stop.
'use strict';
let timer = null;
self.onmessage = (message) => {
  clearInterval(timer);
  if (!message.data.stop) timer = setInterval(() => self.postMessage('tick'), message.data.intervalMs);
};
