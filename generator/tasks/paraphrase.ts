// Optional rewrite of instructions by a language model (`tasks --paraphrase --model M --base-url URL`),
// the way the paper had a model write user intents: any OpenAI-compatible /chat/completions endpoint.
// A rewrite is kept only if every value the task needs is still in it (and it gives away no answer
// and names no tool); otherwise the rule-based text stays. Results are cached by model and
// rule-based text in WS/paraphrases.jsonl, so a rerun asks nothing it asked before.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Task } from '../../formats/task.js';
import { UserError } from '../errors.js';
import { shortHash } from '../naming.js';

/** Where and how to ask for rewrites. */
export interface ParaphraseOptions {
  /** Model name sent to the endpoint. */
  model: string;
  /** Base URL of an OpenAI-compatible API (`http://localhost:8000/v1`); `/chat/completions` is appended. */
  baseUrl: string;
  /** Bearer token, if the endpoint wants one (default: $OPENAI_API_KEY). */
  apiKey?: string;
}

/** What the rewrite pass did, for tasks.json. */
export interface ParaphraseCounts {
  model: string;
  /** Rewrites kept. */
  kept: number;
  /** Rewrites that lost a value (or leaked an answer, or named a tool): the rule-based text stayed. */
  rejected: number;
  /** Answers taken from the cache instead of the endpoint. */
  cached: number;
  /** Requests the endpoint failed (an HTTP error or an empty reply): the rule-based text stayed. */
  failed: number;
}

/** The endpoint cannot be reached at all; the message names the URL and what to check. */
export class ParaphraseError extends UserError {}

const SYSTEM_PROMPT = [
  'You rewrite the instructions given to a simulated user who will talk to a support agent.',
  'Write it the way that person would think about their request: natural, varied, in the second person ("You ..."), keeping who they are.',
  'Keep every quoted value and every number exactly as written, with its quotes. Do not add facts, steps or values; do not drop any.',
  'Reply with the rewritten instruction only.',
].join(' ');

/** One cached answer: the rewrite, or null when it was rejected. */
interface CacheLine {
  key: string;
  model: string;
  ruleBased: string;
  text: string | null;
}

/** The values a rewrite must keep: every quoted string and every number of the rule-based text. */
export function valuesToKeep(text: string): string[] {
  const quoted = [...text.matchAll(/"([^"]*)"/g)].map((m) => `"${m[1]!}"`);
  const bare = text.replace(/"[^"]*"/g, ' ');
  const numbers = [...bare.matchAll(/(?<![\w.])-?\d+(?:\.\d+)?(?![\w])/g)].map((m) => m[0]);
  return [...new Set([...quoted, ...numbers])];
}

/** Why a rewrite cannot replace the rule-based text, or null when it can. */
export function rewriteProblem(task: Task, rewrite: string, toolNames: string[]): string | null {
  const text = rewrite.trim();
  if (text.length === 0) return 'empty';
  const lost = valuesToKeep(task.instruction).filter((v) => (v.startsWith('"') ? !text.includes(v) : !new RegExp(`(?<![\\w.])${v.replace(/[.]/g, '\\.')}(?![\\w])`).test(text)));
  if (lost.length > 0) return `lost ${lost.slice(0, 3).join(', ')}`;
  const leaked = task.requiredOutputs.filter((o) => !task.instruction.includes(String(o.value)) && text.includes(String(o.value)));
  if (leaked.length > 0) return `gives away ${String(leaked[0]!.value)}`;
  const named = toolNames.find((name) => name.includes('_') && text.includes(name));
  if (named) return `names the tool ${named}`;
  return null;
}

/** Rewrites of one workspace's instructions, with the cache on disk. */
export class Paraphraser {
  private readonly cache = new Map<string, string | null>();
  private readonly file: string;
  readonly counts: ParaphraseCounts;

  constructor(
    ws: string,
    private readonly options: ParaphraseOptions,
  ) {
    this.file = join(ws, 'paraphrases.jsonl');
    this.counts = { model: options.model, kept: 0, rejected: 0, cached: 0, failed: 0 };
    if (existsSync(this.file)) {
      for (const line of readFileSync(this.file, 'utf8').split('\n')) {
        if (!line.trim()) continue;
        try {
          const entry = JSON.parse(line) as CacheLine;
          this.cache.set(entry.key, entry.text);
        } catch {
          // A line cut short by an interrupted run is asked again.
        }
      }
    }
  }

  private key(ruleBased: string): string {
    return `sha256:${shortHash(`${this.options.model}\u0000${ruleBased}`, 64)}`;
  }

  /** One request to the endpoint: the rewrite text, or null when the endpoint answered with an error. */
  private async ask(ruleBased: string): Promise<string | null> {
    const url = `${this.options.baseUrl.replace(/\/+$/, '')}/chat/completions`;
    const apiKey = this.options.apiKey ?? process.env.OPENAI_API_KEY;
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
        body: JSON.stringify({ model: this.options.model, temperature: 0, seed: 1, messages: [{ role: 'system', content: SYSTEM_PROMPT }, { role: 'user', content: ruleBased }] }),
      });
    } catch (error) {
      const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
      throw new ParaphraseError(`cannot reach ${url} (${cause}); check --base-url (an OpenAI-compatible API, e.g. http://localhost:8000/v1) and that the server is running`);
    }
    if (!response.ok) return null;
    const body = (await response.json().catch(() => null)) as { choices?: { message?: { content?: unknown } }[] } | null;
    const content = body?.choices?.[0]?.message?.content;
    return typeof content === 'string' && content.trim() !== '' ? content.trim() : null;
  }

  /** The task with its instruction rewritten, or as it was when the rewrite fails its checks. */
  async rewrite(task: Task, toolNames: string[]): Promise<Task> {
    const ruleBased = task.instruction;
    const key = this.key(ruleBased);
    let text: string | null;
    if (this.cache.has(key)) {
      this.counts.cached++;
      text = this.cache.get(key)!;
    } else {
      const answer = await this.ask(ruleBased);
      if (answer === null) {
        // Not cached: the endpoint may answer next time.
        this.counts.failed++;
        return task;
      }
      text = rewriteProblem(task, answer, toolNames) === null ? answer : null;
      this.cache.set(key, text);
      appendFileSync(this.file, `${JSON.stringify({ key, model: this.options.model, ruleBased, text } satisfies CacheLine)}\n`);
    }
    if (text === null) {
      this.counts.rejected++;
      return task;
    }
    this.counts.kept++;
    return { ...task, instruction: text, paraphrase: { model: this.options.model, ruleBased } };
  }
}
