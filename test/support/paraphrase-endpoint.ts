// A local stand-in for a model server, for the paraphrase tests: it speaks the OpenAI
// chat-completions protocol (POST /v1/chat/completions) over real HTTP and answers each request
// with a scripted reply computed from the instruction it was sent. It records every request.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the endpoint received. */
export interface ChatRequest {
  model: string;
  messages: { role: string; content: string }[];
}

/** A running scripted endpoint. */
export interface ParaphraseEndpoint {
  /** Base URL to pass as --base-url (`http://127.0.0.1:PORT/v1`). */
  baseUrl: string;
  requests: ChatRequest[];
  close(): Promise<void>;
}

/** Start an endpoint whose reply to an instruction is `reply(instruction)`; a null reply answers HTTP 500. */
export async function paraphraseEndpoint(reply: (instruction: string, request: ChatRequest) => string | null): Promise<ParaphraseEndpoint> {
  const requests: ChatRequest[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
        res.writeHead(404).end();
        return;
      }
      const request = JSON.parse(body) as ChatRequest;
      requests.push(request);
      const text = reply(request.messages.find((m) => m.role === 'user')?.content ?? '', request);
      if (text === null) {
        res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'scripted failure' } }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({ id: `chatcmpl-${requests.length}`, object: 'chat.completion', model: request.model, choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: text } }] }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
