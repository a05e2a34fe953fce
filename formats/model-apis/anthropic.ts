// Anthropic tools, from its documentation and the errors its Messages API returns: a tool name
// matches `^[a-zA-Z0-9_-]{1,64}$`; `input_schema` is a JSON Schema whose root is an object; every
// property key matches `^[a-zA-Z0-9_.-]{1,64}$` ("Property keys should match pattern …"). The
// API reports the root's keys; nested keys are held to the same rule here, as a schema that is
// sanitized only at the top is one client away from failing.
import { jsonSchemaProblems, type ToolDefinition, visit } from './tool.js';

/** Tool names Anthropic accepts. */
export const ANTHROPIC_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/** Property keys Anthropic accepts. */
export const ANTHROPIC_KEY = /^[a-zA-Z0-9_.-]{1,64}$/;

/** Why Anthropic would refuse this tool (empty when it accepts it). */
export function anthropicProblems(tool: ToolDefinition): string[] {
  const out: string[] = [];
  if (!ANTHROPIC_NAME.test(tool.name)) out.push(`name ${JSON.stringify(tool.name)} does not match ${ANTHROPIC_NAME}`);
  if (tool.inputSchema.type !== 'object') out.push('(root): input_schema must be an object schema');
  visit(tool.inputSchema, (v) => {
    out.push(...jsonSchemaProblems(v));
    if (v.key !== undefined && !ANTHROPIC_KEY.test(v.key)) out.push(`${v.path}: property key ${JSON.stringify(v.key)} does not match ${ANTHROPIC_KEY}`);
  });
  return out;
}
