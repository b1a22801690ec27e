/**
 * The public API's OpenAPI 3.1 document: valid for a well-kept validator (@seriousme/openapi-
 * schema-validator, the OpenAPI Initiative's schemas), served at /api/docs/json, and complete:
 * every /api route of every module is in it, each with a success response and the parameters it
 * reads. A route added without its schema fails here.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Validator } from '@seriousme/openapi-schema-validator';
import { openTestDatabase } from '../helpers/db.ts';
import { buildServer, type App } from '../../src/app/server.ts';
import type { GuardedRoute } from '../../src/platform/http/access.ts';
import type { DbHandle } from '../../src/platform/db/connection.ts';

let handle: DbHandle;
let app: App;
let guarded: GuardedRoute[];

before(async () => {
  handle = await openTestDatabase();
  ({ app, guarded } = await buildServer(handle, { logger: false }));
  await app.ready();
});
after(async () => {
  await app.close();
  await handle.close();
});

/** Left out of the document on purpose: the development mailbox (loopback only, never in production). */
const HIDDEN = new Set(['GET /api/v1/dev/outbox']);

interface Operation {
  responses?: Record<string, { content?: unknown; description?: string }>;
  parameters?: { name: string; in: string }[];
}

test('the OpenAPI document is valid OpenAPI 3.1 and served as JSON', async () => {
  const res = await app.inject('/api/docs/json');
  assert.equal(res.statusCode, 200);
  const document = res.json();
  assert.equal(document.openapi, '3.1.0');
  const validator = new Validator();
  const result = await validator.validate(document);
  assert.equal(validator.version, '3.1');
  assert.equal(result.valid, true, JSON.stringify(result.errors, null, 1));
});

test('every /api route is documented with a success response and its path parameters', async () => {
  const document = (await app.inject('/api/docs/json')).json() as { paths: Record<string, Record<string, Operation>> };
  const missing: string[] = [];
  for (const route of guarded) {
    if (HIDDEN.has(`${route.method} ${route.url}`)) continue;
    const path = route.url.replace(/:([A-Za-z_]+)/g, '{$1}');
    const operation = document.paths[path]?.[route.method.toLowerCase()];
    if (!operation) {
      missing.push(`${route.method} ${route.url} : absente du document`);
      continue;
    }
    if (!Object.keys(operation.responses ?? {}).some((code) => /^2\d\d$/.test(code)))
      missing.push(`${route.method} ${route.url} : sans réponse 2xx`);
    for (const name of [...route.url.matchAll(/:([A-Za-z_]+)/g)].map((m) => m[1])) {
      if (!operation.parameters?.some((p) => p.in === 'path' && p.name === name))
        missing.push(`${route.method} ${route.url} : paramètre « ${name} » non décrit`);
    }
  }
  assert.deepEqual(missing, []);
  assert.ok(guarded.length > 100, `${guarded.length} routes`);
});
