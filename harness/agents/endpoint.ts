// The model endpoints of a run: the agent's, and the llm user's (which defaults to the agent's).
// The API key is read from the environment variable the options name, never from a file.
import type { RunOptions } from '../../formats/run.js';
import type { ChatEndpoint } from './chat-client.js';

/** Retries of a model request: 5 attempts, 0.5 s doubling up to 8 s. */
export const RETRY = { attempts: 5, baseMs: 500, maxMs: 8000 };

/** The endpoint of the agent's or the user's model. */
export function endpointFor(options: RunOptions, who: 'agent' | 'user'): ChatEndpoint {
  const model = who === 'user' ? (options.userModel ?? options.model) : options.model;
  const baseUrl = who === 'user' ? (options.userBaseUrl ?? options.baseUrl) : options.baseUrl;
  if (!model) throw new Error(`the ${who} needs a model: pass --${who === 'user' ? 'user-' : ''}model`);
  const apiKey = process.env[options.apiKeyEnv];
  return { baseUrl: baseUrl ?? 'https://api.openai.com/v1', model, ...(apiKey ? { apiKey } : {}), requestTimeoutMs: options.requestTimeout * 1000, retry: RETRY };
}
