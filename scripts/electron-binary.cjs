'use strict';
// Where the Electron binary is, or null when it is not installed.
//
// Deliberately not require('electron'): recent electron packages start a
// download when the binary is missing, which hangs or fails on a closed network.
const { existsSync, readFileSync } = require('node:fs');
const path = require('node:path');

function electronBinary(root = path.resolve(__dirname, '..')) {
  const pkg = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relative = readFileSync(pathFile, 'utf8').trim();
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH || path.join(pkg, 'dist');
  const binary = path.join(dist, relative);
  return existsSync(binary) ? binary : null;
}

module.exports = { electronBinary };
