// An MCP client transport over a child's stdio, like the SDK's StdioClientTransport, except that
// the child leads a process group of its own: ending the episode kills the group, so nothing the
// server (or an agent) started outlives it.
import { type ChildProcess, spawn } from 'node:child_process';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ReadBuffer, serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/** Kill a process group, ignoring one that is already gone. */
export function killGroup(pid: number | undefined, signal: NodeJS.Signals = 'SIGKILL'): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group has no members left.
  }
}

/** Options of a child server. */
export interface ChildOptions {
  command: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/** The client side of a stdio connection to a child process that leads its own process group. */
export class ChildStdioTransport implements Transport {
  private child?: ChildProcess;
  private readonly buffer = new ReadBuffer();
  /** The last lines the child wrote on stderr (for an infra_error's detail). */
  stderrTail = '';
  /** Resolves with the exit code or signal once the child is gone. */
  readonly exited: Promise<string>;
  private markExited!: (how: string) => void;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  constructor(private readonly options: ChildOptions) {
    this.exited = new Promise((resolve) => (this.markExited = resolve));
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.options.command, this.options.args, {
        cwd: this.options.cwd,
        env: this.options.env ?? process.env,
        stdio: ['pipe', 'pipe', 'pipe'],
        detached: true,
      });
      this.child = child;
      child.once('error', (error) => {
        reject(error);
        this.onerror?.(error);
      });
      child.once('spawn', () => resolve());
      child.once('exit', (code, signal) => {
        this.markExited(signal ? `killed by ${signal}` : `exited with code ${code}`);
        this.onclose?.();
      });
      child.stdout!.on('data', (chunk: Buffer) => {
        this.buffer.append(chunk);
        for (;;) {
          let message: JSONRPCMessage | null;
          try {
            message = this.buffer.readMessage();
          } catch (error) {
            this.onerror?.(error as Error);
            continue;
          }
          if (!message) break;
          this.onmessage?.(message);
        }
      });
      child.stderr!.on('data', (chunk: Buffer) => (this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-2000)));
      // A write to a child that just died fails with EPIPE; the exit handler reports it.
      child.stdin!.on('error', () => undefined);
    });
  }

  send(message: JSONRPCMessage): Promise<void> {
    return new Promise((resolve, reject) => {
      const stdin = this.child?.stdin;
      if (!stdin || stdin.destroyed) return reject(new Error('the server process is gone'));
      if (stdin.write(serializeMessage(message))) resolve();
      else stdin.once('drain', resolve);
    });
  }

  /** End the session: close stdin (the server exits on its own), then kill the group after `graceMs`. */
  async close(graceMs = 2000): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.stdin?.end();
    const timer = setTimeout(() => killGroup(child.pid), graceMs);
    await this.exited;
    clearTimeout(timer);
    // The server is gone; anything it started goes with its group.
    killGroup(child.pid);
  }

  /** Kill the whole group now. */
  kill(): void {
    killGroup(this.child?.pid);
  }
}
