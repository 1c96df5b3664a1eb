import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as ResEdit from 'resedit';

/**
 * Stand-in unpacked Electron distributions for electron-builder's
 * `electronDist`, so the packaging runs where the Electron binary cannot be
 * downloaded. The executable is not Electron: it only carries what the
 * packaging touches, the fuse wire (and, for Windows, a PE file with a
 * version resource, which electron-builder edits to embed the ASAR integrity
 * hash).
 */

/** @electron/fuses finds the wire right after this sentinel. */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/**
 * Electron's own defaults in fuse order (FuseV1Options 0..7): RunAsNode on,
 * cookie encryption off, NODE_OPTIONS on, --inspect on, ASAR integrity off,
 * only-load-from-ASAR off, browser V8 snapshot off, file:// extra privileges
 * on. Starting from these, a release setting missing from the configuration
 * shows up as the insecure default.
 */
const ELECTRON_DEFAULT_WIRE = '10110001';

function fuseWire(): Buffer {
  return Buffer.concat([Buffer.from(FUSE_SENTINEL, 'latin1'), Buffer.from([1, ELECTRON_DEFAULT_WIRE.length]), Buffer.from(ELECTRON_DEFAULT_WIRE, 'latin1')]);
}

function commonFiles(directory: string, version: string): void {
  mkdirSync(path.join(directory, 'resources'), { recursive: true });
  writeFileSync(path.join(directory, 'version'), version);
  writeFileSync(path.join(directory, 'LICENSE'), 'Stand-in Electron distribution for packaging tests.\n');
}

/** A Linux distribution: an `electron` file holding the fuse wire. */
export function writeLinuxStandIn(directory: string, version: string): void {
  commonFiles(directory, version);
  const executable = path.join(directory, 'electron');
  writeFileSync(executable, Buffer.concat([Buffer.from('#!/bin/sh\necho "stand-in Electron"\nexit 1\n'), fuseWire()]));
  chmodSync(executable, 0o755);
}

/**
 * A Windows distribution: an `electron.exe` that is a valid (empty) PE image
 * with a version resource in one language, as electron-builder's ASAR
 * integrity step requires, and the fuse wire in an RCDATA resource (where
 * resource edits keep it).
 */
export function writeWindowsStandIn(directory: string, version: string): void {
  commonFiles(directory, version);
  const [major = 0, minor = 0, patch = 0] = version.split('.').map(Number);
  const executable = ResEdit.NtExecutable.createEmpty(false, false);
  const resources = ResEdit.NtExecutableResource.from(executable);
  const versionInfo = ResEdit.Resource.VersionInfo.createEmpty();
  const language = { lang: 1033, codepage: 1200 };
  versionInfo.lang = language.lang;
  versionInfo.removeAllStringValues({ lang: 0, codepage: language.codepage });
  versionInfo.setFileVersion(major, minor, patch, 0);
  versionInfo.setProductVersion(major, minor, patch, 0);
  versionInfo.setStringValues(language, { ProductName: 'Electron', FileDescription: 'Electron', CompanyName: 'GitHub, Inc.', OriginalFilename: 'electron.exe' });
  versionInfo.outputToResourceEntries(resources.entries);
  const wire = fuseWire();
  const RT_RCDATA = 10;
  resources.entries.push({ type: RT_RCDATA, id: 1, ...language, bin: new Uint8Array(wire).buffer });
  resources.outputResource(executable);
  writeFileSync(path.join(directory, 'electron.exe'), Buffer.from(executable.generate()));
}
