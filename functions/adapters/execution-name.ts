/** One execution per proposal revision; the name makes a repeated start harmless. */
export const executionName = (proposalId: string, revision: number): string => `${proposalId}-r${revision}`;
