// Subscribers as heavy as the feed page's: N mqtt.js clients (the gateway's own copy, the one browsers load) on an
// MQTT-over-WebSocket URL, each subscribed to a topic at QoS 0, each parsing every CloudEvent as the page does.
// Prints "ready" once all are subscribed, then one line per post a client received:
// "<client> <sequence> <CLOCK_MONOTONIC ns>", the clock .NET's Stopwatch reads on Linux. SIGTERM ends it.
// Usage: node subscribers.mjs <ws url> <count> <topic> <client id prefix>
import { createRequire } from 'node:module';

const mqtt = createRequire(new URL('../../../services/Gateway/package.json', import.meta.url))('mqtt');
const [url, count, topic, prefix] = process.argv.slice(2);
const titlePrefix = 'bench-';

let lines = [];
const flush = () => {
  if (lines.length > 0) {
    process.stdout.write(lines.join('\n') + '\n');
    lines = [];
  }
};
setInterval(flush, 20);
process.on('SIGTERM', () => {
  flush();
  process.exit(0);
});

await Promise.all(Array.from({ length: Number(count) }, (_, client) => new Promise((resolve, reject) => {
  const connection = mqtt.connect(url, { clientId: `${prefix}-${client}`, clean: true, protocolVersion: 4, reconnectPeriod: 0 });
  connection.on('error', reject);
  connection.on('connect', () => connection.subscribe(topic, { qos: 0 }, error => (error ? reject(error) : resolve())));
  connection.on('message', (_, payload) => {
    const receivedAt = process.hrtime.bigint();
    const title = JSON.parse(payload.toString()).data?.title ?? '';
    if (title.startsWith(titlePrefix)) {
      lines.push(`${client} ${Number(title.slice(titlePrefix.length))} ${receivedAt}`);
    }
  });
})));
console.log('ready');
