import type { ScriptParameterValue } from '../powershell/invocation';

/**
 * The lab configuration (lab.json shape) given to the fake Exchange module; see ExwizLab.psm1.
 * Its own module because discovery and the probe both pass it on, and neither imports the other.
 */
export type LabConfiguration = { [key: string]: ScriptParameterValue };
