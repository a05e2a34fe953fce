#!/usr/bin/env node
// The `agentscaler` command: one subcommand per file, each only parsing its flags.
import { Command } from 'commander';
import { buildCommand } from './build.js';
import { exportCommand } from './export.js';
import { graphCommand } from './graph.js';
import { ingestCommand } from './ingest.js';
import { synthCommand } from './synth.js';
import { tasksCommand } from './tasks.js';
import { mergeCommand } from './merge.js';
import { rolloutCommand } from './rollout.js';
import { verifyCommand } from './verify.js';
import { funnelCommand } from './funnel.js';
import { reportFailure } from './terminal.js';

// `agentscaler … | head` closes stdout early; that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const program = new Command('agentscaler')
  .description('Compile API catalogs into simulated, stateful, verifiable MCP tool-use environments.')
  .version('0.1.0')
  .showHelpAfterError()
  .addCommand(ingestCommand())
  .addCommand(graphCommand())
  .addCommand(synthCommand())
  .addCommand(tasksCommand())
  .addCommand(verifyCommand())
  .addCommand(funnelCommand())
  .addCommand(rolloutCommand())
  .addCommand(mergeCommand())
  .addCommand(exportCommand())
  .addCommand(buildCommand());

// Usage errors throw instead of exiting, so they get exit code 2 (commander has printed them).
for (const command of [program, ...program.commands]) command.exitOverride();

program.parseAsync(process.argv).catch(reportFailure);
