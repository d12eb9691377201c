/**
 * The one place a local process decides how it ends. Ctrl-C, a closed terminal, `kill`, or a crash
 * all run the registered cleanups (newest first, each with a time limit) and then exit, so no
 * DynamoDB Local JVM or half-written file is left behind. Only entry points (infra/local/main.ts)
 * use this: it takes over the process's signal and crash handling.
 */

type Cleanup = { name: string; fn: () => Promise<void> | void };

const CLEANUP_TIME_LIMIT_MS = 5_000;
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

const cleanups: Cleanup[] = [];
let installed = false;
let exiting: Promise<never> | undefined;

/** Registers a cleanup; it runs before any registered earlier (like a stack unwinding). */
export function onShutdown(name: string, fn: () => Promise<void> | void): void {
  cleanups.push({ name, fn });
  install();
}

/** Runs the cleanups and exits with `code`. A second call returns the first one's promise. */
export function shutdownNow(code = 0): Promise<never> {
  exiting ??= runCleanups().then(() => process.exit(code));
  return exiting;
}

function install(): void {
  if (installed) return;
  installed = true;
  for (const signal of SIGNALS) {
    process.on(signal, () => {
      // A second Ctrl-C while cleanups run means "now": the synchronous 'exit' hooks still run.
      if (exiting) process.exit(1);
      console.error(`\n${signal}: stopping…`);
      void shutdownNow(0);
    });
  }
  process.on('uncaughtException', (error) => crash('uncaughtException', error));
  process.on('unhandledRejection', (reason) => crash('unhandledRejection', reason));
}

function crash(kind: string, error: unknown): void {
  console.error(`${kind}:`, error instanceof Error ? (error.stack ?? error.message) : error);
  void shutdownNow(1);
}

async function runCleanups(): Promise<void> {
  for (const { name, fn } of cleanups.splice(0).reverse()) {
    let timer: NodeJS.Timeout | undefined;
    const timeLimit = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), CLEANUP_TIME_LIMIT_MS);
    });
    try {
      const outcome = await Promise.race([Promise.resolve().then(fn), timeLimit]);
      if (outcome === 'timeout')
        console.error(`shutdown: "${name}" did not finish within ${CLEANUP_TIME_LIMIT_MS / 1000} s`);
    } catch (error) {
      console.error(`shutdown: "${name}" failed:`, error instanceof Error ? error.message : error);
    } finally {
      clearTimeout(timer);
    }
  }
}
