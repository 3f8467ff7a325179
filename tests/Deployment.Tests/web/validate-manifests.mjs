// Validates every Kubernetes object in the given YAML files against the Kubernetes API's JSON schemas
// (kubernetes-models), as the API server would check its shape:
//   node validate-manifests.mjs <file>...
// prints one line per object: "valid <kind> <name>", "invalid <kind> <name>: <errors>", or "skipped <apiVersion> <kind>"
// for a custom resource (Dapr's), which these schemas do not cover. Exits 1 when any object is invalid.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

let invalid = false;
for (const file of process.argv.slice(2)) {
  for (const document of parseAllDocuments(readFileSync(file, 'utf8'))) {
    const object = document.toJS();
    const { apiVersion, kind } = object;
    const name = object.metadata?.name;
    let Model;
    try {
      Model = (await import(`kubernetes-models/${apiVersion}`))[kind];
    } catch {
      Model = undefined;
    }
    if (!Model) {
      console.log(`skipped ${apiVersion} ${kind}`);
      continue;
    }
    try {
      new Model(object).validate();
      console.log(`valid ${kind} ${name}`);
    } catch (error) {
      invalid = true;
      console.log(`invalid ${kind} ${name}: ${JSON.stringify(error.errors ?? error.message)}`);
    }
  }
}
process.exit(invalid ? 1 : 0);
