// Tool names an endpoint accepts: OpenAI and Anthropic take `^[a-zA-Z0-9_-]{1,64}$`, Gemini 63.
// A name outside that is sent as a short alias (a prefix and a hash) and mapped back on the way in.
import { createHash } from 'node:crypto';

/** Server name ⇄ the name the model sees. */
export interface ToolNames {
  /** Server name → name sent. */
  sent: Map<string, string>;
  /** Name sent → server name. */
  server: Map<string, string>;
  /** Only the names that differ: sent → server. */
  aliases: Record<string, string>;
}

/** The names to send for `names`, none longer than `limit`. */
export function toolNames(names: string[], limit: number): ToolNames {
  const sent = new Map<string, string>();
  const server = new Map<string, string>();
  const aliases: Record<string, string> = {};
  const fits = (name: string) => name.length <= limit && /^[A-Za-z0-9_-]+$/.test(name);
  for (const name of names) {
    let alias = name;
    if (!fits(name)) {
      const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
      alias = `${name.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, Math.max(1, limit - 9))}_${hash}`;
      aliases[alias] = name;
    }
    sent.set(name, alias);
    server.set(alias, name);
  }
  return { sent, server, aliases };
}
