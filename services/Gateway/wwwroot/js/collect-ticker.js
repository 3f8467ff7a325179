// A worker that only ticks: timers in a hidden page are throttled, a worker's are not, and a guest's page usually is in
// the background. Named timers: post {timer, intervalMs} to start (or restart) one, {timer, stop: true} to stop it;
// every tick posts the timer's name.
'use strict';
const timers = new Map();
self.onmessage = ({ data }) => {
  clearInterval(timers.get(data.timer));
  timers.delete(data.timer);
  if (!data.stop) timers.set(data.timer, setInterval(() => self.postMessage(data.timer), data.intervalMs));
};
