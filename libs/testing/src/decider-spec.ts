import { NewEvent } from '@gatehouse/contracts';


/** given(events) or givenState(state), then .when(command).then(events) | thenRejects(…) | thenNothingHappened(). */
export function deciderSpec<S, C, E extends NewEvent, R>(decider: {
  initialState: () => S;
  evolve: (state: S, event: E) => S;
  decide: (command: C, state: S) => E[] | R;
}) {
  const given = (history: E[], start: S = decider.initialState()) => {
    const state = history.reduce(decider.evolve, start);
    return {
        when(command: C) {
          const result = decider.decide(command, state);
          return {
            then(expected: E[]): void {
              expect(result).toEqual(expected);
            },
            thenRejects(expected: Partial<R> | ((r: R) => void)): void {
              expect(Array.isArray(result)).toBe(false);
              if (typeof expected === 'function') expected(result as R);
              else expect(result).toMatchObject(expected as object);
            },
            thenNothingHappened(): void {
              expect(result).toEqual([]);
            },
            result,
          };
        },
      };
  };
  return { given, givenState: (state: S) => given([], state) };
}
