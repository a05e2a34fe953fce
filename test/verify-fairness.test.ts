// Fair to correct work: hand-written correct solutions of BFCL tasks that are not the gold calls
// (test/fixtures/non-gold-solutions.json: another tool doing the same thing, extra reads before
// acting, a read made twice) pass the reward and exact match of calls. Measured on the parent
// commit's verifier (77335d1), the same fixtures gave 3 of 6 rejected by the reward and 6 of 6 by
// exact match on every task; bench/verifier-fairness-measure.ts reproduces either number.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { measureFairness } from '../bench/verifier-fairness-measure.js';
import { taskWorkspace } from './support/rollout.js';
import type { SynthWorkspace } from './support/servers.js';
import { FIXTURES } from './support/workspace.js';

let built: SynthWorkspace;

beforeAll(async () => {
  built = await taskWorkspace('verify-fairness');
}, 180_000);

describe('correct non-gold solutions', () => {
  it('[VER-EQUIVALENT] [VER-EXTRA-READS] no correct non-gold solution is rejected, by the reward or by exact match of calls', async () => {
    const fairness = await measureFairness(built.ws, join(FIXTURES, 'non-gold-solutions.json'));
    expect(fairness.solutions).toBeGreaterThanOrEqual(6);
    expect(fairness.rejected).toEqual([]);
    expect([fairness.rewardRejected, fairness.callsRejected]).toEqual([0, 0]);
  });
});
