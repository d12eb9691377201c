import { env } from './env.js';

/**
 * One execution per proposal revision and run attempt (an admin retry is the next attempt); the
 * name makes a repeated start harmless: Step Functions refuses a second execution of that name.
 * Its own module so that the steps can name their execution in logs, and a revision its run's ARN,
 * without the SFN client.
 */
export const executionName = (proposalId: string, revision: number, attempt = 0): string =>
  attempt === 0 ? `${proposalId}-r${revision}` : `${proposalId}-r${revision}-a${attempt}`;

/** The ARN the run has (or will have): known before it starts, from its name. */
export const executionArnOf = (proposalId: string, revision: number, attempt = 0): string =>
  `${env.stateMachineArn().replace(':stateMachine:', ':execution:')}:${executionName(proposalId, revision, attempt)}`;
