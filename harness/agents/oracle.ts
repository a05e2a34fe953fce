// The oracle: plays the task's gold calls one by one, then states every required output. Its
// episodes pass by construction, so a run with it checks the harness end to end.
import type { Task } from '../../formats/task.js';
import { goldAnswer } from '../verify/gold.js';
import type { AgentFactory, SteppedAgent } from './agent.js';

/** The oracle agent for every episode. */
export const oracleAgent: AgentFactory = {
  label: 'oracle',
  episode(task: Task): SteppedAgent {
    let step = 0;
    return {
      kind: 'stepped',
      async next() {
        const call = task.gold[step];
        if (!call) return { content: goldAnswer(task), calls: [] };
        step++;
        return { content: null, calls: [{ id: `call_${step}`, name: call.tool, arguments: JSON.stringify(call.arguments) }] };
      },
    };
  },
};
