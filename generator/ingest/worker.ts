// Worker thread: reads one catalog file per message and sends back its prepared tools.
import { parentPort } from 'node:worker_threads';
import { describeFailure, prepare, type UnitResult } from './pool.js';
import type { SchemaLimits } from './schema.js';
import { readFileUnit, type Unit } from './sources.js';

parentPort?.on('message', ({ unit, limits }: { unit: Exclude<Unit, { kind: 'mcp' }>; limits?: SchemaLimits }) => {
  let result: UnitResult;
  try {
    result = prepare(readFileUnit(unit, limits));
  } catch (error) {
    result = { ok: false, error: describeFailure(error) };
  }
  parentPort?.postMessage(result);
});
