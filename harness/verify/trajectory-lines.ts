// Reading trajectory lines a person or another tool wrote: each line one JSON object with the
// fields the verifier needs, and a file in one format version. A bad line is named by file, line
// and field, so it can be fixed, instead of failing deep inside the verifier.
import { TRAJECTORY_VERSIONS, type Trajectory } from '../../formats/trajectory.js';
import { RunInputError } from '../run/input-error.js';

/** Fields every version has, with what each must be. */
const CORE: [field: string, kind: 'string' | 'array'][] = [['task', 'string'], ['messages', 'array'], ['calls', 'array'], ['finalDigest', 'string']];
/** Fields a version-2 line adds that the verifier and the funnel read. */
const V2: [field: string, kind: 'array' | 'object' | 'nullable-object'][] = [['errors', 'array'], ['end', 'object'], ['tools', 'nullable-object'], ['verdict', 'nullable-object']];

const kindOf = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : `a ${typeof value}`);

/** The trajectory on line `line` of `file`, or a RunInputError naming what is wrong with it. */
export function parseTrajectoryLine(text: string, file: string, line: number): Trajectory {
  const where = `${file} line ${line}`;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new RunInputError(`${where} is not JSON: each line of a trajectory file is one JSON object (README "Trajectories")`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new RunInputError(`${where} is ${kindOf(value)}, not a trajectory object`);
  const record = value as Record<string, unknown>;
  const fix = 'see README "Trajectories" for the fields of each version';
  if (!('version' in record)) throw new RunInputError(`${where}: the field "version" is missing (1 or 2); ${fix}`);
  if (!(TRAJECTORY_VERSIONS as readonly unknown[]).includes(record.version)) throw new RunInputError(`${where}: "version" is ${JSON.stringify(record.version)}; this verifier reads trajectory versions ${TRAJECTORY_VERSIONS.join(' and ')}`);
  for (const [field, kind] of CORE) check(record, field, kind, where, fix);
  if (record.version === 2) for (const [field, kind] of V2) check(record, field, kind, where, fix);
  (record.messages as unknown[]).forEach((m, i) => {
    if (typeof m !== 'object' || m === null || typeof (m as { role?: unknown }).role !== 'string') throw new RunInputError(`${where}: messages[${i}] has no "role"; ${fix}`);
  });
  (record.calls as unknown[]).forEach((c, i) => {
    if (typeof c !== 'object' || c === null || typeof (c as { tool?: unknown }).tool !== 'string') throw new RunInputError(`${where}: calls[${i}] has no "tool"; ${fix}`);
  });
  return record as unknown as Trajectory;
}

function check(record: Record<string, unknown>, field: string, kind: string, where: string, fix: string): void {
  const value = record[field];
  if (!(field in record) || value === undefined) throw new RunInputError(`${where} (version ${String(record.version)}): the field "${field}" is missing; ${fix}`);
  const ok = kind === 'string' ? typeof value === 'string' : kind === 'array' ? Array.isArray(value) : typeof value === 'object' && (value !== null || kind === 'nullable-object') && !Array.isArray(value);
  const wanted = kind === 'nullable-object' ? 'an object or null' : kind === 'string' ? 'a string' : `an ${kind}`;
  if (!ok) throw new RunInputError(`${where}: the field "${field}" is ${kindOf(value)}, not ${wanted}; ${fix}`);
}

/** Refuses a file whose lines change format version: call it with each line's trajectory in order. */
export function oneVersion(file: string): (trajectory: Trajectory, line: number) => void {
  let first: { version: number; line: number } | undefined;
  return (trajectory, line) => {
    if (!first) first = { version: trajectory.version, line };
    else if (trajectory.version !== first.version) {
      throw new RunInputError(`${file} line ${line} is trajectory version ${trajectory.version}, but the lines before it (from line ${first.line}) are version ${first.version}: a trajectory file holds one format version; put each version in a file of its own`);
    }
  };
}
