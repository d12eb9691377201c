/** Polls GET /health until it answers 200; resolves with the milliseconds waited. */
export async function waitForHealth(
  baseUrl: string,
  timeoutMs: number,
  isAlive: () => boolean = () => true,
): Promise<number> {
  const started = performance.now();
  const deadline = started + timeoutMs;
  while (performance.now() < deadline) {
    if (!isAlive()) throw new Error('the stack exited before /health answered');
    try {
      const res = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status === 200) return performance.now() - started;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${baseUrl}/health did not answer 200 within ${Math.round(timeoutMs / 1000)} s`);
}
