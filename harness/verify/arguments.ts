// Tool arguments compared and shown: canonical JSON (keys sorted, numbers by value) decides
// whether two calls are the same; `describeCall` writes a call the way a reason quotes it.

/** JSON text with object keys sorted at every level: equal arguments, equal text (1.0 and 1 alike). */
export function canonical(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'number') return Object.is(value, -0) ? '0' : JSON.stringify(value);
  if (typeof value === 'bigint') return String(value);
  if (typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).filter((key) => record[key] !== undefined).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical(record[key])}`).join(',')}}`;
}

/** The identity of a call: its tool and canonical arguments. */
export function callKey(tool: string, args: unknown): string {
  return `${tool} ${canonical(args)}`;
}

const MAX_SHOWN = 160;

/** A value as a reason shows it: `{ticket_id: 3, title: "Printer jam"}`. */
function show(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(show).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.map(([k, v]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${show(v)}`).join(', ')}}`;
  }
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** A call as a reason quotes it: `close_ticket {ticket_id: 3}` (long arguments cut). */
export function describeCall(tool: string, args: unknown): string {
  const text = show(args ?? {});
  return `${tool} ${text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text}`;
}

/** A value quoted in a reason. */
export function describeValue(value: unknown): string {
  const text = show(value);
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text;
}

/** Whether a value is a plain JSON object (what tool arguments must be). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
