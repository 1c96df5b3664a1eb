#!/usr/bin/env node
// `npm run ensure-pwsh`: the PowerShell set-up on its own (npm start and npm test run it themselves).
import { ensurePwsh } from './lib/ensure-pwsh.mjs';

process.exit(ensurePwsh() ? 0 : 1);
