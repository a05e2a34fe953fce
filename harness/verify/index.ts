// The verifier: grade one trajectory of one task by code, in the order of the paper's funnel —
// validity, state alignment, exact match of calls, required outputs — with a reason for every
// failure. It answers two questions apart: the reward (did the agent achieve the task: state,
// outputs, the conversation's shape) and the funnel (is the trajectory fit to train on: every
// validity problem, and exact match of calls on every task). A tool error alone fails neither.
import { digestSchemeOf, digestSchemeProblem, type Task, type TaskV1, TASK_VERSIONS, upgradeTask } from '../../formats/task.js';
import { TRAJECTORY_VERSIONS, type Trajectory } from '../../formats/trajectory.js';
import { callsDecide, checkCalls } from './calls.js';
import { funnelFrom, unfitProblems } from './funnel.js';
import { checkOutputs } from './outputs.js';
import { contractOf, contractTools, packageDigestScheme } from './package.js';
import { checkState } from './state.js';
import { validityProblems } from './validity.js';
import type { Checks, Verdict, VerifyOptions } from './verdict.js';

export type { CheckResult, Checks, ExactMatch, RepetitionOptions, RowDifference, Verdict, VerifyOptions } from './verdict.js';
export { goldTrajectory, goldAnswer, transcript, type Step } from './gold.js';
export { describeDifference } from './state.js';
export { mentions } from './outputs.js';
export { packageDigestScheme } from './package.js';
export { finalStateOf } from './final-state.js';
export { FUNNEL_STAGES, funnelOf } from './funnel.js';
export { VERIFIER } from './version.js';

/** Grade `trajectory` against `task`. */
export async function verify(given: Task | TaskV1, trajectory: Trajectory, options: VerifyOptions = {}): Promise<Verdict> {
  if (trajectory.task !== given.id) throw new Error(`the trajectory is of task ${JSON.stringify(trajectory.task)}, not of ${JSON.stringify(given.id)}; grade each trajectory against its own task`);
  if (!TASK_VERSIONS.includes(given.version) || !TRAJECTORY_VERSIONS.includes(trajectory.version)) {
    throw new Error(`task ${given.id}: this verifier reads task format versions ${TASK_VERSIONS.join(' and ')} and trajectory versions ${TRAJECTORY_VERSIONS.join(' and ')} (got ${String(given.version)} and ${trajectory.version})`);
  }
  const task = upgradeTask(given);
  // A recorded episode names the tools its agent was sent; anything else was given the whole domain.
  const sent = trajectory.version === 2 ? trajectory.tools?.names : undefined;
  const tools = options.tools ?? sent ?? (options.dir ? contractTools(options.dir) : undefined);
  if (!tools) throw new Error(`verify needs the tools the agent was given: pass options.tools, or options.dir (the package folder of domain ${task.domain})`);
  // Digests of two schemes never match: grading would fail every trajectory for a reason that is not the agent's.
  const scheme = options.dir ? await packageDigestScheme(options.dir) : digestSchemeOf(trajectory.finalDigest);
  const stale = scheme === null ? null : digestSchemeProblem(task, scheme);
  if (stale) throw new Error(stale);

  const state = await checkState(task, trajectory, options);
  const validity = validityProblems(trajectory, tools, options.repetition);
  const contract = options.dir ? contractOf(options.dir) : undefined;
  const matched = checkCalls(task, trajectory, { strict: options.strictCalls === true, stateIsGold: state.check.pass, ...(contract ? { contract } : {}) });
  const mode = options.exactMatch ?? 'off';
  const checks: Checks = {
    validity: { applies: true, pass: validity.shape.length === 0, reasons: validity.shape },
    state: state.check,
    calls: callsDecide(task, mode) ? matched : { applies: false, pass: true, reasons: [`not checked for the reward: ${mode === 'off' ? 'state and outputs decide it' : 'the task writes, so its state decides it'} (exactMatch: ${mode}); the funnel matches calls`] },
    outputs: checkOutputs(task, trajectory),
  };
  const pass = Object.values(checks).every((check) => !check.applies || check.pass);
  const failed = (check: { applies: boolean; pass: boolean; reasons: string[] }) => (check.applies && !check.pass ? check.reasons : []);
  const funnel = funnelFrom({
    validity: [...validity.shape, ...validity.unfit, ...unfitProblems(trajectory)],
    state: failed(checks.state),
    calls: failed(matched),
    outputs: failed(checks.outputs),
  });
  return { pass, checks, ...(state.diff ? { diff: state.diff } : {}), funnel };
}
