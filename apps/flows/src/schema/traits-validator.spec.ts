import { DEFAULT_SCHEMA, IdentitySchema, loadIdentitySchema } from './identity-schema';
import { deriveCredentials } from './traits';
import { TraitsValidator } from './traits-validator';

const validator = new TraitsValidator();
const validate = (traits: unknown, schema: IdentitySchema = DEFAULT_SCHEMA) => validator.validate(schema, traits);

describe('traits validation against the identity schema', () => {
  it('accepts the quickstart traits', () => {
    expect(validate({ email: 'ada@example.com', name: { first: 'Ada', last: 'Lovelace' } })).toEqual([]);
  });

  it('reports a missing required trait with 4000002 on its node', () => {
    expect(validate({})).toEqual([{ node: 'traits.email', message: { id: 4000002, text: 'Property email is missing.', type: 'error', context: { property: 'email' } } }]);
  });

  it('reports an invalid e-mail with 4000001 as Kratos words it', () => {
    expect(validate({ email: 'not-an-email' })).toEqual([
      { node: 'traits.email', message: { id: 4000001, text: '"not-an-email" is not valid "email"', type: 'error', context: { reason: '"not-an-email" is not valid "email"' } } },
    ]);
  });

  it('reports wrong types, too-short values and unknown traits', () => {
    const errors = validate({ email: 'ab', name: { first: 7 }, nickname: 'x' });
    expect(errors.map((e) => [e.node, e.message.id])).toEqual(
      expect.arrayContaining([
        ['traits.email', 4000003],
        ['traits.name.first', 4000026],
        ['traits', 4000001],
      ]),
    );
  });

  it('refuses traits that are not an object', () => {
    expect(validate('ada@example.com')[0]).toMatchObject({ node: 'traits', message: { id: 4000026 } });
  });
});

describe('the ory.sh/kratos extension', () => {
  it('derives normalized identifiers and addresses from the annotated traits', () => {
    expect(deriveCredentials(DEFAULT_SCHEMA, { email: '  Ada@Example.COM ' })).toEqual({
      passwordIdentifiers: ['ada@example.com'],
      verifiableAddresses: [{ value: 'ada@example.com', via: 'email' }],
      recoveryAddresses: [{ value: 'ada@example.com', via: 'email' }],
    });
  });

  it('loads a schema from base64:// and refuses one without traits', () => {
    const schema = { properties: { traits: { type: 'object', properties: { username: { type: 'string', 'ory.sh/kratos': { credentials: { password: { identifier: true } } } } } } } };
    const loaded = loadIdentitySchema({ id: 'users', url: `base64://${Buffer.from(JSON.stringify(schema)).toString('base64')}` });
    expect(deriveCredentials(loaded, { username: ' Ada ' }).passwordIdentifiers).toEqual(['ada']);
    expect(() => loadIdentitySchema({ id: 'bad', url: `base64://${Buffer.from('{"properties":{}}').toString('base64')}` })).toThrow(/properties.traits/);
  });
});
