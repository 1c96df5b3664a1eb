import { constants } from 'node:fs';

/**
 * Flags to open a file the admin named for reading without waiting: opening a FIFO for reading
 * blocks until something writes to it (the engine's file thread then hangs for ever), and
 * O_NONBLOCK makes that open return at once, so the fstat check after it can refuse the pipe.
 * It changes nothing for regular files; Windows has no such flag (nor FIFOs on a path).
 */
export const READ_WITHOUT_WAITING: number = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);
