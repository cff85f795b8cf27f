import { etagOf, matches, parseIfMatch, preconditionFailed } from './if-match';

describe('If-Match', () => {
  it('is no condition when absent, empty or *', () => {
    for (const header of [undefined, '', '  ', '*', ' * ']) expect(parseIfMatch(header)).toBeUndefined();
  });

  it('matches a listed strong tag of the version, never a weak one (RFC 9110 strong comparison)', () => {
    expect(etagOf(3)).toBe('"3"');
    expect(matches(parseIfMatch('"3"')!, 3)).toBe(true);
    expect(matches(parseIfMatch(' "1" ,"3"')!, 3)).toBe(true);
    expect(matches(parseIfMatch(['"1"', '"3"'])!, 3)).toBe(true);
    expect(matches(parseIfMatch('"3"')!, 4)).toBe(false);
    expect(matches(parseIfMatch('W/"3"')!, 3)).toBe(false);
  });

  it('an unreadable header matches nothing: the condition is never dropped', () => {
    for (const header of ['3', '"3', 'W/3', '"3" "4"', '*, "3"']) {
      const condition = parseIfMatch(header)!;
      expect([header, condition.invalid, matches(condition, 3)]).toEqual([header, true, false]);
    }
  });

  it('fails as Kratos answers a 412, naming the current version', () => {
    expect(preconditionFailed(parseIfMatch('"2"')!, 5).toEnvelope()).toEqual({
      error: {
        code: 412,
        status: 'Precondition Failed',
        message: 'The request precondition failed',
        reason: 'The identity has changed since it was read: If-Match names "2", its current version is "5". Read it again and retry with the new ETag.',
      },
    });
    expect(preconditionFailed(parseIfMatch('3')!, 5).code).toBe(412);
  });
});
