// Runs every server audit of the graphql-http package (the GraphQL-over-HTTP spec's
// reference conformance suite) against a running /graphql, and prints the results as JSON.
//
// Usage: node graphql_http_audit.mjs <graphql-http package dir> <endpoint URL>
// The package needs nothing else: its audits import no dependency (not even graphql).
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

const [packageDir, url] = process.argv.slice(2);
if (!packageDir || !url) {
  console.error('usage: node graphql_http_audit.mjs <graphql-http package dir> <endpoint URL>');
  process.exit(2);
}
const audits = await import(pathToFileURL(join(packageDir, 'lib', 'audits', 'index.mjs')).href);

const results = [];
for (const audit of audits.serverAudits({ url })) {
  const result = await audit.fn();
  const entry = { id: audit.id, name: audit.name, status: result.status };
  if (result.status !== 'ok') {
    entry.reason = result.reason;
    // The failed response, read once here: the report must not depend on a second request.
    const response = result.response;
    if (response) {
      entry.responseStatus = response.status;
      entry.responseContentType = response.headers.get('content-type');
      try {
        entry.responseBody = (await response.text()).slice(0, 500);
      } catch {
        entry.responseBody = null; // already read by the audit
      }
    }
  }
  results.push(entry);
}
console.log(JSON.stringify(results, null, 2));
