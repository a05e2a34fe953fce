// The trajectory an oracle produces: the task's instruction, its gold calls one by one with their
// recorded results, and a final answer stating every required output. Tests grade it as the
// reference; the oracle agent builds its episodes the same way.
import type { Task, TaskV1 } from '../../formats/task.js';
import type { CallRecord, Message, TrajectoryV1 } from '../../formats/trajectory.js';
import type { Json } from '../../formats/toolspec.js';

/** One tool call of an episode, with what it returned. */
export interface Step {
  tool: string;
  arguments: Record<string, Json>;
  isError: boolean;
  /** structuredContent, or null for an error. */
  result: Record<string, Json> | null;
  /** The text the agent saw. */
  text: string;
}

/** The system prompt of scripted episodes. */
export function systemPrompt(task: Task | TaskV1): string {
  return `You are an assistant with tools for the ${task.domain} domain. Use them to do what the user asks, then tell the user what you found and did.`;
}

/** The oracle's final answer: every required output, in the user's words. */
export function goldAnswer(task: Task | TaskV1): string {
  if (task.requiredOutputs.length === 0) return 'Done: everything you asked for is taken care of.';
  const stated = task.requiredOutputs.map((output) => `${output.asked.charAt(0).toUpperCase()}${output.asked.slice(1)}: ${String(output.value)}.`);
  return `Done. ${stated.join(' ')}`;
}

/**
 * An episode as messages and call records: system prompt, the instruction, one assistant tool call
 * per step (ids `call_1`, `call_2`, …) answered by its tool message, then `answer`.
 */
export function transcript(task: Task | TaskV1, steps: Step[], answer: string, finalDigest: string): TrajectoryV1 {
  const messages: Message[] = [
    { role: 'system', content: systemPrompt(task) },
    { role: 'user', content: task.instruction },
  ];
  const calls: CallRecord[] = [];
  steps.forEach((step, index) => {
    const id = `call_${index + 1}`;
    messages.push({ role: 'assistant', content: null, tool_calls: [{ id, type: 'function', function: { name: step.tool, arguments: JSON.stringify(step.arguments) } }] });
    messages.push({ role: 'tool', tool_call_id: id, content: step.text });
    calls.push({ id, tool: step.tool, arguments: step.arguments, isError: step.isError, result: step.result, text: step.text });
  });
  messages.push({ role: 'assistant', content: answer });
  return { version: 1, task: task.id, messages, calls, finalDigest };
}

/** The trajectory an oracle would produce for `task`: its gold calls and results, then the gold answer. */
export function goldTrajectory(task: Task | TaskV1, finalDigest: string = task.goldDigest): TrajectoryV1 {
  const steps = task.gold.map((call) => ({ tool: call.tool, arguments: call.arguments, isError: false, result: call.result, text: JSON.stringify(call.result) }));
  return transcript(task, steps, goldAnswer(task), finalDigest);
}
