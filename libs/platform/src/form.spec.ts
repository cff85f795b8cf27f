import { parseForm } from './form';

describe('parseForm', () => {
  it('expands dotted names into nested objects', () => {
    expect(parseForm('method=password&traits.email=a%40b.c&traits.name.first=A&password=p%26w')).toEqual({
      method: 'password',
      traits: { email: 'a@b.c', name: { first: 'A' } },
      password: 'p&w',
    });
  });

  it('ignores names that would reach the prototype', () => {
    const parsed = parseForm('__proto__.polluted=1&constructor.prototype.x=1&a.=1');
    expect(parsed).toEqual({});
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
