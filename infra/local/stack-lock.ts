import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DataDirLock } from './data-dir-lock.js';

const LOCK_FILE = 'stack.lock';

/**
 * The local stack's claim on its data directory, taken before anything touches it (the reset,
 * DynamoDB Local, the engine): a second `npm start` (or `npm start -- --reset`) on the same
 * directory is refused with the pid of the stack that runs there, and leaves that stack alone.
 */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  return DataDirLock.acquire(
    dataDir,
    LOCK_FILE,
    (dir, pid) =>
      `Direktori data ${dir} sedang dipakai oleh stack lokal lain (proses ${pid}). ` +
      `Hentikan proses itu dulu (kill ${pid}), atau pakai direktori lain dengan DATA_DIR.`,
  );
}

/** `--reset`: empties the directory while keeping the lock that guards it. */
export async function emptyDataDir(lock: DataDirLock): Promise<void> {
  const entries = await readdir(lock.dir);
  await Promise.all(
    entries
      .filter((name) => name !== lock.fileName)
      .map((name) => rm(join(lock.dir, name), { recursive: true, force: true })),
  );
}
