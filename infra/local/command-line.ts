/** A mistake in a command line: shown to the person with the usage, exit code 2. */
export class UsageError extends Error {}

/** node:util's parse errors are English and technical; say the same plainly, naming the culprit. */
export function parseErrorMessage(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  const culprit = /'([^']+)'/.exec(message)?.[1] ?? '';
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `Opsi ${culprit} tidak dikenal.`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return `Opsi ${culprit.replace(/ <value>$/, '')} memerlukan nilai.`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `Argumen "${culprit}" tidak diharapkan; semua masukan diberikan lewat opsi.`;
    default:
      return `Argumen tidak dapat dibaca: ${message}`;
  }
}

/** Prints the mistake and the usage on stderr and ends the process with exit code 2. */
export function exitWithUsage(message: string, usage: string): never {
  process.stderr.write(`${message}\n\n${usage}\n`);
  process.exit(2);
}

/**
 * The options of a command, parsed by `parse` (node:util's parseArgs with `strict: true` and a
 * `help` option). `--help` prints the usage and ends the process; an unknown option, a missing value
 * or a stray argument prints what is wrong and the usage, and ends it with exit code 2, never with
 * a stack trace.
 */
export function readOptions<T extends { help?: boolean | undefined }>(
  usage: string,
  parse: (args: string[]) => { values: T },
  args: string[] = process.argv.slice(2),
): T {
  let values: T;
  try {
    values = parse(args).values;
  } catch (error) {
    return exitWithUsage(parseErrorMessage(error), usage);
  }
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  return values;
}

/** The `--help` / `-h` option every command accepts. */
export const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;
