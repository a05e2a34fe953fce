// Emitted servers over stdio with the SDK Client: tools/list against domain.json, results, unknown tools [SRV-STDIO].
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DomainContract } from '../formats/contract.js';
import { probeArguments } from '../generator/synth/probe.js';
import { fakerFor } from '../generator/synth/seed.js';
import { synthWorkspace, type SynthWorkspace } from './support/servers.js';
import { tempDir } from './support/workspace.js';

type Runtime = typeof import('../templates/runtime/environment.js');

let ws: SynthWorkspace;
beforeAll(async () => {
  ws = await synthWorkspace(undefined, 'rt-stdio');
}, 120_000);

function contractOf(dir: string): DomainContract {
  return JSON.parse(readFileSync(join(dir, 'domain.json'), 'utf8')) as DomainContract;
}

function runtimeOf(dir: string): Promise<Runtime> {
  return import(pathToFileURL(join(dir, 'runtime', 'environment.js')).href) as Promise<Runtime>;
}

/** The package's server on a fresh state file, spoken to over stdio by the SDK client. */
async function connect(dir: string): Promise<{ client: Client; stderr: () => string }> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [join(dir, 'index.js'), '--db', join(tempDir('rt-stdio-db'), 'state.sqlite')],
    env: process.env as Record<string, string>,
    stderr: 'pipe',
  });
  let err = '';
  transport.stderr?.on('data', (chunk: Buffer) => void (err += chunk.toString()));
  const client = new Client({ name: 'runtime-stdio-test', version: '0.0.0' });
  await client.connect(transport);
  return { client, stderr: () => err };
}

type Listed = Awaited<ReturnType<Client['listTools']>>['tools'][number];

describe('emitted servers over stdio [SRV-STDIO]', () => {
  it('[SRV-STDIO] every server lists exactly the tools of its domain.json, with title, annotations, portable input and an output schema', async () => {
    expect(ws.slugs.length).toBe(18);
    for (const slug of ws.slugs) {
      const dir = ws.dir(slug);
      const contract = contractOf(dir);
      const { client, stderr } = await connect(dir);
      try {
        expect(client.getServerVersion()?.name).toBe(contract.package);
        const { tools } = await client.listTools();
        expect(tools.map((t) => t.name)).toEqual(contract.tools.map((t) => t.name));
        const byName = new Map<string, Listed>(tools.map((t) => [t.name, t]));
        for (const spec of contract.tools) {
          const listed = byName.get(spec.name)!;
          expect(listed.title, `${slug}/${spec.name}`).toBe(spec.title);
          expect(listed.description).toBe(spec.description);
          expect(listed.annotations).toMatchObject({
            readOnlyHint: spec.annotations.readOnlyHint,
            destructiveHint: spec.annotations.destructiveHint,
            idempotentHint: spec.annotations.idempotentHint,
            openWorldHint: false,
          });
          expect(listed.inputSchema.type).toBe('object');
          expect(Object.keys(listed.inputSchema.properties ?? {}).sort()).toEqual(Object.keys(spec.input.properties).sort());
          expect([...(listed.inputSchema.required ?? [])].sort(), `${slug}/${spec.name} required`).toEqual([...spec.input.required].sort());
          // Portable: Gemini refuses `additionalProperties`; the server still refuses unknown arguments itself.
          expect(listed.inputSchema).not.toHaveProperty('additionalProperties');
          expect(listed.inputSchema).not.toHaveProperty('$schema');
          expect(listed.outputSchema?.type).toBe('object');
          expect(Object.keys(listed.outputSchema?.properties ?? {}).sort()).toEqual(Object.keys(spec.output.properties ?? {}).sort());
        }
        expect(stderr()).toContain(`${contract.package}: ${contract.tools.length} tools on stdio`);
      } finally {
        await client.close();
      }
    }
  });

  it('[SRV-STDIO] a read call returns structuredContent equal to its text, and the same result as in process', async () => {
    const slugs = ['ticket-user', 'travel-booking-card-credit', 'gorilla-file-system-2', 'vehicle-control-brake-gallon'];
    for (const slug of slugs) {
      const dir = ws.dir(slug);
      const { openEnvironment } = await runtimeOf(dir);
      const env = await openEnvironment({ dir });
      const { client } = await connect(dir);
      try {
        const reads = env.tools.filter((t) => t.annotations.readOnlyHint);
        expect(reads.length, slug).toBeGreaterThan(0);
        for (const tool of reads) {
          const args = probeArguments(env.db, env.contract, tool, fakerFor(env.contract.seed, slug, tool.name));
          if (!args) continue;
          const result = await client.callTool({ name: tool.name, arguments: args });
          expect(result.isError, `${slug}/${tool.name}: ${JSON.stringify(result.content)}`).toBeFalsy();
          const content = result.content as { type: string; text: string }[];
          expect(content[0]!.type).toBe('text');
          expect(result.structuredContent).toEqual(JSON.parse(content[0]!.text));
          // The same call in process, on the same seed: the transport adds nothing and loses nothing.
          expect(result.structuredContent).toEqual(env.call(tool.name, args).structuredContent);
        }
      } finally {
        await client.close();
        env.close();
      }
    }
  });

  it('[SRV-STDIO] an unknown tool and a wrong-typed argument are isError results, and the session goes on', async () => {
    const dir = ws.dir('ticket-user');
    const { client } = await connect(dir);
    try {
      const unknown = await client.callTool({ name: 'no_such_tool', arguments: {} });
      expect(unknown.isError).toBe(true);
      expect(JSON.stringify(unknown.content)).toContain('no_such_tool');

      const wrong = await client.callTool({ name: 'get_ticket', arguments: { ticket_id: 'one' } });
      expect(wrong.isError).toBe(true);
      expect(JSON.stringify(wrong.content)).toContain('ticket_id');

      const extra = await client.callTool({ name: 'get_ticket', arguments: { ticket_id: 1, ticketId: 1 } });
      expect(extra.isError).toBe(true);
      expect(JSON.stringify(extra.content)).toContain('ticketId');

      const missing = await client.callTool({ name: 'get_ticket', arguments: { ticket_id: 999_999 } });
      expect(missing.isError).toBe(true);
      expect((missing.content as { text: string }[])[0]!.text).toBe('ticket_id: no ticket with id 999999; look it up with a list or search tool first');

      const ok = await client.callTool({ name: 'get_ticket', arguments: { ticket_id: 1 } });
      expect(ok.isError).toBeFalsy();
      expect(ok.structuredContent).toMatchObject({ id: 1 });
    } finally {
      await client.close();
    }
  });
});
