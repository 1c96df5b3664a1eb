'use strict';
// Where the team's shared material lives (reference facts, Health Checker
// captures): beside the checkout as ../shared, as on the development machines,
// or in /work/shared for a clone made elsewhere (CI). EXWIZ_SHARED overrides.
// The material is read from there and never copied into the repository.
const { existsSync } = require('node:fs');
const path = require('node:path');

function sharedDirectory(root = path.resolve(__dirname, '..', '..')) {
  const candidates = [process.env.EXWIZ_SHARED, path.resolve(root, '..', 'shared'), '/work/shared'].filter(Boolean);
  return candidates.find(dir => existsSync(dir)) ?? candidates[1];
}

module.exports = { sharedDirectory };
