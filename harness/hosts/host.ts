// Where an episode's server lives. Every agent reaches its tools over MCP; a host only decides
// whether the server runs in this process (inproc) or as a process of its own (spawn).
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { Task } from '../../formats/task.js';

/** The state an episode's server was left in. */
export interface FinalState {
  digest: string;
  /** The state as the bytes of a SQLite file. */
  snapshot(): Buffer;
}

/** One episode's server, fresh from the task's initial state. */
export interface EpisodeServer {
  /** The client side of a connection to it (not started: a Client or a bridge starts it). */
  transport: Transport;
  /** Resolves with a reason if the server goes away before `finish` (a crash, a kill). */
  died: Promise<string>;
  /** Stop the server and read the state it leaves. */
  finish(): Promise<FinalState>;
  /** Free everything (idempotent; safe after `finish` or without it). */
  dispose(): Promise<void>;
  /** The server's process id (spawn only). */
  pid?: number;
}

/** Opens episode servers of one domain. */
export interface Host {
  open(task: Task): Promise<EpisodeServer>;
  /** Free what the host keeps for its domain. */
  close(): Promise<void>;
}

/** The host kinds. */
export type HostKind = 'inproc' | 'spawn';
