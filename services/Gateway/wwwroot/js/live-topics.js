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
