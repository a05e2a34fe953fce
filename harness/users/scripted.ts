// The scripted user: deterministic from the task. It opens with the instruction, answers a
// question with a fixed reply (at most twice), and stops as soon as the agent answers.
import type { Message } from '../../formats/trajectory.js';
import type { Task } from '../../formats/task.js';
import { STOP, type UserFactory, type UserSession } from './user.js';

/** What the scripted user says when the agent asks something. */
export const SCRIPTED_REPLY = 'I have told you everything I know. Please go ahead with what I asked.';
/** Questions the scripted user answers before it stops anyway. */
export const SCRIPTED_REPLIES = 2;

/** Whether an agent's text asks the user something: its last sentence is a question. */
export function asksSomething(text: string): boolean {
  return /\?\s*["')\]]*\s*$/.test(text.trim());
}

/** The scripted user. */
export const scriptedUser: UserFactory = {
  label: 'scripted',
  episode(task: Task): UserSession {
    let replies = 0;
    return {
      async opening() {
        return { text: task.instruction, stop: false };
      },
      async reply(conversation: Message[]) {
        const last = conversation[conversation.length - 1];
        const text = typeof last?.content === 'string' ? last.content : '';
        if (asksSomething(text) && replies < SCRIPTED_REPLIES) {
          replies++;
          return { text: SCRIPTED_REPLY, stop: false };
        }
        return { text: STOP, stop: true };
      },
    };
  },
};

/** Solo mode: the instruction is the only user turn; the agent's first answer ends the episode. */
export const noUser: UserFactory = {
  label: 'none',
  episode(task: Task): UserSession {
    return {
      async opening() {
        return { text: task.instruction, stop: false };
      },
      reply: () => null,
    };
  },
};
