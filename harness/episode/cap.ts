// Tool results sent to a model are capped: a 2 MB list would fill any context window. The cut is
// announced in the text itself, so the agent knows to narrow its call.

/** `text` cut to `cap` characters, with a note saying so; unchanged when it fits. */
export function capResult(text: string, cap: number): string {
  if (text.length <= cap) return text;
  return `${text.slice(0, cap)}\n[truncated: the result has ${text.length} characters and only the first ${cap} are shown; ask for less, e.g. with a filter or a smaller limit]`;
}
