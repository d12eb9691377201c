import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Runs a command-line entry point the way its npm script does, without starting anything real. */
const run = (script: string, ...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });

describe.each([
  ['npm start', 'infra/local/main.ts'],
  ['npm run bench', 'bench/run.ts'],
])('the command line of %s', (command, script) => {
  it('given --help, when run, then it prints the usage in plain words and exits 0', () => {
    const result = run(script, '--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`Pemakaian: ${command} -- [opsi]`);
    expect(result.stdout).toContain('--help, -h');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('given an unknown option, when run, then it names the option, shows the usage and exits 2', () => {
    const result = run(script, '--no-such-option');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Opsi --no-such-option tidak dikenal.');
    expect(result.stderr).toContain('Pemakaian:');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout).toBe('');
  });
});
