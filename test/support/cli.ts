// Running the real `agentscaler` CLI from source, as a user would run the built one.
import { execa } from 'execa';
import { join } from 'node:path';
import { REPO } from './workspace.js';

/** Result of one CLI run. */
export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Run `agentscaler ...args` (TypeScript sources through tsx) and capture its output. */
export async function agentscaler(args: string[], cwd = REPO): Promise<CliRun> {
  const result = await execa('node', ['--import', import.meta.resolve('tsx'), join(REPO, 'cli', 'index.ts'), ...args], {
    cwd,
    reject: false,
    env: { NO_COLOR: '1' },
    timeout: 300_000,
  });
  return { exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr };
}
