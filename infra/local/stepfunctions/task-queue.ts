/**
 * Task handler invocations, a bounded number at a time, the rest waiting in arrival order. The
 * handlers share DynamoDB Local with the API: without a bound, a burst of workflows puts hundreds
 * of step calls in the database's queue ahead of every API request. The backlog (waiting plus
 * running) is what an admission check reads to refuse new work before the queue grows.
 */
export class TaskQueue {
  private running = 0;
  /** How many may run now: `concurrency`, or fewer while other work has priority (see yieldTo). */
  private limit: number;
  private waiting: Array<() => void> = [];
  /** Index of the next waiting job: taken from the front without shifting the array each time. */
  private head = 0;
  private completed = 0;

  constructor(
    readonly concurrency: number,
    /** The bound while yielding: at least one, so that a steady stream of other work never starves the steps. */
    readonly yieldingConcurrency = 1,
  ) {
    if (!(concurrency >= 1)) throw new Error(`Task concurrency must be at least 1, got ${concurrency}`);
    if (!(yieldingConcurrency >= 1))
      throw new Error(`Task concurrency while yielding must be at least 1, got ${yieldingConcurrency}`);
    this.limit = concurrency;
  }

  /**
   * While `yielding`, new invocations start only up to `yieldingConcurrency` at once (those running
   * finish); afterwards the queue fills every slot again at once.
   */
  yieldTo(yielding: boolean): void {
    this.limit = yielding ? Math.min(this.yieldingConcurrency, this.concurrency) : this.concurrency;
    while (this.running < this.limit && this.head < this.waiting.length) this.next();
  }

  /** Invocations waiting for a slot plus those running. */
  get backlog(): number {
    return this.running + this.waiting.length - this.head;
  }

  /** Invocations that have finished since the engine started (for drain-rate estimates). */
  get completedCount(): number {
    return this.completed;
  }

  /** Runs `job` once a slot is free; the returned promise settles with the job's. */
  run<T>(job: () => Promise<T>): Promise<T> {
    if (this.running < this.limit && this.head === this.waiting.length) return this.start(job);
    return new Promise<T>((resolve, reject) => {
      this.waiting.push(() => {
        this.start(job).then(resolve, reject);
      });
    });
  }

  private start<T>(job: () => Promise<T>): Promise<T> {
    this.running++;
    let result: Promise<T>;
    try {
      result = job();
    } catch (error) {
      result = Promise.reject(error);
    }
    return result.finally(() => {
      this.running--;
      this.completed++;
      if (this.running < this.limit) this.next();
    });
  }

  private next(): void {
    if (this.head === this.waiting.length) {
      if (this.head > 0) {
        this.waiting = [];
        this.head = 0;
      }
      return;
    }
    const job = this.waiting[this.head++] as () => void;
    if (this.head > 1024 && this.head * 2 > this.waiting.length) {
      this.waiting = this.waiting.slice(this.head);
      this.head = 0;
    }
    job();
  }
}
