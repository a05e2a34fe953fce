// The harness's MCP client for one episode. The SDK gives every Client its own Ajv instance, whose
// construction (meta-schemas compiled) costs more than a whole in-process episode; one validator
// shared by every client of the process keeps that out of the per-episode cost.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';

const validator = new AjvJsonSchemaValidator();

/** A fresh MCP client for an episode (or a tools/list). */
export function episodeClient(): Client {
  return new Client({ name: 'agentscaler-harness', version: '1' }, { jsonSchemaValidator: validator });
}
