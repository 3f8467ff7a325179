// Live events for a page: mqtt.js over the gateway's /mqtt (the read-only public topics), shown in the page's
// live indicator (an element whose data-state is connecting, live, reconnecting or offline).
'use strict';

/**
 * Connects and subscribes to the topics. onSubscribed runs after every (re)subscription, so the page can fetch what
 * it missed while disconnected; onData gets each event's CloudEvent data (anything else is ignored).
 */
function connectLiveTopics(topics, indicator, { onSubscribed, onData }) {
  const setState = (state, text) => {
    indicator.dataset.state = state;
    indicator.textContent = text;
  };
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const client = mqtt.connect(`${scheme}://${location.host}/mqtt`, {
    keepalive: 30,
    reconnectPeriod: 1000,
    connectTimeout: 10000,
    // The gateway's /mqtt admits MQTT 3.1.1 with a clean session only: nothing is kept for a page that left.
    protocolVersion: 4,
    clean: true,
    resubscribe: false,
    // While the gateway's own link to the broker is down it refuses pages (server unavailable); mqtt.js would stop
    // trying after such a refusal, and the page would stay "reconnecting" for good once the broker is back.
    reconnectOnConnackError: true,
    // The default timers run in a worker made from a blob: URL, which the site's CSP (script-src 'self') forbids.
    timerVariant: 'native',
  });
  client.on('connect', () => {
    // QoS 0, what /mqtt grants: the page catches up from the API after every connection instead.
    client.subscribe(topics, { qos: 0 }, (error) => {
      if (error) {
        setState('offline', 'Live updates unavailable');
        return;
      }
      setState('live', 'Live');
      onSubscribed();
    });
  });
  client.on('reconnect', () => setState('reconnecting', 'Reconnecting…'));
  // A refused connection (a numeric reason code) other than "server unavailable" (3) will not change by trying again.
  client.on('error', (error) => {
    if (typeof error.code !== 'number' || error.code === 3) return;
    setState('offline', 'Live updates unavailable');
    client.end(true);
  });
  client.on('close', () => {
    if (indicator.dataset.state === 'live') setState('reconnecting', 'Reconnecting…');
  });
  client.on('message', (topic, payload) => {
    let event;
    try {
      event = JSON.parse(new TextDecoder().decode(payload));
    } catch {
      return; // Not a CloudEvent: ignore it.
    }
    if (event && event.data) onData(topic, event.data);
  });
}
