// Child process of the rollout section: a local chat-completions endpoint that plays each task's
// gold calls (found by the instruction it is sent) and then its gold answer — an oracle behind
// HTTP, so the openai agent's harness cost is measured without a model. Prints its URL, then
// serves until its stdin closes. `holdMs` delays every first reply (to keep episodes in flight).
import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import type { Task } from '../formats/task.js';
import { goldAnswer } from '../harness/verify/gold.js';

interface Request {
  model: string;
  messages: { role: string; content: string | null }[];
}

const { ws, holdMs } = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as { ws: string; holdMs: number };
const byInstruction = new Map<string, Task>();
for (const slug of readdirSync(join(ws, 'servers'))) {
  let text: string;
  try {
    text = readFileSync(join(ws, 'servers', slug, 'tasks.jsonl'), 'utf8');
  } catch {
    continue;
  }
  for (const line of text.split('\n').filter(Boolean)) {
    const task = JSON.parse(line) as Task;
    byInstruction.set(task.instruction, task);
  }
}

let id = 0;
function reply(request: Request): object {
  const task = byInstruction.get(request.messages.find((m) => m.role === 'user')?.content ?? '');
  const done = request.messages.filter((m) => m.role === 'tool').length;
  const call = task?.gold[done];
  const message = call
    ? { role: 'assistant', content: null, tool_calls: [{ id: `call_${done + 1}`, type: 'function', function: { name: call.tool, arguments: JSON.stringify(call.arguments) } }] }
    : { role: 'assistant', content: task ? goldAnswer(task) : 'I do not know this task.' };
  return { id: `chatcmpl-${id++}`, object: 'chat.completion', model: request.model, choices: [{ index: 0, message, finish_reason: call ? 'tool_calls' : 'stop' }], usage: { prompt_tokens: 0, completion_tokens: 0 } };
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    if (req.url?.endsWith('/models')) return res.writeHead(404).end();
    const request = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Request;
    const send = () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply(request)));
    if (holdMs > 0 && !request.messages.some((m) => m.role === 'tool')) setTimeout(send, holdMs);
    else send();
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}/v1` })}\n`);
});
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
