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
 * A true open loop: request i is due at start + i / rate, evenly spaced, whatever happened to the
 * earlier ones, and its latency counts from when it was due. (autocannon's rate options send each
 * connection's quota at the start of every second: 20 connections at 1/s are a burst of 20 at once
 * every second, not 20 submissions/s.)
 */
export async function openLoop(
  baseUrl: string,
  ratePerSecond: number,
  seconds: number,
  request: (i: number) => OpenLoopRequest,
): Promise<OpenLoopResult> {
  const total = Math.round(ratePerSecond * seconds);
  const latencies: number[] = [];
  const byStatus: Record<string, number> = {};
  let errors = 0;
  const start = performance.now();
  const inFlight: Array<Promise<void>> = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / ratePerSecond;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const r = request(i);
    inFlight.push(
      fetch(`${baseUrl}${r.path}`, { method: r.method, headers: r.headers, body: r.body }).then(
        async (res) => {
          await res.arrayBuffer();
          const ms = performance.now() - due;
          byStatus[res.status] = (byStatus[res.status] ?? 0) + 1;
          if (res.status >= 200 && res.status < 300) latencies.push(ms);
        },
        () => {
          errors++;
        },
      ),
    );
  }
  await Promise.all(inFlight);
  return {
    sent: total,
    latencyMs: summarize(latencies),
    byStatus,
    errors,
    durationSeconds: (performance.now() - start) / 1000,
  };
}
