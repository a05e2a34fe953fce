// A client for OpenAI-compatible `/chat/completions` endpoints (OpenAI, vLLM, SGLang, Ollama,
// llama.cpp): one request with a timeout, retried with capped exponential backoff on 429, 5xx and
// network errors; anything else is an error that names the endpoint and what it said.

/** Where and how to reach a model. */
export interface ChatEndpoint {
  /** Base URL ending before `/chat/completions` (`http://127.0.0.1:8000/v1`). */
  baseUrl: string;
  model: string;
  apiKey?: string;
  /** Milliseconds per request. */
  requestTimeoutMs: number;
  retry: { attempts: number; baseMs: number; maxMs: number };
}

/** A tool call in a chat-completions reply. */
export interface ChatToolCall {
  id?: string;
  type?: string;
  function?: { name?: string; arguments?: unknown };
}

/** The parts of a chat-completions reply the harness reads. */
export interface ChatReply {
  content: string | null;
  toolCalls: ChatToolCall[];
  finishReason: string | null;
  usage: { prompt: number; completion: number };
  retries: number;
}

/** A request that failed for good: after its retries, or at once for a 4xx. */
export class ChatError extends Error {
  constructor(
    message: string,
    /** The HTTP status, or null for a network error or timeout. */
    readonly status: number | null,
  ) {
    super(message);
  }
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });

/** What went wrong with a fetch that threw, in one line (`connect ECONNREFUSED 127.0.0.1:9`). */
export function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.message ?? cause?.code ?? (error instanceof Error ? error.message : String(error));
}

/** The error message an endpoint put in its body, if it is the usual `{error: {message}}`. */
function errorText(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: string } | string; message?: string; detail?: string };
    const text = typeof parsed.error === 'string' ? parsed.error : (parsed.error?.message ?? parsed.message ?? parsed.detail);
    if (text) return text;
  } catch {
    // Not JSON: quote the start of it.
  }
  return body.slice(0, 200);
}

/** POST one chat-completions request, retrying what may pass on a second try. */
export async function complete(endpoint: ChatEndpoint, body: Record<string, unknown>, signal: AbortSignal): Promise<ChatReply> {
  const url = `${endpoint.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (endpoint.apiKey) headers.authorization = `Bearer ${endpoint.apiKey}`;
  const text = JSON.stringify({ model: endpoint.model, ...body });
  const { attempts, baseMs, maxMs } = endpoint.retry;
  let last = '';
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (attempt > 0) await sleep(Math.min(maxMs, baseMs * 2 ** (attempt - 1)), signal);
    let response: Response;
    try {
      response = await fetch(url, { method: 'POST', headers, body: text, signal: AbortSignal.any([signal, AbortSignal.timeout(endpoint.requestTimeoutMs)]) });
    } catch (error) {
      if (signal.aborted) throw error;
      last = (error as Error)?.name === 'TimeoutError' ? `no answer within ${endpoint.requestTimeoutMs / 1000} s` : networkReason(error);
      continue;
    }
    const raw = await response.text().catch(() => '');
    if (response.status === 429 || response.status >= 500) {
      last = `HTTP ${response.status}: ${errorText(raw)}`;
      const after = Number(response.headers.get('retry-after'));
      if (Number.isFinite(after) && after > 0 && attempt + 1 < attempts) await sleep(Math.min(maxMs, after * 1000), signal);
      continue;
    }
    if (!response.ok) throw new ChatError(`${url} answered HTTP ${response.status}: ${errorText(raw)}`, response.status);
    return parseReply(raw, url, attempt);
  }
  throw new ChatError(`${url} failed ${attempts} times; last: ${last}`, null);
}

function parseReply(raw: string, url: string, retries: number): ChatReply {
  let parsed: { choices?: { message?: { content?: unknown; tool_calls?: ChatToolCall[] }; finish_reason?: string }[]; usage?: { prompt_tokens?: number; completion_tokens?: number } };
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ChatError(`${url} answered with something that is not JSON: ${raw.slice(0, 120)}`, 200);
  }
  const choice = parsed.choices?.[0];
  if (!choice?.message) throw new ChatError(`${url} answered without choices[0].message: ${raw.slice(0, 120)}`, 200);
  const content = typeof choice.message.content === 'string' ? choice.message.content : null;
  return {
    content,
    toolCalls: Array.isArray(choice.message.tool_calls) ? choice.message.tool_calls : [],
    finishReason: choice.finish_reason ?? null,
    usage: { prompt: parsed.usage?.prompt_tokens ?? 0, completion: parsed.usage?.completion_tokens ?? 0 },
    retries,
  };
}
