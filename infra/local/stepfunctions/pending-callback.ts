import { StateError } from './errors.js';
import type { JsonValue } from './json.js';

/**
 * A callback task waiting for SendTaskSuccess / SendTaskFailure. It settles once; whatever
 * settles it (a callback, a timeout, a stop) also closes it, so its token is spent.
 */
export class PendingCallback {
  readonly promise: Promise<JsonValue>;
  private resolvePromise!: (value: JsonValue) => void;
  private rejectPromise!: (error: Error) => void;
  private timeoutTimer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private open = true;

  constructor(
    readonly token: string,
    private readonly heartbeatSeconds: number | undefined,
    private readonly onClose: (callback: PendingCallback) => void,
  ) {
    this.promise = new Promise<JsonValue>((resolve, reject) => {
      this.resolvePromise = resolve;
      this.rejectPromise = reject;
    });
    this.heartbeat();
  }

  get isOpen(): boolean {
    return this.open;
  }

  succeed(output: JsonValue): void {
    if (this.close()) this.resolvePromise(output);
  }

  fail(error: Error): void {
    if (this.close()) this.rejectPromise(error);
  }

  /** Restarts the heartbeat clock (SendTaskHeartbeat). */
  heartbeat(): void {
    if (this.heartbeatSeconds === undefined || !this.open) return;
    clearTimeout(this.heartbeatTimer);
    this.heartbeatTimer = setTimeout(
      () => this.fail(new StateError('States.HeartbeatTimeout', 'Task heartbeat timed out')),
      this.heartbeatSeconds * 1000,
    );
  }

  /** Fails the task with States.Timeout once its timeout passes (the task runner arms it when the handler starts). */
  expireAfter(milliseconds: number): void {
    if (!this.open) return;
    this.timeoutTimer = setTimeout(
      () => this.fail(new StateError('States.Timeout', 'Task timed out')),
      milliseconds,
    );
  }

  private close(): boolean {
    if (!this.open) return false;
    this.open = false;
    clearTimeout(this.timeoutTimer);
    clearTimeout(this.heartbeatTimer);
    this.onClose(this);
    return true;
  }
}
