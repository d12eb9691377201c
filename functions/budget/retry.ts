/** Full-jitter exponential backoff between attempts of a guarded write that lost a race. */
export function backoff(attempt: number): Promise<void> {
  const cap = 10 * 2 ** Math.min(attempt, 7);
  return new Promise((resolve) => setTimeout(resolve, Math.random() * cap));
}
