#!/usr/bin/env node
'use strict';
// Launcher for the exwiz CLI. The CLI is built into out/cli by "npm install"
// (the prepare script) or "npm run build".
const path = require('node:path');
const fs = require('node:fs');
const entry = path.join(__dirname, '..', 'out', 'cli', 'exwiz.cjs');
if (!fs.existsSync(entry)) {
  process.stderr.write('exwiz has not been built yet: run "npm run build" in the project folder.\n');
  process.exit(1);
}
require(entry)
  .main(process.argv.slice(2))
  .then(
    code => {
      process.exitCode = code;
    },
    err => {
      process.stderr.write(`exwiz: unexpected error: ${err && err.stack ? err.stack : String(err)}\n`);
      process.exitCode = 1;
    },
  );
