import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { delimiter, join, resolve } from 'node:path';
import { promisify } from 'node:util';

const SOURCE = resolve(import.meta.dirname, 'LoopbackDynamoDbLocal.java');
export const LAUNCHER_CLASS = 'LoopbackDynamoDbLocal';
const CACHE_ROOT = resolve(import.meta.dirname, '../../../node_modules/.cache/ikm-dynamodb-loopback');

/**
 * The directory holding the compiled loopback launcher (LoopbackDynamoDbLocal.java), compiled once
 * per source version and kept under node_modules/.cache; `undefined` when there is no javac (a JRE
 * without the JDK), in which case DynamoDB Local runs as shipped and listens on every interface.
 */
export async function loopbackLauncherDir(): Promise<string | undefined> {
  const source = readFileSync(SOURCE);
  const dir = join(CACHE_ROOT, createHash('sha256').update(source).digest('hex').slice(0, 16));
  if (existsSync(join(dir, `${LAUNCHER_CLASS}.class`))) return dir;
  const javac = findJavac();
  if (!javac) return undefined;
  await mkdir(CACHE_ROOT, { recursive: true });
  // Compiled aside and renamed into place, so a concurrent start never sees half a class file.
  const temp = await mkdtemp(join(CACHE_ROOT, 'build-'));
  try {
    await promisify(execFile)(javac, ['-nowarn', '-d', temp, SOURCE], { timeout: 60_000 });
    await rename(temp, dir).catch(async (error: NodeJS.ErrnoException) => {
      if (!existsSync(join(dir, `${LAUNCHER_CLASS}.class`))) throw error; // another start won the race
    });
    return dir;
  } catch {
    return undefined;
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

function findJavac(): string | undefined {
  if (process.env.JAVA_HOME) {
    const javac = join(process.env.JAVA_HOME, 'bin', 'javac');
    return existsSync(javac) ? javac : undefined;
  }
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, 'javac'))) return join(dir, 'javac');
  }
  return undefined;
}
