// The agent of a run, from its options and the domain's tools: what it is sent (recorded once per
// domain, by content hash) and how each episode's agent is made.
import { createHash } from 'node:crypto';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { RunOptions } from '../../formats/run.js';
import type { Task } from '../../formats/task.js';
import type { ToolsSent } from '../../formats/trajectory.js';
import { canonical } from '../verify/arguments.js';
import type { AgentSession, EpisodeEndpoint } from './agent.js';
import { commandEpisode } from './command.js';
import { endpointFor } from './endpoint.js';
import { functionDefinitions, openaiEpisode, toolNames } from './openai.js';
import { oracleAgent } from './oracle.js';

/** A domain's tools as its server lists them (null when the agent needs none). */
export interface DomainTools {
  dir: string;
  listed: Tool[] | null;
}

/** The agent side of a domain's episodes. */
export interface DomainAgents {
  label: string;
  /** Whether it is a process of its own that needs the HTTP front. */
  external: boolean;
  /** What it is sent, and the exact text stored in the run folder; null when nothing. */
  tools: { record: ToolsSent; text: string } | null;
  episode(task: Task, seed: number, endpoint: EpisodeEndpoint | undefined, systemPrompt: string): AgentSession;
}

function sentRecord(definitions: unknown, names: string[], variant: ToolsSent['variant'], aliases: Record<string, string>): { record: ToolsSent; text: string } {
  const text = `${canonical(definitions)}\n`;
  const sha256 = createHash('sha256').update(text).digest('hex');
  return { record: { names, variant, sha256, file: `tools/${sha256}.json`, aliases }, text };
}

/** How lines name the agent of a run: `oracle`, `command:<CMD>`, `openai:<model>`. */
export function agentLabel(options: RunOptions): string {
  if (options.agent === 'oracle') return oracleAgent.label;
  return options.agent === 'command' ? `command:${options.command ?? ''}` : `openai:${options.model ?? ''}`;
}

/** The agents of one domain's episodes. */
export function agentFactory(options: RunOptions, domain: DomainTools): DomainAgents {
  const listed = domain.listed ?? [];
  const names = listed.map((t) => t.name);
  if (options.agent === 'oracle') return { label: oracleAgent.label, external: false, tools: null, episode: (task, seed) => oracleAgent.episode(task, seed) };
  if (options.agent === 'command') {
    const command = options.command ?? '';
    return {
      label: agentLabel(options),
      external: true,
      tools: sentRecord(listed, names, 'mcp', {}),
      episode: (task, _seed, endpoint, systemPrompt) => {
        if (!endpoint) throw new Error('a command agent needs its episode endpoint');
        return commandEpisode(command, task, endpoint, systemPrompt);
      },
    };
  }
  const endpoint = endpointFor(options, 'agent');
  const aliases = toolNames(names, options.toolNameLimit);
  const definitions = functionDefinitions(listed, aliases);
  const sampling = { temperature: options.temperature, topP: options.topP, maxTokens: options.maxTokens };
  return {
    label: agentLabel(options),
    external: false,
    tools: sentRecord(definitions, names, 'openai', aliases.aliases),
    episode: (task, seed) => openaiEpisode(endpoint, definitions, aliases, sampling, seed, task),
  };
}
