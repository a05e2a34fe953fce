// Names, titles and sentences that read like the ones people type into business software: short
// phrases built from slots (a team, a thing, a problem, a day), never catch-phrase filler.
import type { Faker } from '@faker-js/faker';

/** Parts of an organisation, for names of things ("Billing dashboard", "analytics-queue-02"). */
const TEAMS = ['Billing', 'Marketing', 'Sales', 'Support', 'Finance', 'Onboarding', 'Analytics', 'Operations', 'Payroll', 'Logistics', 'Research', 'Security', 'Partner', 'Customer success', 'Design', 'Mobile'];
const ENVIRONMENTS = ['prod', 'staging', 'dev', 'test', 'eu', 'us', 'backup', 'internal'];

/** Things people work on. */
const OBJECTS = [
  'the Q3 budget review', 'the vendor contract', 'the onboarding checklist', 'the release notes', 'the billing address', 'the team calendar', 'the invoice template',
  'the support macros', 'the quarterly report', 'the price list', 'the shipping labels', 'the API keys', 'the staging database', 'the holiday schedule', 'the customer survey',
  'the renewal quote', 'the travel policy', 'the product roadmap', 'the security audit', 'the data export',
];
const VERBS = ['Review', 'Update', 'Prepare', 'Schedule', 'Finalize', 'Archive', 'Renew', 'Audit', 'Publish', 'Share', 'Check', 'Draft', 'Send', 'Approve'];

/** What goes wrong, for tickets and issues. */
const FEATURES = ['Checkout page', 'Password reset email', 'Invoice PDF', 'Mobile app', 'Search results', 'CSV export', 'Login with SSO', 'Order confirmation', 'Dashboard chart', 'Payment form', 'Notification emails', 'File upload', 'Calendar sync', 'Two-factor code'];
const PROBLEMS = ['returns an error', 'is not received', 'shows the wrong total', 'crashes on start', 'loads very slowly', 'times out', 'fails for large files', 'shows outdated data', 'is missing for some users', 'does not save changes', 'sends duplicates', 'rejects valid input'];

const MEETINGS = ['Weekly sync with', 'Quarterly planning with', 'Kick-off call with', 'Budget review with', 'Retrospective with', 'Demo for', 'One-on-one with', 'Training session for'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'the end of the week', 'the end of the month', 'next week'];
const TAGS = ['billing', 'urgent', 'vip', 'onboarding', 'beta', 'internal', 'renewal', 'feedback', 'priority', 'follow-up', 'enterprise', 'trial'];

const pick = <T>(faker: Faker, items: readonly T[]): T => faker.helpers.arrayElement(items);
const lower = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

/** "Checkout page returns an error". */
export function problemTitle(faker: Faker): string {
  return `${pick(faker, FEATURES)} ${pick(faker, PROBLEMS)}`;
}

/** "Review the vendor contract". */
export function taskTitle(faker: Faker): string {
  return `${pick(faker, VERBS)} ${pick(faker, OBJECTS)}`;
}

/** "Weekly sync with Finance". */
export function meetingTitle(faker: Faker): string {
  return `${pick(faker, MEETINGS)} ${pick(faker, TEAMS)}`;
}

/** "Update on the vendor contract". */
export function messageTitle(faker: Faker): string {
  return pick(faker, ['Update on', 'Question about', 'Reminder:', 'Notes on', 'Draft of', 'Feedback on']) + ` ${pick(faker, OBJECTS)}`;
}

/** A team word for names of things ("Billing", "Customer success"). */
export function team(faker: Faker): string {
  return pick(faker, TEAMS);
}

/** A resource name the way operators write them: `billing-queue-02`. */
export function resourceName(faker: Faker, kind: string, index: number): string {
  const head = faker.datatype.boolean() ? pick(faker, TEAMS).toLowerCase().replace(/\s+/g, '-') : pick(faker, ENVIRONMENTS);
  return `${head}-${kind.replace(/[^a-z0-9]+/g, '-')}-${String(index + 1).padStart(2, '0')}`;
}

/** A short tag or label. */
export function tag(faker: Faker): string {
  return pick(faker, TAGS);
}

/** One sentence of the kind written in a description, note or comment field. */
export function sentence(faker: Faker, kind: 'description' | 'note' | 'resolution' | 'reason' | 'message' | 'bio'): string {
  const object = pick(faker, OBJECTS);
  const who = pick(faker, TEAMS);
  const day = pick(faker, DAYS);
  switch (kind) {
    case 'resolution':
      return pick(faker, [
        `Fixed the configuration and confirmed with the customer.`,
        `Reset the account password and verified the login works.`,
        `Issued a refund and updated ${object}.`,
        `Deployed the fix; ${lower(who)} confirmed it works.`,
        `Duplicate of an earlier request; merged and closed.`,
        `Updated ${object} and sent the customer a copy.`,
      ]);
    case 'reason':
      return pick(faker, [`Customer requested a change to ${object}.`, `Duplicate entry.`, `No longer needed after the ${lower(who)} review.`, `Requested by the ${lower(who)} team.`, `Wrong details were entered.`, `Budget moved to next quarter.`]);
    case 'note':
      return pick(faker, [`Called the customer; they will confirm by ${day}.`, `Waiting on ${lower(who)} for ${object}.`, `Sent ${object} for review.`, `Follow up with ${lower(who)} on ${day}.`, `Customer prefers email over phone.`]);
    case 'message':
      return pick(faker, [`Hi, could you send me ${object} by ${day}?`, `Thanks, ${object} looks good to me.`, `Reminder: ${object} is due ${day}.`, `Can we move our call to ${day}?`, `I have attached ${object} for your review.`]);
    case 'bio':
      return `${pick(faker, ['Works on', 'Leads', 'Looks after', 'Coordinates'])} ${lower(who)} ${pick(faker, ['projects', 'operations', 'accounts', 'planning'])} and ${object.replace(/^the /, '')}.`;
    default:
      return pick(faker, [
        `${pick(faker, VERBS)} ${object} before ${day}.`,
        `Requested by the ${lower(who)} team for ${object}.`,
        `Covers ${object} for the ${lower(who)} team.`,
        `${problemTitle(faker)} since the last release.`,
        `Used by ${lower(who)} to track ${object.replace(/^the /, '')}.`,
      ]);
  }
}
