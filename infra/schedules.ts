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
  // Mails the districts that sent nothing once a round's reminder is due: a date counted in days
  // before the close (functions/domain/round.ts), so within the hour is on time.
  { entry: 'functions/rounds/round-reminders.ts', functionName: 'round-reminders', everyMinutes: 60 },
];
