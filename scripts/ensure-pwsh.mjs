#!/usr/bin/env node
// `npm run ensure-pwsh`: the PowerShell set-up on its own (npm start and npm test run it
// themselves): PowerShell, and Pester for the PowerShell tests (both from NuGet into .tools/).
import { ensurePester } from './lib/ensure-pester.mjs';
import { ensurePwsh } from './lib/ensure-pwsh.mjs';

process.exit(ensurePwsh() && ensurePester() !== null ? 0 : 1);
