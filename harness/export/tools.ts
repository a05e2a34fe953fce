// The tool definitions of an exported trajectory, as the agent saw them: the exact definitions
// sent (RUN/tools/<sha256>.json, aliases kept), the MCP tools/list a command agent read (as
// function definitions), or, for an agent that was sent none (the oracle), the domain's tools as
// its server lists them. Read once per file or domain.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { TrajectoryV2 } from '../../formats/trajectory.js';
import { functionDefinitions } from '../agents/openai.js';
import { toolNames } from '../agents/tool-names.js';
import { RunInputError } from '../run/input-error.js';
import { canonical } from '../verify/arguments.js';
import type { ExportDomain } from './domains.js';
import type { SourceRun } from './source.js';

/** An OpenAI function definition. */
export interface FunctionDefinition {
  type: 'function';
  function: { name: string; description?: string; parameters: Record<string, unknown> };
}

/** The tools of one or more trajectories. */
export interface ToolSet {
  definitions: FunctionDefinition[];
  /** sha256 of the canonical definitions: what deduplication compares. */
  key: string;
  /** Server name → the name the agent saw (the same but for aliases). */
  sent: Map<string, string>;
}

function toolSet(definitions: FunctionDefinition[], aliases: Record<string, string>): ToolSet {
  const sent = new Map(Object.entries(aliases).map(([alias, server]) => [server, alias]));
  return { definitions, key: createHash('sha256').update(canonical(definitions)).digest('hex'), sent };
}

/** Tool sets by source, so each definitions file and domain is read once. */
export class ToolSets {
  private readonly cache = new Map<string, ToolSet>();

  /** The tools of `line` (line `lineNumber` of `run`), whose domain is `domain`. */
  of(run: SourceRun, line: TrajectoryV2, lineNumber: number, domain: ExportDomain): ToolSet {
    const key = line.tools ? `${run.dir}\0${line.tools.file}` : `domain\0${domain.contract}`;
    let set = this.cache.get(key);
    if (!set) {
      set = line.tools ? this.sent(run, line, lineNumber) : this.listed(run, lineNumber, domain);
      this.cache.set(key, set);
    }
    return set;
  }

  private sent(run: SourceRun, line: TrajectoryV2, lineNumber: number): ToolSet {
    const tools = line.tools!;
    const file = join(run.dir, tools.file);
    if (!existsSync(file)) throw new RunInputError(`${run.file} line ${lineNumber}: the tools it was sent, ${file}, are not in the run folder; copy the run folder whole (tools/ included)`);
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown[];
    if (tools.variant === 'openai') return toolSet(parsed as FunctionDefinition[], tools.aliases);
    return toolSet(functionDefinitions(parsed as Tool[], toolNames([], Infinity)) as FunctionDefinition[], {});
  }

  private listed(run: SourceRun, lineNumber: number, domain: ExportDomain): ToolSet {
    if (!domain.tools) throw new RunInputError(`${run.file} line ${lineNumber}: its agent was sent no tool definitions, and the domain's ${domain.contract} is not there; export reads the workspace the run was made from (run.json options.ws)`);
    return toolSet(functionDefinitions(domain.tools, toolNames([], Infinity)) as FunctionDefinition[], {});
  }
}
