// `agentscaler funnel --run RUN... [--json]`
import { Command } from 'commander';
import { UserError } from '../generator/errors.js';
import { type FunnelReport, funnelRuns } from '../harness/run/funnel-run.js';
import { RunInputError } from '../harness/run/input-error.js';

/** The funnel of one run as a table for people: each stage with what entered, stayed and dropped, and the top reason shapes. */
function funnelTable(report: FunnelReport): string {
  const rows = [['stage', 'entered', 'kept', 'dropped', 'top reasons'], ...report.stages.map((s) => [s.stage, String(s.entered), String(s.kept), String(s.dropped), s.reasons.slice(0, 3).map((r) => `${r.count}× ${r.shape.length > 70 ? `${r.shape.slice(0, 69)}…` : r.shape}`).join('; ')])];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const lines = rows.map((r) => r.map((cell, i) => (i === 0 || i === 4 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd());
  return [
    `funnel ${report.run} → ${report.kept} of ${report.trajectories} trajectories kept (${report.keptWithToolErrors} of them recovered from tool errors); reward passed ${report.rewardPassed}`,
    ...lines.map((l) => `  ${l}`),
    ...(report.derived > 0 ? [`  ${report.derived} lines carry no recorded funnel decision (recorded by an older verifier): derived; \`agentscaler verify --run ${report.run}\` re-grades them`] : []),
  ].join('\n');
}

export function funnelCommand(): Command {
  return new Command('funnel')
    .description("the paper's filtering funnel over runs (validity → state → calls → outputs): counts and top reasons per stage, into RUN/funnel.json")
    .requiredOption('--run <RUN...>', 'run folders (agentscaler rollout --out RUN)')
    .option('--json', 'print the reports as JSON')
    .action((flags: { run: string[]; json?: boolean }) => {
      let reports: FunnelReport[];
      try {
        reports = funnelRuns(flags.run);
      } catch (error) {
        if (error instanceof RunInputError) throw new UserError(error.message);
        throw error;
      }
      if (flags.json) process.stdout.write(`${JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2)}\n`);
      else process.stdout.write(`${reports.map(funnelTable).join('\n\n')}\n`);
    });
}
