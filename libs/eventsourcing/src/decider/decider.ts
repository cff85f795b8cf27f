import { NewEvent } from '@gatehouse/contracts';

/** A pure decision: given the state and a command, the events to record (or a typed rejection).
 * Time, ids and secrets arrive inside the command; deciders never read clocks or randomness. */
export interface Decider<State, Command, Event extends NewEvent, Rejection> {
  initialState: () => State;
  evolve: (state: State, event: Event) => State;
  decide: (command: Command, state: State) => Event[] | Rejection;
}

export function isRejection<E extends NewEvent, R>(result: E[] | R): result is R {
  return !Array.isArray(result);
}
