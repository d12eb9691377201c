import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/**
 * Lock files held by this process, by path. A lock file naming our own pid is either one of these
 * (held: refuse) or left by an earlier holder in this process that did not release it (stale).
 */
const heldHere = new Set<string>();

/** Another live process (or another part of this one) holds the directory. */
export class DataDirLockedError extends Error {
  override readonly name = 'DataDirLockedError';
  constructor(
    readonly dir: string,
    readonly ownerPid: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * One holder per data directory and lock name: `stack.lock` for a whole local stack (two stacks
 * would kill each other's DynamoDB Local and interleave their writes), `engine.lock` for the
 * workflow engine's journal.
 *
 * The lock is a file holding the owner's pid, made race-free: the pid is written to a private
 * temporary file first, which is then hard-linked to the lock's name. link(2) fails if the name
 * exists, so the lock appears complete, with its pid, or not at all; an empty lock file (what a
 * reader saw between open and write before) cannot happen. A lock whose process is gone is taken
 * over under a mutex per stale owner (see takeOverStale), so two processes that both found it
 * stale cannot both win.
 */
export class DataDirLock {
  private constructor(
    readonly dir: string,
    private readonly path: string,
  ) {}

  /** `describeOwner` words the refusal, naming the pid that holds the directory. */
  static async acquire(
    dataDir: string,
    lockName: string,
    describeOwner: (dir: string, pid: number) => string,
  ): Promise<DataDirLock> {
    const dir = resolve(dataDir);
    const path = join(dir, lockName);
    if (heldHere.has(path)) throw new DataDirLockedError(dir, process.pid, describeOwner(dir, process.pid));
    heldHere.add(path);
    try {
      await mkdir(dir, { recursive: true });
      await createLockFile(path, (pid) => new DataDirLockedError(dir, pid, describeOwner(dir, pid)));
      return new DataDirLock(dir, path);
    } catch (error) {
      heldHere.delete(path);
      throw error;
    }
  }

  /** The lock file's own name, so that a reset of the directory can leave it in place. */
  get fileName(): string {
    return this.path.slice(this.dir.length + 1);
  }

  async release(): Promise<void> {
    if (!heldHere.delete(this.path)) return;
    // Only our own lock: never remove a lock another process took over in the meantime.
    if ((await readPid(this.path)) === process.pid) await unlink(this.path).catch(() => {});
  }
}

const ATTEMPTS = 50;
const RETRY_MS = 20;
/** A takeover mutex whose taker died mid-takeover is cleared after this long. */
const ABANDONED_TAKEOVER_MS = 10_000;

async function createLockFile(path: string, held: (pid: number) => Error): Promise<void> {
  const unique = `${process.pid}.${randomBytes(6).toString('hex')}`;
  const temp = `${path}.${unique}.tmp`;
  await writeFile(temp, `${process.pid}\n`, { flag: 'wx' });
  try {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      try {
        await link(temp, path);
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const owner = await readPid(path);
      if (owner === undefined) continue; // released between our link and our read: try again
      if (owner !== null && owner !== process.pid && isAlive(owner)) throw held(owner);
      if (await takeOverStale(path, owner, temp)) return;
      await new Promise((r) => setTimeout(r, RETRY_MS));
    }
    throw new Error(`could not take the lock ${path}: it changed hands ${ATTEMPTS} times while we tried`);
  } finally {
    await unlink(temp).catch(() => {});
  }
}

/**
 * Replaces a stale lock (its process is gone) with ours; true when we took it. Everyone who found
 * the same stale owner competes for one takeover mutex named after that owner (link(2): exactly one
 * wins); the winner checks the lock still names the stale owner and renames its own pid file over
 * it, atomically. The others try again and then find the winner alive, so two processes can never
 * both take the same stale lock.
 */
async function takeOverStale(path: string, stalePid: number | null, temp: string): Promise<boolean> {
  const mutex = `${path}.takeover-${stalePid ?? 'empty'}`;
  try {
    await link(temp, mutex);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    await clearAbandoned(mutex);
    return false;
  }
  try {
    if ((await readPid(path)) !== stalePid) return false; // taken over meanwhile: look again
    await rename(temp, path);
    return true;
  } finally {
    await unlink(mutex).catch(() => {});
  }
}

/** A takeover mutex left by a process that died while taking over: removed once it is old. */
async function clearAbandoned(mutex: string): Promise<void> {
  const taker = await readPid(mutex);
  if (taker === undefined || (taker !== null && isAlive(taker))) return;
  const age = await stat(mutex).then(
    (s) => Date.now() - s.mtimeMs,
    () => 0,
  );
  if (age > ABANDONED_TAKEOVER_MS) await unlink(mutex).catch(() => {});
}

/** The pid in a lock file; `null` for a file without one (an old-style empty lock), `undefined` if absent. */
async function readPid(path: string): Promise<number | null | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  const pid = Number.parseInt(text.trim(), 10);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
