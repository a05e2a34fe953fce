// A small real HTTP server speaking the OpenAI chat-completions protocol with scripted replies, in
// place of a model (tests only; the product never imports it). A script maps each request to a
// reply: tool calls by name, text, malformed JSON, an HTTP status (429/500), a delay, finish_reason.
import { createServer, type IncomingMessage } from 'node:http';

/** A chat-completions request as the harness sent it. */
export interface ChatRequest {
  model: string;
  messages: { role: string; content: string | null; tool_calls?: { id: string; function: { name: string; arguments: string } }[]; tool_call_id?: string }[];
  tools?: { type: string; function: { name: string; description?: string; parameters: object } }[];
  seed?: number;
  temperature?: number;
  top_p?: number;
  max_tokens?: number;
  [key: string]: unknown;
}

/** One scripted answer. */
export interface Reply {
  /** Answer with this HTTP status and an error body instead. */
  status?: number;
  /** Wait this long first (milliseconds). */
  delayMs?: number;
  content?: string | null;
  /** Tool calls; `arguments` may be an object (sent as JSON text) or raw text (malformed on purpose). */
  toolCalls?: { name: string; arguments: object | string; id?: string | null }[];
  finishReason?: string;
  usage?: { prompt_tokens: number; completion_tokens: number };
  /** Send this raw body (status 200) instead of a reply. */
  raw?: string;
}

/** A running chat server. */
export interface ChatServer {
  /** Base URL ending in /v1. */
  url: string;
  /** Every chat-completions request received, in order. */
  requests: ChatRequest[];
  close(): Promise<void>;
}

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Start a chat server; `script` answers each request (`index` counts requests from 0). */
export async function startChatServer(script: (request: ChatRequest, index: number) => Reply | Promise<Reply>, options: { models?: string[] } = {}): Promise<ChatServer> {
  const requests: ChatRequest[] = [];
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (req.method === 'GET' && url.pathname === '/v1/models') {
        if (!options.models) return res.writeHead(404).end('{"error":{"message":"no model list here"}}');
        return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data: options.models.map((id) => ({ id, object: 'model' })) }));
      }
      if (req.method !== 'POST' || url.pathname !== '/v1/chat/completions') return res.writeHead(404).end('{"error":{"message":"not found"}}');
      const request = JSON.parse(await body(req)) as ChatRequest;
      const index = requests.length;
      requests.push(request);
      const reply = await script(request, index);
      if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
      if (res.destroyed) return;
      if (reply.status && reply.status !== 200) return res.writeHead(reply.status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `scripted ${reply.status}` } }));
      if (reply.raw !== undefined) return res.writeHead(200, { 'content-type': 'application/json' }).end(reply.raw);
      const toolCalls = reply.toolCalls?.map((call, i) => ({
        ...(call.id === null ? {} : { id: call.id ?? `call_${index}_${i}` }),
        type: 'function',
        function: { name: call.name, arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments) },
      }));
      const message = { role: 'assistant', content: reply.content ?? null, ...(toolCalls?.length ? { tool_calls: toolCalls } : {}) };
      const finish = reply.finishReason ?? (toolCalls?.length ? 'tool_calls' : 'stop');
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({ id: `chatcmpl-${index}`, object: 'chat.completion', model: request.model, choices: [{ index: 0, message, finish_reason: finish }], usage: reply.usage ?? { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 } }),
      );
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(JSON.stringify({ error: { message: String(error) } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The index of the last user message in a request's conversation, and how many tool results follow it. */
export function toolResultsSinceUser(request: ChatRequest): ChatRequest['messages'] {
  const at = request.messages.map((m) => m.role).lastIndexOf('user');
  return request.messages.slice(at + 1).filter((m) => m.role === 'tool');
}

/** A script that plays a task's gold calls by the instruction it sees, then answers `answer` — an oracle behind HTTP. */
export function goldScript(tasks: Map<string, { gold: { tool: string; arguments: object }[]; answer: string }>): (request: ChatRequest) => Reply {
  return (request) => {
    const instruction = request.messages.find((m) => m.role === 'user')?.content ?? '';
    const task = tasks.get(instruction);
    if (!task) return { content: 'I do not know this task.' };
    const done = request.messages.filter((m) => m.role === 'tool').length;
    const call = task.gold[done];
    return call ? { toolCalls: [{ name: call.tool, arguments: call.arguments }] } : { content: task.answer };
  };
}
