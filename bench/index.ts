// `npm run bench` (or `node dist/bench/index.js [--quick]`): runs each section in turn and writes
// BENCHMARKS.md (BENCHMARKS.quick.md with --quick). A new measurement is one more Section module.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BenchContext, type Section } from './context.js';
import { exportSection } from './export.js';
import { fidelitySection } from './fidelity.js';
import { fairnessSection } from './verifier-fairness.js';
import { describeMachine, loadAverage, type Machine } from './machine.js';
import { type BenchPlan, planFor } from './plan.js';
import { mainJobSection } from './main-job.js';
import { pipelineSection } from './pipeline.js';
import { referenceSection } from './reference.js';
import { rolloutSection } from './rollout.js';
import { scalingSection } from './scaling.js';
import { schemasSection } from './schemas.js';
import { serverSection } from './server.js';
import { spliceInto } from './splice.js';
import { serverScaleSection } from './server-scale.js';
import { synthSection } from './synth.js';
import { taskQualitySection } from './task-quality.js';
import { tasksSection } from './tasks.js';
import { thresholdSection } from './threshold.js';

/** The report's sections, in order; later stages append theirs here. */
const SECTIONS: Section[] = [mainJobSection, pipelineSection, referenceSection, scalingSection, thresholdSection, synthSection, fidelitySection, schemasSection, serverSection, serverScaleSection, tasksSection, taskQualitySection, rolloutSection, fairnessSection, exportSection];

function header(plan: BenchPlan, machine: Machine, loadAtEnd: string, duration: string): string {
  return [
    [
      '# agentscaler benchmarks',
      plan.quick ? ' — QUICK RUN (a corpus slice, 1 run each; not the published numbers)' : '',
      plan.only.length > 0 ? ` — PARTIAL RUN (only ${plan.only.join(', ')}; not the published numbers)` : '',
    ].join(''),
    '',
    'Produced by `npm run bench` (`bench/`); do not edit by hand. Every timed run is a fresh child process; ' +
      'a reported value is the median of the runs shown. Workspaces live in a temp folder removed afterwards.',
    '',
    `- **machine**: ${machine.cpu}, ${machine.cores} cores, ${machine.ramGb} GB RAM`,
    `- **OS**: ${machine.os}`,
    `- **Node**: ${machine.node}`,
    `- **date**: ${machine.date}`,
    `- **commit**: ${machine.commit}`,
    `- **load average** (1 / 5 / 15 min): ${machine.load} at the start, ${loadAtEnd} at the end; the bench took ${duration} (m:ss)`,
    `- **reproduce**: \`npm run bench\` (full${plan.quick || plan.only.length > 0 ? '' : ', this file'}; it took as long as the line above says), or \`npm run build && node dist/bench/index.js --quick\` for a quick slice (BENCHMARKS.quick.md)`,
  ].join('\n');
}

async function main(): Promise<void> {
  const plan = planFor(process.argv.slice(2));
  // dist/bench/index.js → the repository root.
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const machine = describeMachine(root);
  const context = new BenchContext(plan, root);
  // Ctrl-C must not leave gigabytes of workspaces in the temp folder.
  process.once('SIGINT', () => {
    context.dispose();
    process.exit(130);
  });
  try {
    const unknown = plan.only.filter((id) => !SECTIONS.some((s) => s.id === id));
    if (unknown.length > 0) throw new Error(`no section ${unknown.join(', ')}; sections are ${SECTIONS.map((s) => s.id).join(', ')}`);
    const sections = plan.only.length > 0 ? SECTIONS.filter((s) => plan.only.includes(s.id)) : SECTIONS;
    const parts: string[] = [];
    for (const [i, section] of sections.entries()) {
      context.say(`section ${i + 1}/${sections.length}: ${section.title(plan)}`);
      parts.push(`## ${section.title(plan)}\n\n${await section.render(context)}`);
    }
    parts.unshift(header(plan, machine, loadAverage(), context.elapsed()));
    const output = join(root, plan.output);
    writeFileSync(output, `${parts.join('\n\n')}\n`);
    context.say(`wrote ${output}`);
    if (plan.update) context.say(`spliced its sections into ${spliceInto(root, output)}`);
  } finally {
    context.dispose();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
