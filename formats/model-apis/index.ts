// Whether a tool definition is accepted by each model API, by rule sets written from the
// providers' documentation (no network): OpenAI (strict and not), Anthropic, Gemini.
import { anthropicProblems } from './anthropic.js';
import { geminiProblems } from './gemini.js';
import { openaiProblems } from './openai.js';
import type { ToolDefinition } from './tool.js';

export { anthropicProblems } from './anthropic.js';
export { geminiProblems } from './gemini.js';
export { openaiProblems } from './openai.js';
export type { ToolDefinition } from './tool.js';

/** The model APIs checked. */
export type ModelApi = 'openai' | 'openai-strict' | 'anthropic' | 'gemini';

/** Why `api` would refuse `tool` (empty when it accepts it). */
export function problemsFor(api: ModelApi, tool: ToolDefinition): string[] {
  switch (api) {
    case 'openai':
      return openaiProblems(tool, { strict: false });
    case 'openai-strict':
      return openaiProblems(tool, { strict: true });
    case 'anthropic':
      return anthropicProblems(tool);
    case 'gemini':
      return geminiProblems(tool);
  }
}
