import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { asyncApiDocument } from './asyncapi';

const DOC = join(__dirname, '..', '..', '..', 'docs', 'asyncapi.json');

describe('docs/asyncapi.json', () => {
  it('is the AsyncAPI document built from the contracts (regenerate: npm run docs:asyncapi)', () => {
    expect(JSON.parse(readFileSync(DOC, 'utf8'))).toEqual(asyncApiDocument());
  });

  it('lists every published event with CloudEvents headers and no secret fields', () => {
    const text = JSON.stringify(asyncApiDocument());
    expect(text).toContain('sh.gatehouse.identity.registered.v1');
    expect(text).not.toMatch(/hashed_password|"password"\s*:\s*\{\s*"type":\s*"string"/);
  });
});
