import { mkdir, open, readFile, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';

const LOCK_FILE = 'engine.lock';
/**
 * Data directories locked by engines of this process. The lock file alone cannot tell them from
 * the stale lock of a dead process that had the same pid.
 */
const heldHere = new Set<string>();

/** One engine per data directory: two writers would interleave their journals. */
export class DataDirLock {
  private constructor(
    private readonly dir: string,
    private readonly path: string,
  ) {}

  static async acquire(dataDir: string): Promise<DataDirLock> {
    const dir = resolve(dataDir);
    if (heldHere.has(dir)) throw new Error(`${dir} is already used by another engine in this process`);
    heldHere.add(dir);
    try {
      await mkdir(dir, { recursive: true });
      const path = join(dir, LOCK_FILE);
      await createLockFile(path);
      return new DataDirLock(dir, path);
    } catch (error) {
      heldHere.delete(dir);
      throw error;
    }
  }

  async release(): Promise<void> {
    if (!heldHere.delete(this.dir)) return;
    await unlink(this.path).catch(() => {});
  }
}

async function createLockFile(path: string): Promise<void> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const file = await open(path, 'wx');
      try {
        await file.writeFile(String(process.pid));
      } finally {
        await file.close();
      }
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
      if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
        throw new Error(
          `${path} says process ${owner} runs an engine on this directory; remove it if that process is gone`,
        );
      }
      // A stale lock: its process is gone (or it was ours, from an engine that did not close).
      await unlink(path).catch(() => {});
    }
  }
  throw new Error(`Could not create ${path}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
