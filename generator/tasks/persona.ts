// Who asks: a person whose role fits what the domain is about, at a company, using the product by
// its own name (the API's `info.title`, else its provider's name in words, as an MCP server or a
// function catalog names itself), never the domain's slug.
import type { Faker } from '@faker-js/faker';
import type { DomainContract, ToolContract } from '../../formats/contract.js';
import type { Persona } from '../../formats/task.js';
import { words } from '../naming.js';

/** Words kept upper-case in product names built from provider ids. */
const ACRONYMS = new Set(['api', 'aws', 'crm', 'sms', 'mcp', 'sdk', 'io', 'ai', 'hr', 'erp', 'cms', 'cdn', 'dns', 'ip', 'iot', 'id', 'url', 'gcp', 'ml', 'ui']);

/** The product a tool belongs to, as users call it ("Stripe API", "Ticket API"). */
export function productOf(tool: ToolContract): string {
  // "Gitea API." ends a sentence of its own; the role sentence ends it.
  if (tool.source.api) return tool.source.api.replace(/[.\s]+$/, '');
  const provider = tool.source.provider.replace(/\.(com|io|net|org|co|dev|app|ai)(?=$|:)/g, '');
  return words(provider).map((w) => (ACRONYMS.has(w) ? w.toUpperCase() : w.charAt(0).toUpperCase() + w.slice(1))).join(' ');
}

/** What a domain is about, by its catalog's categories or, where it has none, by the words of its tables and tools. */
export type Category =
  | 'support' | 'financial' | 'payment' | 'ecommerce' | 'transport' | 'automotive' | 'messaging' | 'collaboration' | 'developer_tools' | 'cloud'
  | 'customer_relation' | 'analytics' | 'media' | 'open_data' | 'location' | 'telecom' | 'iot' | 'security' | 'education' | 'machine_learning'
  | 'social' | 'tools' | 'general';

/** APIs.guru categories, read as ours. */
const CATALOG: Record<string, Category> = {
  cloud: 'cloud', hosting: 'cloud', backend: 'cloud', monitoring: 'cloud', storage: 'cloud', developer_tools: 'developer_tools', tools: 'tools',
  media: 'media', entertainment: 'media', open_data: 'open_data', search: 'open_data', text: 'open_data', analytics: 'analytics', ecommerce: 'ecommerce',
  telecom: 'telecom', financial: 'financial', payment: 'payment', location: 'location', transport: 'transport', messaging: 'messaging', email: 'messaging',
  collaboration: 'collaboration', project_management: 'collaboration', time_management: 'collaboration', forms: 'collaboration', iot: 'iot',
  machine_learning: 'machine_learning', social: 'social', marketing: 'customer_relation', customer_relation: 'customer_relation', security: 'security',
  support: 'support', education: 'education', enterprise: 'collaboration',
};

/** Everyday words of each kind of software, for catalogs that say nothing of their category. */
const LEXICON: [Category, RegExp][] = [
  ['support', /^(ticket|issue|helpdesk|incident|complaint|support|case)$/],
  ['financial', /^(stock|trade|trading|portfolio|invest|investment|watchlist|broker|market|fund|share|equity|crypto|loan)$/],
  ['payment', /^(payment|invoice|billing|charge|refund|card|payout|checkout|transaction|balance)$/],
  ['ecommerce', /^(order|cart|product|shop|store|inventory|catalog|shipping|sku|merchant)$/],
  ['transport', /^(flight|hotel|booking|travel|trip|reservation|airport|airline|train|ride|itinerary|passenger)$/],
  ['automotive', /^(vehicle|car|engine|brake|door|tire|fuel|headlight|climate|navigation)$/],
  ['messaging', /^(message|chat|sms|conversation|inbox|email|mail|notification|posting|channel)$/],
  ['collaboration', /^(task|project|board|team|workspace|document|note|calendar|meeting|event|todo)$/],
  ['developer_tools', /^(file|directory|folder|repository|repo|commit|branch|build|deploy|code|path)$/],
  ['cloud', /^(instance|cluster|bucket|vpc|subnet|database|queue|lambda|server|volume|container|deployment)$/],
  ['customer_relation', /^(lead|opportunity|deal|crm|pipeline|campaign|prospect)$/],
  ['analytics', /^(report|metric|dashboard|analytics|segment|statistic)$/],
  ['media', /^(video|song|track|album|playlist|image|photo|movie|podcast|music)$/],
  ['education', /^(course|student|lesson|grade|enrollment|teacher)$/],
  ['tools', /^(math|calculate|mean|logarithm|sum|convert|compute|percentage|factorial)$/],
];

/** What a domain is about. */
export function categoryOf(contract: DomainContract): Category {
  const votes = new Map<Category, number>();
  // "developer tools" says who sells the API (Apideck's unified CRM), not who uses what it manages:
  // the tables and tools tell that better.
  for (const tool of contract.tools) for (const c of tool.source.categories ?? []) if (CATALOG[c] && CATALOG[c] !== 'developer_tools' && CATALOG[c] !== 'tools') votes.set(CATALOG[c], (votes.get(CATALOG[c]) ?? 0) + 1);
  if (votes.size === 0) {
    const vocabulary = [...contract.tables.map((t) => t.entity), ...contract.tools.map((t) => t.name), ...contract.tools.map((t) => t.source.provider)].flatMap((w) => words(w));
    for (const word of vocabulary) for (const [category, pattern] of LEXICON) if (pattern.test(word)) votes.set(category, (votes.get(category) ?? 0) + 1);
  }
  const best = [...votes].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
  return best?.[0] ?? 'general';
}

/** Roles that fit each kind of domain; a personal role has no employer. */
const ROLES: Record<Category, { role: string; personal?: boolean }[]> = {
  support: [{ role: 'a support agent' }, { role: 'a support team lead' }, { role: 'a customer service representative' }],
  financial: [{ role: 'a retail investor', personal: true }, { role: 'a portfolio manager' }, { role: 'a financial analyst' }],
  payment: [{ role: 'a billing specialist' }, { role: 'an accounts receivable clerk' }, { role: 'a finance manager' }],
  ecommerce: [{ role: 'an online store manager' }, { role: 'an e-commerce operations lead' }, { role: 'a merchandiser' }],
  transport: [{ role: 'a travel coordinator' }, { role: 'a frequent business traveller', personal: true }, { role: 'a travel agent' }],
  automotive: [{ role: 'a driver', personal: true }, { role: 'a car owner', personal: true }, { role: 'a fleet manager' }],
  messaging: [{ role: 'a communications manager' }, { role: 'a community manager' }, { role: 'an office manager' }],
  collaboration: [{ role: 'a project manager' }, { role: 'a team lead' }, { role: 'an office manager' }],
  developer_tools: [{ role: 'a software engineer' }, { role: 'a developer' }, { role: 'a release engineer' }],
  cloud: [{ role: 'a cloud engineer' }, { role: 'a DevOps engineer' }, { role: 'a site reliability engineer' }, { role: 'a platform engineer' }],
  customer_relation: [{ role: 'a sales representative' }, { role: 'an account executive' }, { role: 'a marketing manager' }],
  analytics: [{ role: 'a data analyst' }, { role: 'a product analyst' }, { role: 'a business intelligence analyst' }],
  media: [{ role: 'a content producer' }, { role: 'a media librarian' }, { role: 'a video editor' }],
  open_data: [{ role: 'a researcher' }, { role: 'a data journalist' }, { role: 'a policy analyst' }],
  location: [{ role: 'a logistics planner' }, { role: 'a GIS analyst' }],
  telecom: [{ role: 'a telecom operations engineer' }, { role: 'a network administrator' }],
  iot: [{ role: 'a facilities engineer' }, { role: 'an IoT engineer' }],
  security: [{ role: 'a security analyst' }, { role: 'a compliance officer' }],
  education: [{ role: 'a teacher' }, { role: 'a course administrator' }],
  machine_learning: [{ role: 'a machine learning engineer' }, { role: 'a data scientist' }],
  social: [{ role: 'a social media manager' }, { role: 'a community manager' }],
  tools: [{ role: 'a developer' }, { role: 'an analyst' }, { role: 'a student', personal: true }],
  general: [{ role: 'an operations manager' }, { role: 'an office administrator' }, { role: 'a team coordinator' }],
};

const STYLES = ['brief and to the point', 'polite and detailed', 'in a hurry', 'careful; double-checks everything', 'friendly and chatty'];

/** A company name that does not say one name twice ("Collins, Collins and Bosco"). */
function companyName(faker: Faker): string {
  let name = faker.company.name();
  for (let i = 0; i < 5 && new Set(name.split(/[\s,-]+/)).size < name.split(/[\s,-]+/).length; i++) name = faker.company.name();
  return name;
}

/** A user for a task on `product` in a domain of `category`. */
export function persona(faker: Faker, category: Category, product: string): Persona {
  const { role, personal } = faker.helpers.arrayElement(ROLES[category]);
  const where = personal ? '' : ` at ${companyName(faker)}`;
  let name = faker.person.fullName();
  // "Haley Haley": a name that says one word twice reads as a typo.
  for (let i = 0; i < 5 && new Set(name.split(' ')).size < name.split(' ').length; i++) name = faker.person.fullName();
  return { name, role: `${role}${where} who uses ${product}`, style: faker.helpers.arrayElement(STYLES) };
}
