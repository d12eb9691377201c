/**
 * Handlers run on a schedule rather than by a route or a Task state: an EventBridge rule on AWS,
 * a timer in the local stack (which also runs each once at start-up).
 */
export interface ScheduledTask {
  /** Handler module from the project root; its export is `handler`. */
  entry: string;
  functionName: string;
  everyMinutes: number;
}

export const SCHEDULED_TASKS: readonly ScheduledTask[] = [
  // Starts runs stored but never started, delivers decisions recorded but never received, sends pending mail.
  { entry: 'functions/maintenance/sweep.ts', functionName: 'sweep', everyMinutes: 1 },
];
