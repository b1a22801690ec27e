import assert from 'node:assert/strict';

/**
 * What a test compares of a refusal: its French message and its field or code. The problem's
 * other members (RFC 9457, src/platform/http/problem.ts) are checked here once.
 */
export function refusal(res: { statusCode: number; headers: Record<string, unknown>; json(): unknown }): Record<string, unknown> {
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
  const { type, title, status, detail, ...rest } = res.json() as Record<string, unknown>;
  assert.equal(type, 'about:blank');
  assert.equal(status, res.statusCode);
  assert.equal(detail, rest.error);
  assert.ok(typeof title === 'string' && title.length > 0);
  return rest;
}
