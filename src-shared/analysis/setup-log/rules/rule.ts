import type { RunFacts } from '../run-facts';
import type { SetupLogCause } from '../types';

/** One known failure: its cause when the run shows it, else null. */
export type SetupLogRule = (facts: RunFacts) => SetupLogCause | null;
