// An emitted package as npm and the MCP registry see it: package.json (bin, files, mcpName, exports),
// server.json, the README's tools table and Claude Desktop snippet; then `npm pack`, a real
// `npm install` of the tarball into an empty folder outside the repository, and the installed bin
// answering the SDK Client over stdio [SRV-PACKAGE].
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { execa } from 'execa';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DomainContract, ToolContract } from '../formats/contract.js';
import { synthWorkspace } from './support/servers.js';
import { REPO, tempDir } from './support/workspace.js';

/** The parts of an emitted package.json this test reads. */
interface PackageJson {
  name: string;
  version: string;
  bin: Record<string, string>;
  files: string[];
  exports: Record<string, string>;
  mcpName: string;
  dependencies: Record<string, string>;
}

/** A read tool callable with `{}`. */
function argumentFreeRead(tool: ToolContract): boolean {
  return tool.op === 'read' && tool.input.required.length === 0;
}

let dir: string;
let contract: DomainContract;
let pkg: PackageJson;

beforeAll(async () => {
  const ws = await synthWorkspace(undefined, 'package');
  // The largest domain with writes and an argument-free read (ties: first slug).
  const domains = ws.slugs.map((slug) => JSON.parse(readFileSync(join(ws.dir(slug), 'domain.json'), 'utf8')) as DomainContract);
  const fit = domains.filter((d) => d.tools.some((t) => t.op === 'write') && d.tools.some(argumentFreeRead));
  const chosen = fit.sort((a, b) => b.tools.length - a.tools.length || a.slug.localeCompare(b.slug))[0];
  if (!chosen) throw new Error(`no domain with writes and an argument-free read among ${ws.slugs.join(', ')}`);
  contract = chosen;
  dir = ws.dir(chosen.slug);
  pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
}, 120_000);

/** The environment of npm commands: ours, minus the npm_* variables `npx vitest` sets for /work/main. */
function npmEnv(): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')));
}

describe('emitted package files [SRV-PACKAGE]', () => {
  it('[SRV-PACKAGE] package.json has an executable ESM bin, files that exist, mcpName and exports', () => {
    expect(pkg.name).toBe(contract.package);
    expect(Object.keys(pkg.bin)).toEqual([pkg.name]);
    const bin = join(dir, pkg.bin[pkg.name]!);
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(pkg).toMatchObject({ type: 'module', mcpName: `io.github.agentscaler/${pkg.name}` });
    expect(pkg.files).toEqual(expect.arrayContaining(['index.js', 'tools.js', 'domain.json', 'seed.sqlite', 'runtime/', 'README.md', 'server.json']));
    // tasks.jsonl ships once tasks are generated; synth alone does not write it.
    for (const file of pkg.files.filter((f) => f !== 'tasks.jsonl')) expect(existsSync(join(dir, file)), file).toBe(true);
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['@modelcontextprotocol/sdk', 'better-sqlite3', 'zod']);
    for (const target of Object.values(pkg.exports)) expect(existsSync(join(dir, target)), target).toBe(true);
  });

  it('[SRV-PACKAGE] server.json follows the 2025-12-11 registry schema and names the npm package', () => {
    const server = JSON.parse(readFileSync(join(dir, 'server.json'), 'utf8')) as Record<string, unknown> & { description: string };
    expect(server.$schema).toBe('https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json');
    expect(server.name).toBe(pkg.mcpName);
    expect(server.name).toMatch(/^io\.github\.[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/);
    expect(server.description.length).toBeGreaterThan(0);
    expect(server.description.length).toBeLessThanOrEqual(100);
    expect(server.version).toBe(pkg.version);
    expect(server.packages).toEqual([{ registryType: 'npm', identifier: pkg.name, version: pkg.version, transport: { type: 'stdio' } }]);
  });

  it('[SRV-README] README lists every tool as read or write; its Claude Desktop snippet starts the server as printed, the npx form is labelled as after publishing', async () => {
    const readme = readFileSync(join(dir, 'README.md'), 'utf8');
    for (const tool of contract.tools) {
      expect(readme, tool.name).toMatch(new RegExp(`^\\| \`${tool.name}\` \\| ${tool.op}\\b`, 'm'));
    }
    const section = readme.slice(readme.indexOf('## Claude Desktop'), readme.indexOf('## MCP Inspector'));
    const [local, published] = [...section.matchAll(/```json\n([\s\S]*?)\n```/g)].map((m) => JSON.parse(m[1]!) as { mcpServers: Record<string, { command: string; args: string[] }> });
    expect(published).toEqual({ mcpServers: { [contract.slug]: { command: 'npx', args: ['-y', pkg.name] } } });
    expect(section.slice(section.indexOf('```json', section.indexOf('```json') + 1) - 200)).toMatch(/published to npm \(until then `npx` answers 404\)/);
    // The snippet as a user fills it in: the placeholder replaced by where the folder is.
    const server = local!.mcpServers[contract.slug]!;
    expect(server.command).toBe('node');
    const args = server.args.map((a) => a.replace(`/ABSOLUTE/PATH/TO/${contract.slug}`, dir));
    expect(args).toEqual([join(dir, 'index.js')]);
    const home = tempDir('package-readme-home');
    const client = new Client({ name: 'readme-test', version: '0.0.0' });
    await client.connect(new StdioClientTransport({ command: server.command === 'node' ? process.execPath : server.command, args, env: { PATH: process.env.PATH!, HOME: home }, stderr: 'pipe' }));
    try {
      expect((await client.listTools()).tools.map((t) => t.name)).toEqual(contract.tools.map((t) => t.name));
    } finally {
      await client.close();
    }
  });

  it('[SRV-README] README\'s Inspector commands work as printed with its current release (2.x CLI): list, then call', async () => {
    const readme = readFileSync(join(dir, 'README.md'), 'utf8');
    const inspector = readme.slice(readme.indexOf('## MCP Inspector'));
    const commands = /```sh\n([\s\S]*?)\n```/.exec(inspector)![1]!.split('\n');
    expect(commands[0]).toBe(`npx @modelcontextprotocol/inspector node /ABSOLUTE/PATH/TO/${contract.slug}/index.js`);
    const state = join(tempDir('package-inspector'), 'state.sqlite');
    const run = async (line: string) => {
      // As a user runs it: npx finds the installed package's bin; the placeholders filled in.
      const words = line.replace(`/ABSOLUTE/PATH/TO/${contract.slug}`, dir).replace('/tmp/state.sqlite', state).split(' ');
      expect(words.slice(0, 2)).toEqual(['npx', '@modelcontextprotocol/inspector']);
      const args = words.slice(2).map((w) => (w === 'node' ? process.execPath : w));
      const result = await execa(join(REPO, 'node_modules', '.bin', 'mcp-inspector'), args, { cwd: tempDir('package-inspector-cwd'), env: { ...npmEnv(), HOME: tempDir('package-inspector-home') }, extendEnv: false, timeout: 60_000, reject: false });
      expect(result.exitCode, result.stderr).toBe(0);
      return JSON.parse(result.stdout) as Record<string, unknown>;
    };
    const listed = (await run(commands[1]!)) as { tools: { name: string }[] };
    expect(listed.tools.map((t) => t.name)).toEqual(contract.tools.map((t) => t.name));
    const called = (await run(commands[2]!)) as { isError?: boolean; structuredContent?: unknown };
    expect(called.isError).toBeFalsy();
    expect(called.structuredContent).toBeDefined();
  }, 120_000);
});

describe('npm pack and install [SRV-PACKAGE]', () => {
  it('[SRV-PACKAGE] the packed tarball installs into an empty folder and its bin serves tools/list and a read over stdio', async () => {
    const tarballs = tempDir('package-tgz');
    const pack = await execa('npm', ['pack', '--json', '--pack-destination', tarballs], { cwd: dir, env: npmEnv(), extendEnv: false, timeout: 120_000 });
    const [packed] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
    const shipped = packed!.files.map((f) => f.path);
    expect(shipped).toEqual(expect.arrayContaining(['package.json', 'index.js', 'tools.js', 'domain.json', 'seed.sqlite', 'README.md', 'server.json', 'runtime/cli.js', 'runtime/environment.js']));
    expect(shipped.filter((f) => f.startsWith('node_modules'))).toEqual([]);

    // An empty project under the system temp dir: nothing can resolve from the repository.
    const app = tempDir('package-install');
    expect(relative(REPO, app).startsWith('..')).toBe(true);
    await execa('npm', ['init', '-y'], { cwd: app, env: npmEnv(), extendEnv: false });
    await execa('npm', ['install', join(tarballs, packed!.filename), '--no-audit', '--no-fund'], { cwd: app, env: npmEnv(), extendEnv: false, timeout: 540_000 });
    const installed = join(app, 'node_modules', pkg.name);
    expect(JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'))).toMatchObject({ name: pkg.name, version: pkg.version });
    expect(existsSync(join(app, 'node_modules', 'better-sqlite3', 'package.json'))).toBe(true);

    const home = tempDir('package-home');
    const transport = new StdioClientTransport({
      command: join(app, 'node_modules', '.bin', pkg.name),
      args: ['--db', join(home, 'state.sqlite')],
      cwd: app,
      env: { PATH: process.env.PATH!, HOME: home },
      stderr: 'pipe',
    });
    const client = new Client({ name: 'package-test', version: '0.0.0' });
    await client.connect(transport);
    try {
      expect(client.getServerVersion()).toMatchObject({ name: pkg.name, version: pkg.version });
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual(contract.tools.map((t) => t.name).sort());
      // A read runs SQL on the seed through the installed better-sqlite3 build.
      const read = contract.tools.find(argumentFreeRead)!;
      const result = await client.callTool({ name: read.name, arguments: {} });
      expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
      expect(result.structuredContent).toEqual(JSON.parse((result.content as { text: string }[])[0]!.text));
    } finally {
      await client.close();
    }
    expect(existsSync(join(home, 'state.sqlite'))).toBe(true);
  }, 600_000);
});
