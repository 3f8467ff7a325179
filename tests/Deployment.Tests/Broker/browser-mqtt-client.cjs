// What a browser page does with mqtt.js (the same library the gateway serves), driven by the ACL tests:
//   node browser-mqtt-client.cjs <mqtt.js module folder> <url> subscribe <filter>   prints "subscribed", then "message <topic> <payload>" lines
//   node browser-mqtt-client.cjs <mqtt.js module folder> <url> publish <topic> <payload>   prints "published" once the broker acknowledged it
// MQTT_USERNAME and MQTT_PASSWORD, when set, sign in as that user. A refused connection prints "refused <reason>" and exits 2.
'use strict';
const [moduleFolder, url, action, topic, payload] = process.argv.slice(2);
const mqtt = require(moduleFolder);

const client = mqtt.connect(url, {
  username: process.env.MQTT_USERNAME || undefined,
  password: process.env.MQTT_PASSWORD || undefined,
  protocolVersion: 4,
  reconnectPeriod: 0,
  connectTimeout: 30000,
});

client.on('error', (error) => {
  console.log(`refused ${error.message}`);
  process.exit(2);
});

client.on('connect', () => {
  if (action === 'publish') {
    client.publish(topic, payload, { qos: 1 }, (error) => {
      console.log(error ? `failed ${error.message}` : 'published');
      client.end(false, {}, () => process.exit(error ? 1 : 0));
    });
  } else if (action === 'subscribe') {
    client.on('message', (messageTopic, message) => console.log(`message ${messageTopic} ${message.toString()}`));
    client.subscribe(topic, { qos: 1 }, (error) => console.log(error ? `failed ${error.message}` : 'subscribed'));
  } else {
    console.log(`unknown action ${action}`);
    process.exit(1);
  }
});
