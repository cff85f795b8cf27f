import { expectKratosShape } from './kratos-openapi';

describe('expectKratosShape', () => {
  it('accepts a Kratos error envelope and refuses one without the required fields', () => {
    expect(() => expectKratosShape('errorGeneric', { error: { code: 404, status: 'Not Found', message: 'The requested resource could not be found' } })).not.toThrow();
    expect(() => expectKratosShape('errorGeneric', { message: 'nope' })).toThrow(/errorGeneric/);
  });
});
