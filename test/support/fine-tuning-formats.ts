// Validators of the fine-tuning formats, written from their own docs (the trainers are Python and
// not installable here). Each returns the problems of one line, empty when it is fit.
// - OpenAI: platform.openai.com/docs/guides/supervised-fine-tuning (chat format with tools,
//   "weight" on assistant messages), the API spec's FineTuneChatRequestInput.
// - LLaMA-Factory: github.com/hiyouga/LLaMA-Factory data/README.md "Sharegpt Format", as its
//   data/converter.py (SharegptDatasetConverter: the odd/even tags, an even count), formatter.py
//   (FunctionFormatter: a function_call is JSON {name, arguments} or a list of them; ToolFormatter:
//   tools is a JSON string) and tool_utils.py (DefaultToolUtils reads parameters.properties) apply it.
// - TRL: huggingface/trl docs/source/dataset_formats.md "Tool Calling" and sft_trainer.md "Tool
//   Calling with SFT": messages with assistant tool_calls whose arguments are objects, tool messages,
//   and a `tools` column of JSON schemas.

type Value = Record<string, unknown>;
const isObject = (v: unknown): v is Value => typeof v === 'object' && v !== null && !Array.isArray(v);
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/** Problems of a list of OpenAI-style function definitions ({type: function, function: {name, parameters}}). */
function functionProblems(tools: unknown, where: string): { problems: string[]; names: Set<string> } {
  const problems: string[] = [];
  const names = new Set<string>();
  if (!Array.isArray(tools)) return { problems: [`${where} is not a list`], names };
  tools.forEach((tool, i) => {
    if (!isObject(tool) || tool.type !== 'function' || !isObject(tool.function)) return problems.push(`${where}[${i}] is not {type: "function", function: {...}}`);
    const f = tool.function;
    if (typeof f.name !== 'string' || !TOOL_NAME.test(f.name)) problems.push(`${where}[${i}].function.name ${JSON.stringify(f.name)} is not ^[a-zA-Z0-9_-]{1,64}$`);
    else names.add(f.name);
    if (!isObject(f.parameters) || f.parameters.type !== 'object') problems.push(`${where}[${i}].function.parameters is not a JSON Schema object`);
    if (f.description !== undefined && typeof f.description !== 'string') problems.push(`${where}[${i}].function.description is not a string`);
  });
  return { problems, names };
}

/** Problems of the call/answer order: every tool message answers a call of the assistant turn before it, each call is answered once, before anything else. */
function orderProblems(messages: Value[], answered: (m: Value) => string | undefined): string[] {
  const problems: string[] = [];
  let pending: string[] = [];
  messages.forEach((m, i) => {
    if (m.role === 'tool') {
      const id = answered(m);
      const at = id === undefined ? -1 : pending.indexOf(id);
      if (at < 0) problems.push(`messages[${i}] answers ${JSON.stringify(id)}, which no call of the assistant turn before it waits for`);
      else pending.splice(at, 1);
      return;
    }
    if (pending.length > 0) problems.push(`messages[${i}] (${String(m.role)}) comes before the answers to ${pending.join(', ')}`);
    pending = m.role === 'assistant' && Array.isArray(m.tool_calls) ? m.tool_calls.map((c: unknown, k) => (isObject(c) && typeof c.id === 'string' ? c.id : `#${k}`)) : [];
  });
  if (pending.length > 0) problems.push(`the calls ${pending.join(', ')} are never answered`);
  return problems;
}

/** Problems of one OpenAI chat fine-tuning line. */
export function openaiProblems(line: unknown): string[] {
  if (!isObject(line)) return ['the line is not a JSON object'];
  const problems: string[] = [];
  for (const key of Object.keys(line)) if (!['messages', 'tools', 'parallel_tool_calls'].includes(key)) problems.push(`unknown key ${key}`);
  const { problems: toolProblems, names } = functionProblems(line.tools, 'tools');
  problems.push(...toolProblems);
  if (line.parallel_tool_calls !== undefined && typeof line.parallel_tool_calls !== 'boolean') problems.push('parallel_tool_calls is not a boolean');
  if (!Array.isArray(line.messages) || line.messages.length === 0) return [...problems, 'messages is not a non-empty list'];
  const messages = line.messages as Value[];
  let assistants = 0;
  messages.forEach((m, i) => {
    const at = `messages[${i}]`;
    if (!isObject(m)) return problems.push(`${at} is not an object`);
    if (!['system', 'user', 'assistant', 'tool'].includes(String(m.role))) return problems.push(`${at}.role ${JSON.stringify(m.role)} is not system, user, assistant or tool`);
    if (m.role === 'system' && i !== 0) problems.push(`${at} is a system message after the first`);
    if (m.weight !== undefined && m.role !== 'assistant') problems.push(`${at}: weight is only for assistant messages`);
    if (m.role !== 'assistant' && typeof m.content !== 'string') problems.push(`${at}.content is not a string`);
    if (m.role === 'tool' && typeof m.tool_call_id !== 'string') problems.push(`${at}.tool_call_id is not a string`);
    if (m.role !== 'assistant') return;
    assistants++;
    if (m.weight !== undefined && m.weight !== 0 && m.weight !== 1) problems.push(`${at}.weight is ${JSON.stringify(m.weight)}, not 0 or 1`);
    const calls = m.tool_calls;
    if (calls === undefined) {
      if (typeof m.content !== 'string') problems.push(`${at} has neither content nor tool_calls`);
      return;
    }
    if (m.content !== undefined && m.content !== null && typeof m.content !== 'string') problems.push(`${at}.content is not a string`);
    if (!Array.isArray(calls) || calls.length === 0) return problems.push(`${at}.tool_calls is not a non-empty list`);
    if (line.parallel_tool_calls === false && calls.length > 1) problems.push(`${at} makes ${calls.length} calls with parallel_tool_calls false`);
    calls.forEach((c: unknown, k) => {
      const where = `${at}.tool_calls[${k}]`;
      if (!isObject(c) || typeof c.id !== 'string' || c.type !== 'function' || !isObject(c.function)) return problems.push(`${where} is not {id, type: "function", function}`);
      const f = c.function;
      if (typeof f.arguments !== 'string') return problems.push(`${where}.function.arguments is not a JSON string`);
      // A trained turn must be a call the model can learn: a known tool, arguments that parse. An untrained one records a slip.
      if (m.weight === 0) return;
      if (typeof f.name !== 'string' || !names.has(f.name)) problems.push(`${where}.function.name ${JSON.stringify(f.name)} is not one of the tools`);
      try {
        if (!isObject(JSON.parse(f.arguments))) problems.push(`${where}.function.arguments is not a JSON object`);
      } catch {
        problems.push(`${where}.function.arguments does not parse as JSON`);
      }
    });
  });
  if (assistants === 0) problems.push('no assistant message: nothing to train on');
  problems.push(...orderProblems(messages.filter(isObject), (m) => (typeof m.tool_call_id === 'string' ? m.tool_call_id : undefined)));
  return problems;
}

/** Problems of one LLaMA-Factory ShareGPT line (with the default tags). */
export function sharegptProblems(line: unknown): string[] {
  if (!isObject(line)) return ['the line is not a JSON object'];
  const problems: string[] = [];
  if (line.system !== undefined && typeof line.system !== 'string') problems.push('system is not a string');
  const names = new Set<string>();
  if (typeof line.tools !== 'string') problems.push('tools is not a JSON string');
  else {
    let tools: unknown;
    try {
      tools = JSON.parse(line.tools);
    } catch {
      problems.push('tools does not parse as JSON');
    }
    if (tools !== undefined && !Array.isArray(tools)) problems.push('tools is not a JSON list');
    if (Array.isArray(tools)) {
      tools.forEach((t: unknown, i) => {
        const f = isObject(t) && t.type === 'function' && isObject(t.function) ? t.function : t;
        if (!isObject(f) || typeof f.name !== 'string') return problems.push(`tools[${i}] has no name`);
        names.add(f.name);
        if (!isObject(f.parameters) || !isObject(f.parameters.properties)) problems.push(`tools[${i}] (${f.name}) has no parameters.properties`);
      });
    }
  }
  const conversations = line.conversations;
  if (!Array.isArray(conversations) || conversations.length === 0) return [...problems, 'conversations is not a non-empty list'];
  if (conversations.length % 2 !== 0) problems.push(`conversations has ${conversations.length} entries; it must end on a gpt or function_call (an even count)`);
  conversations.forEach((c: unknown, i) => {
    const at = `conversations[${i}] (position ${i + 1})`;
    if (!isObject(c) || typeof c.value !== 'string') return problems.push(`${at} is not {from, value: string}`);
    const odd = i % 2 === 0;
    if (odd && c.from !== 'human' && c.from !== 'observation') problems.push(`${at} is ${JSON.stringify(c.from)}; odd positions are human or observation`);
    if (!odd && c.from !== 'gpt' && c.from !== 'function_call') problems.push(`${at} is ${JSON.stringify(c.from)}; even positions are gpt or function_call`);
    if (c.from !== 'function_call') return;
    let value: unknown;
    try {
      value = JSON.parse(c.value);
    } catch {
      return problems.push(`${at}: a function_call value must be JSON`);
    }
    const calls = Array.isArray(value) ? value : [value];
    if (calls.length === 0) problems.push(`${at}: an empty list of calls`);
    calls.forEach((call: unknown, k) => {
      if (!isObject(call) || typeof call.name !== 'string' || !isObject(call.arguments)) return problems.push(`${at} call ${k}: not {name, arguments: object}`);
      if (!names.has(call.name)) problems.push(`${at} call ${k}: ${call.name} is not one of the tools`);
    });
  });
  return problems;
}

/** Problems of a LLaMA-Factory dataset_info.json entry for a ShareGPT file. */
export function datasetInfoProblems(entry: unknown): string[] {
  if (!isObject(entry)) return ['the entry is not an object'];
  const problems: string[] = [];
  if (typeof entry.file_name !== 'string') problems.push('file_name is not a string');
  if (entry.formatting !== 'sharegpt') problems.push('formatting is not "sharegpt"');
  const columns = entry.columns;
  if (!isObject(columns) || columns.messages !== 'conversations' || columns.system !== 'system' || columns.tools !== 'tools') problems.push('columns are not {messages: conversations, system: system, tools: tools}');
  return problems;
}

/** Problems of one TRL SFTTrainer conversational line with tools. */
export function trlProblems(line: unknown): string[] {
  if (!isObject(line)) return ['the line is not a JSON object'];
  const { problems, names } = functionProblems(line.tools, 'tools');
  if (!Array.isArray(line.messages) || line.messages.length === 0) return [...problems, 'messages is not a non-empty list'];
  const messages = line.messages as Value[];
  const callNames = new Map<string, string>();
  messages.forEach((m, i) => {
    const at = `messages[${i}]`;
    if (!isObject(m) || !['system', 'user', 'assistant', 'tool'].includes(String(m.role))) return problems.push(`${at} has no known role`);
    if (typeof m.content !== 'string') problems.push(`${at}.content is not a string`);
    if (m.role === 'tool' && callNames.get(String(m.tool_call_id)) !== m.name) problems.push(`${at}.name ${JSON.stringify(m.name)} is not the name of the call it answers`);
    if (m.role !== 'assistant' || m.tool_calls === undefined) return;
    if (!Array.isArray(m.tool_calls) || m.tool_calls.length === 0) return problems.push(`${at}.tool_calls is not a non-empty list`);
    m.tool_calls.forEach((c: unknown, k) => {
      const where = `${at}.tool_calls[${k}]`;
      if (!isObject(c) || c.type !== 'function' || !isObject(c.function)) return problems.push(`${where} is not {type: "function", function}`);
      if (typeof c.function.name !== 'string' || !names.has(c.function.name)) problems.push(`${where}.function.name ${JSON.stringify(c.function.name)} is not one of the tools`);
      if (!isObject(c.function.arguments)) problems.push(`${where}.function.arguments is not an object`);
      if (typeof c.id === 'string') callNames.set(c.id, String(c.function.name));
    });
  });
  if (messages.at(-1)?.role !== 'assistant') problems.push('the last message is not the assistant\'s');
  problems.push(...orderProblems(messages.filter(isObject), (m) => (typeof m.tool_call_id === 'string' ? m.tool_call_id : undefined)));
  return problems;
}
