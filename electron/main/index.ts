import { createEngine } from '../engine/engine';
import { startMainProcess } from './main-process';

/** Electron entry point (out/main/index.cjs); the work is in main-process.ts. */
startMainProcess({ createEngine, mainDirectory: __dirname });
