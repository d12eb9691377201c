import { type Summary, summarize } from '../stats.js';

export interface OpenLoopRequest {
  path: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

export interface OpenLoopResult {
  sent: number;
  /** Latencies of 2xx responses, from the moment each request was due (not when it was sent). */
  latencyMs: Summary;
  byStatus: Record<string, number>;
  /** Network errors (no response at all). */
  errors: number;
  durationSeconds: number;
}

/**
 * Starts `send(i, due)` for i = 0 … rate × seconds − 1, each at start + i / rate, whatever happened
 * to the earlier ones (a true open loop: latencies count from `due`, not from when a call was sent),
 * and resolves when all have settled. `send` handles its own errors.
 */
export async function atFixedRate(
  ratePerSecond: number,
  seconds: number,
  send: (i: number, due: number) => Promise<void>,
): Promise<{ total: number; durationSeconds: number }> {
  const total = Math.round(ratePerSecond * seconds);
  const start = performance.now();
  const inFlight: Array<Promise<void>> = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / ratePerSecond;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(send(i, due));
  }
  await Promise.all(inFlight);
  return { total, durationSeconds: (performance.now() - start) / 1000 };
}

/**
 * HTTP requests at a fixed rate (atFixedRate). autocannon's rate options send each connection's
 * quota at the start of every second: 20 connections at 1/s are a burst of 20 at once every second,
 * not 20 submissions/s.
 */
export async function openLoop(
  baseUrl: string,
  ratePerSecond: number,
  seconds: number,
  request: (i: number) => OpenLoopRequest,
): Promise<OpenLoopResult> {
  const latencies: number[] = [];
  const byStatus: Record<string, number> = {};
  let errors = 0;
  const { total, durationSeconds } = await atFixedRate(ratePerSecond, seconds, (i, due) => {
    const r = request(i);
    return fetch(`${baseUrl}${r.path}`, { method: r.method, headers: r.headers, body: r.body }).then(
      async (res) => {
        await res.arrayBuffer();
        const ms = performance.now() - due;
        byStatus[res.status] = (byStatus[res.status] ?? 0) + 1;
        if (res.status >= 200 && res.status < 300) latencies.push(ms);
      },
      () => {
        errors++;
      },
    );
  });
  return { sent: total, latencyMs: summarize(latencies), byStatus, errors, durationSeconds };
}
