// Corrections of what a tool acts on that only the whole domain can make, once every tool's own
// target is known: a create makes the entity whose key it returns (`book_flight` returns a
// `booking_id`, and `cancel_booking` takes one: it books a booking, not a flight), and a read of
// something no tool stores, asked by another entity's key, reads that entity (`get_credit_card_balance
// (card_id)` reads the card's balance; `retrieve_invoice(booking_id)` the booking's invoice).
import { fieldKey } from '../graph/features.js';
import { entityName } from './identifiers.js';
import { entityFields, type ToolPlan } from './tables.js';
import { keyEntity } from './targets.js';

/** Entities whose rows some tool selects by key or writes: the ones that hold data. */
function storedEntities(plans: ToolPlan[]): Set<string> {
  return new Set(plans.filter((p) => p.target.entity !== '' && (p.target.key !== undefined || p.tool.op === 'write')).map((p) => p.target.entity));
}

/** Apply both corrections to tools named by the catalog (REST paths already name their resources). */
export function retarget(plans: ToolPlan[]): void {
  const keyed = new Set(plans.filter((p) => p.target.key !== undefined).map((p) => p.target.entity));
  for (const plan of plans) {
    if (plan.tool.source.path || plan.tool.effect !== 'create') continue;
    const returned = entityFields(plan.tool.output)
      .map(([field]) => /^(.+)_id$/.exec(fieldKey(field))?.[1])
      .filter((stem): stem is string => stem !== undefined)
      .map((stem) => entityName(stem));
    const made = returned.find((entity) => entity !== plan.target.entity && keyed.has(entity));
    if (made) plan.target = { ...plan.target, entity: made, parents: [] };
  }
  const stored = storedEntities(plans);
  for (const plan of plans) {
    if (plan.tool.source.path || plan.tool.op !== 'read' || plan.target.key || stored.has(plan.target.entity)) continue;
    // A required key first; an optional one when it is the only way the read names a row.
    for (const arg of [...plan.args.filter((a) => a.required), ...plan.args.filter((a) => !a.required)]) {
      const pointed = keyEntity(arg);
      if (!pointed || pointed.entity === plan.target.entity || !stored.has(pointed.entity)) continue;
      plan.target = { entity: pointed.entity, key: { arg, column: pointed.column }, parents: [] };
      break;
    }
  }
}
