// Before a run starts: can the model endpoint be reached, and does it serve the model? An endpoint
// that refuses the connection or does not know the model is one clear line, not 1,000 agent_errors.
import { RunInputError } from '../run/input-error.js';
import type { ChatEndpoint } from './chat-client.js';
import { networkReason } from './chat-client.js';

/** Check `endpoint` (the agent's or the user's, named by `flag`) with GET /models. */
export async function preflight(endpoint: ChatEndpoint, flag: { url: string; model: string; key: string }): Promise<void> {
  const url = `${endpoint.baseUrl.replace(/\/+$/, '')}/models`;
  let response: Response;
  try {
    response = await fetch(url, { headers: endpoint.apiKey ? { authorization: `Bearer ${endpoint.apiKey}` } : {}, signal: AbortSignal.timeout(Math.min(endpoint.requestTimeoutMs, 30_000)) });
  } catch (error) {
    throw new RunInputError(`cannot reach the model endpoint ${flag.url} ${endpoint.baseUrl} (${networkReason(error)}): start the model server, or pass the right ${flag.url}`);
  }
  if (response.status === 401 || response.status === 403) throw new RunInputError(`${endpoint.baseUrl} refused the API key (HTTP ${response.status}): set ${flag.key} to a valid key (or name another variable with --api-key-env)`);
  // Not every server lists its models; those that do must list ours.
  if (!response.ok) return;
  const body = (await response.json().catch(() => null)) as { data?: { id?: string }[] } | null;
  const ids = (body?.data ?? []).map((m) => m.id).filter((id): id is string => typeof id === 'string');
  if (ids.length > 0 && !ids.includes(endpoint.model)) {
    throw new RunInputError(`${endpoint.baseUrl} does not serve the model ${JSON.stringify(endpoint.model)} (${flag.model}); it serves ${ids.slice(0, 10).join(', ')}${ids.length > 10 ? ', …' : ''}`);
  }
}
