// What the episode loop asks of a simulated user: the opening message, then a reply to each answer
// of the agent, which may stop the episode (`###STOP###`).
import type { Message, ModelTurn } from '../../formats/trajectory.js';
import type { Task } from '../../formats/task.js';

/** The token a user ends an episode with. */
export const STOP = '###STOP###';

/** The user's answer to an agent message. */
export interface UserReply {
  text: string;
  /** Whether the user ended the episode (the text carries the stop token). */
  stop: boolean;
  turn?: ModelTurn;
}

/** A failure of the simulated user itself: the episode ends with user_error, never against the agent. */
export class UserFailure extends Error {}

/** The simulated user of one episode. */
export interface UserSession {
  /** The first user message. */
  opening(signal: AbortSignal): Promise<UserReply>;
  /** Answer the agent's latest text (the conversation is the agent's view, system prompt first); null in solo mode, where the agent's answer ends the episode. */
  reply(conversation: Message[], signal: AbortSignal): Promise<UserReply> | null;
}

/** Makes the user of each episode. */
export interface UserFactory {
  /** `scripted`, `llm:<model>`, `none`. */
  label: string;
  episode(task: Task, seed: number): UserSession;
}
