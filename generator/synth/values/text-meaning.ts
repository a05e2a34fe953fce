// A text value from what a field's name means: an email for `email`, an ARN for `role_arn`, a ticker
// for `symbol`, a person for `owner_name`, a problem statement for a ticket's `title`. Each rule is
// a name pattern and a maker; the first that matches decides. Names are snake_case column or
// argument names; `entity` is the table's entity (the thing whose field it is).
import type { Faker } from '@faker-js/faker';
import { words } from '../../naming.js';
import { meetingTitle, messageTitle, problemTitle, resourceName, sentence, tag, taskTitle, team } from './phrases.js';

/** What a maker knows besides the faker. */
export interface TextContext {
  faker: Faker;
  /** Row number (0-based) in the table, or the attempt's counter for fresh values. */
  index: number;
  /** The table's entity in singular snake_case (`ticket`, `credit_card`), if any. */
  entity: string;
  /** The tool's or table's provider (`amazonaws.com:ec2`, `stripe.com`, `ticket_api`). */
  provider: string;
}

type Maker = (c: TextContext, name: string) => string;

const TICKERS = ['AAPL', 'MSFT', 'GOOGL', 'AMZN', 'NVDA', 'META', 'TSLA', 'JPM', 'V', 'NFLX', 'DIS', 'KO', 'PEP', 'INTC', 'AMD', 'IBM', 'ORCL', 'SAP', 'BA', 'NKE'];
const CRYPTO = ['BTC', 'ETH', 'SOL', 'ADA', 'DOT', 'USDC'];
const CURRENCIES = ['USD', 'EUR', 'GBP', 'JPY', 'CAD', 'AUD', 'CHF', 'SEK', 'INR', 'BRL'];
const AWS_REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2', 'ap-northeast-1'];
const AZURE_REGIONS = ['eastus', 'westeurope', 'northeurope', 'westus2', 'southeastasia', 'uksouth'];
const GCP_REGIONS = ['us-central1', 'europe-west1', 'asia-east1', 'us-east4', 'europe-west4'];
const MIME = ['application/json', 'application/pdf', 'image/png', 'text/csv', 'image/jpeg', 'text/plain'];
const EXTENSIONS: Record<string, string> = { report: 'pdf', export: 'csv', invoice: 'pdf', photo: 'jpg', image: 'png', notes: 'txt', data: 'json', backup: 'zip', slides: 'pptx', budget: 'xlsx' };

const PEOPLE = /^(user|customer|contact|member|employee|person|people|agent|author|owner|student|patient|passenger|guest|lead|candidate|driver|player|speaker|attendee|subscriber|recipient|sender|assignee|reviewer|teacher|doctor|traveler|traveller|profile|account_holder|cardholder|buyer|seller|rider|participant|approver|requester)$/;
const ORGS = /^(company|organization|organisation|org|merchant|vendor|supplier|client|tenant|partner|brand|publisher|business|employer|carrier|bank|institution|agency|firm|stock|symbol|ticker|issuer|fund)$/;
const PLACES = /^(hotel|restaurant|venue|location|office|warehouse|site|property|branch|store|shop|station|building|facility|clinic|school|campus|gym|theater|theatre|museum|park)$/;
const PRODUCTS = /^(product|item|article|offer|package|bundle|good|sku|variant|listing|menu_item|dish)$/;
const BUSINESS = /^(campaign|report|segment|dashboard|template|board|workspace|project|folder|collection|list|group|team|channel|course|program|portfolio|pipeline|playlist|calendar|survey|form|category|department|space|album|goal|budget|workflow|audience|catalog|event_type)$/;
const ISSUES = /^(ticket|issue|bug|incident|case|problem|request|defect|alert|complaint)$/;
const TASKS = /^(task|todo|card|action_item|checklist|subtask|milestone|story|job|assignment)$/;
const MEETINGS = /^(event|meeting|appointment|call|session|webinar|booking|reservation|interview)$/;
const MESSAGES = /^(email|message|post|article|page|document|doc|note|comment|thread|conversation|newsletter|announcement|reply|review|draft|mail|memo|chat|sms)$/;

const cap = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const spoken = (entity: string) => entity.replace(/_/g, ' ');
const lastWord = (entity: string) => entity.split('_').pop() ?? entity;

/** AWS service of a provider id (`amazonaws.com:ec2` → `ec2`). */
function awsService(provider: string): string {
  const m = /amazonaws\.com:([a-z0-9-]+)/.exec(provider);
  return m ? m[1]!.replace(/^models-/, '') : 'service';
}

/** A Luhn-valid 16-digit card number of a test range. */
function cardNumber(faker: Faker): string {
  const digits = [faker.helpers.arrayElement([4, 5]), ...Array.from({ length: 14 }, () => faker.number.int(9))];
  const sum = digits.reduceRight((acc, d, i) => {
    const fromRight = digits.length - i;
    const doubled = fromRight % 2 === 1 ? d * 2 : d;
    return acc + (doubled > 9 ? doubled - 9 : doubled);
  }, 0);
  return [...digits, (10 - (sum % 10)) % 10].join('');
}

const GOODS = ['Wireless Mouse', 'Desk Lamp', 'Coffee Beans 1 kg', 'Running Shoes', 'Yoga Mat', 'Notebook A5', 'USB-C Cable', 'Water Bottle', 'Office Chair', 'Backpack', 'Monitor Stand', 'Travel Mug', 'Standing Desk', 'Noise-Cancelling Headphones', 'Gift Card'];

/** Brands of the well-known fictional companies, so a product never carries a real one. */
const BRANDS = ['Northwind', 'Contoso', 'Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Soylent', 'Vandelay', 'Tyrell', 'Wonka', 'Cyberdyne'];

/** A product as a shop lists it: a brand and a kind of good ("Contoso Desk Lamp"). */
function productName(faker: Faker): string {
  return `${faker.helpers.arrayElement(BRANDS)} ${faker.helpers.arrayElement(GOODS)}`;
}

/** The name of one thing, by what kind of thing it is. */
function thingName(c: TextContext): string {
  const kind = c.entity;
  const last = lastWord(kind);
  const f = c.faker;
  if (PEOPLE.test(kind) || PEOPLE.test(last)) return f.person.fullName();
  if (ORGS.test(kind) || ORGS.test(last)) return f.company.name();
  if (PLACES.test(last)) return `${f.location.street()} ${cap(spoken(last))}`;
  if (PRODUCTS.test(last)) return productName(f);
  if (/^(song|track)$/.test(last)) return f.music.songName();
  if (/^(book|title|novel)$/.test(last)) return f.book.title();
  if (/^(city|town)$/.test(last)) return f.location.city();
  if (/^(country)$/.test(last)) return f.location.country();
  if (ISSUES.test(last)) return problemTitle(f);
  if (TASKS.test(last)) return taskTitle(f);
  if (MEETINGS.test(last)) return meetingTitle(f);
  if (BUSINESS.test(last)) return `${team(f)} ${spoken(last)}`;
  if (kind === '' || /_state$/.test(kind)) return `${team(f)} ${f.helpers.arrayElement(['workspace', 'account', 'profile', 'project'])}`;
  // Infrastructure and developer resources are named the way operators name them.
  return resourceName(f, spoken(last), c.index);
}

/** A title or subject, by what it is the title of. */
function titleOf(c: TextContext): string {
  const last = lastWord(c.entity);
  if (ISSUES.test(last)) return problemTitle(c.faker);
  if (MEETINGS.test(last)) return meetingTitle(c.faker);
  if (MESSAGES.test(last)) return messageTitle(c.faker);
  if (/^(book|novel)$/.test(last)) return c.faker.book.title();
  if (/^(song|track|album)$/.test(last)) return c.faker.music.songName();
  if (PRODUCTS.test(last)) return productName(c.faker);
  return taskTitle(c.faker);
}

/** Rules, first match wins. */
const RULES: [RegExp, Maker][] = [
  [/(^|_)e_?mail(_address)?$|^email/, (c) => c.faker.internet.email({ provider: c.faker.helpers.arrayElement(['example.com', 'example.org', 'mail.example.net']) }).toLowerCase()],
  [/(^|_)(image|photo|avatar|logo|icon|picture|thumbnail)(_url|_uri)?$/, (c) => `https://cdn.example.com/images/${c.faker.string.alphanumeric({ length: 10, casing: 'lower' })}.png`],
  [/(^|_)(url|uri|link|website|homepage|endpoint|webhook|callback_url|redirect_uri|href)$/, (c) => `https://${c.faker.internet.domainName()}/${c.faker.helpers.arrayElement(['', 'api/', 'hooks/', 'docs/'])}${c.faker.string.alphanumeric({ length: 6, casing: 'lower' })}`],
  [/(^|_)(phone|mobile|fax|msisdn|telephone|phone_number|cell)$|phone/, (c) => `+1${c.faker.helpers.arrayElement(['212', '415', '312', '617', '206'])}555${String(c.faker.number.int({ min: 1000, max: 9999 }))}`],
  [/(^|_)ip_?v?6/, (c) => c.faker.internet.ipv6()],
  [/(^|_)(ip|ip_address|ipv4|source_ip|client_ip|user_ip)$/, (c) => c.faker.internet.ipv4()],
  [/(^|_)mac(_address)?$/, (c) => c.faker.internet.mac()],
  [/(^|_)(hostname|host|domain|domain_name|fqdn)$/, (c) => c.faker.internet.domainName()],
  [/(^|_)(uuid|guid)$/, (c) => c.faker.string.uuid()],
  [/(^|_)arn$/, (c, name) => {
    const kind = words(name).filter((w) => w !== 'arn').pop() ?? c.entity.replace(/_/g, '-');
    return `arn:aws:${awsService(c.provider)}:${c.faker.helpers.arrayElement(AWS_REGIONS)}:${c.faker.string.numeric(12)}:${kind}/${resourceName(c.faker, kind, c.index)}`;
  }],
  [/(^|_)(region|region_name|location)$/, (c) =>
    /amazonaws/.test(c.provider) ? c.faker.helpers.arrayElement(AWS_REGIONS) : /azure/.test(c.provider) ? c.faker.helpers.arrayElement(AZURE_REGIONS) : /googleapis/.test(c.provider) ? c.faker.helpers.arrayElement(GCP_REGIONS) : c.faker.location.city()],
  [/(^|_)currency(_code)?$|^currency|_currency$/, (c) => c.faker.helpers.arrayElement(CURRENCIES)],
  [/(^|_)country_code$|(^|_)country_iso/, (c) => c.faker.location.countryCode('alpha-2')],
  [/(^|_)(country|nationality)$/, (c) => c.faker.location.country()],
  [/(^|_)(address_state|billing_state|shipping_state|state_code|province|state_province)$|^address_.*state$/, (c) => c.faker.location.state({ abbreviated: true })],
  [/(^|_)(city|town)$/, (c) => c.faker.location.city()],
  [/(^|_)(zip|zip_code|postal|postal_code|postcode)$/, (c) => c.faker.location.zipCode('#####')],
  [/(^|_)(street|address|address_line_?\d?|line_?[12]|street_address)$/, (c) => c.faker.location.streetAddress()],
  [/(^|_)(timezone|time_zone|tz)$/, (c) => c.faker.location.timeZone()],
  [/(^|_)locale$/, (c) => c.faker.helpers.arrayElement(['en-US', 'en-GB', 'de-DE', 'fr-FR', 'es-ES', 'ja-JP'])],
  [/(^|_)(language|lang|language_code)$/, (c) => c.faker.helpers.arrayElement(['en', 'de', 'fr', 'es', 'ja', 'pt'])],
  [/(^|_)(first_name|given_name|firstname)$/, (c) => c.faker.person.firstName()],
  [/(^|_)(last_name|family_name|surname|lastname)$/, (c) => c.faker.person.lastName()],
  [/(^|_)(middle_name)$/, (c) => c.faker.person.middleName()],
  [/(^|_)(created|updated|modified|approved|requested|assigned|reviewed|submitted|deleted|closed|resolved|owned)_by$/, (c) => c.faker.person.fullName()],
  [/(full_name|person_name|owner_name|author_name|customer_name|cardholder_name|holder_name|contact_name|passenger_name|traveler_name|name_on_card|recipient_name|sender_name|(^|_)(owner|author|assignee|requester|reporter|cardholder|manager|approver))$/, (c) => c.faker.person.fullName()],
  [/(^|_)(username|user_name|login|handle|screen_name|nickname)$/, (c) => `${c.faker.person.firstName().toLowerCase()}.${c.faker.person.lastName().toLowerCase().replace(/[^a-z]/g, '')}${c.index}`],
  [/(^|_)(bank|bank_name|institution_name)$/, (c) => `${c.faker.helpers.arrayElement(['Northfield', 'Union', 'Harbor', 'Summit', 'Pioneer', 'Metro', 'Heritage', 'Riverside', 'Lakeside', 'Citizens'])} ${c.faker.helpers.arrayElement(['Bank', 'Savings Bank', 'Credit Union', 'Trust'])}`],
  [/(^|_)(company|company_name|organization|organisation|organization_name|org_name|business_name|employer|vendor_name|merchant_name|supplier_name)$/, (c) => c.faker.company.name()],
  [/(card_number|credit_card|pan)$/, (c) => cardNumber(c.faker)],
  [/^number$/, (c) => (/card/.test(c.entity) ? cardNumber(c.faker) : `${c.entity.replace(/[^a-z]/g, '').slice(0, 3).toUpperCase() || 'NO'}-${c.faker.string.numeric(6)}`)],
  [/(^|_)last_?(4|four)$/, (c) => c.faker.string.numeric(4)],
  [/(^|_)(cvc|cvv|cvv2|security_code)$/, (c) => c.faker.string.numeric(3)],
  [/(^|_)(brand|card_brand|network)$/, (c) => c.faker.helpers.arrayElement(['Visa', 'Mastercard', 'American Express', 'Discover'])],
  [/(^|_)(iban)$/, (c) => c.faker.finance.iban()],
  [/(^|_)(bic|swift|swift_code)$/, (c) => c.faker.finance.bic()],
  [/(^|_)(account_number)$/, (c) => c.faker.finance.accountNumber(10)],
  [/(^|_)(routing_number)$/, (c) => c.faker.finance.routingNumber()],
  [/(^|_)(symbol|ticker|stock|stock_symbol|ticker_symbol)$/, (c) => c.faker.helpers.arrayElement(/crypto|coin|token|chain|wallet/.test(c.provider + c.entity) ? CRYPTO : TICKERS)],
  [/(^|_)(color|colour)$/, (c) => c.faker.color.human()],
  [/(^|_)(hex|hex_color|color_hex)$/, (c) => c.faker.color.rgb()],
  [/(^|_)(mime_type|content_type|media_type|mimetype)$/, (c) => c.faker.helpers.arrayElement(MIME)],
  [/(^|_)(version|semver|app_version)$/, (c) => `${c.faker.number.int({ min: 1, max: 4 })}.${c.faker.number.int(12)}.${c.faker.number.int(9)}`],
  [/(^|_)(api_version)$/, (c) => c.faker.helpers.arrayElement(['2023-05-01', '2024-01-01', 'v1', 'v2'])],
  [/(^|_)(file_name|filename|file)$/, (c) => {
    const [base, ext] = c.faker.helpers.arrayElement(Object.entries(EXTENSIONS));
    return `${base}-${c.faker.helpers.arrayElement(['q1', 'q2', 'q3', 'q4', '2024', 'final', 'draft'])}-${c.index + 1}.${ext}`;
  }],
  [/(^|_)(path|directory|folder_path|dir|file_path)$/, (c) => `/home/${c.faker.person.firstName().toLowerCase()}/${c.faker.helpers.arrayElement(['projects', 'documents', 'reports', 'backups'])}/${c.faker.helpers.arrayElement(['2024', 'q3', 'archive', 'shared'])}`],
  [/(^|_)(hash|checksum|etag|sha|sha1|sha256|commit|commit_sha|md5)$/, (c) => c.faker.git.commitSha()],
  [/(^|_)(slug)$/, (c) => thingName(c).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')],
  [/(^|_)(sku)$/, (c) => `SKU-${c.faker.string.alphanumeric({ length: 6, casing: 'upper' })}`],
  [/(^|_)(order_number|invoice_number|receipt_number|confirmation_number|reference_number)$/, (c) => `${c.faker.helpers.arrayElement(['INV', 'ORD', 'REF'])}-2024-${c.faker.string.numeric(5)}`],
  [/(^|_)(tracking_number|tracking_code)$/, (c) => `1Z${c.faker.string.alphanumeric({ length: 16, casing: 'upper' })}`],
  [/(^|_)(password|passphrase)$/, (c) => `${c.faker.word.sample()}-${c.faker.string.alphanumeric(6)}-${c.faker.number.int(99)}!`],
  [/(^|_)(token|secret|api_key|client_secret|access_key|secret_key|key_id|private_key|signature)$/, (c) => c.faker.string.alphanumeric({ length: 32 })],
  [/(^|_)(code|reference|ref|voucher|coupon|promo_code)$/, (c) => `${c.entity.replace(/[^a-z]/g, '').slice(0, 3).toUpperCase() || 'REF'}-${c.faker.string.alphanumeric({ length: 6, casing: 'upper' })}`],
  [/(^|_)(tag|tags|label|labels|keyword|keywords|hashtag)$/, (c) => tag(c.faker)],
  [/(^|_)(title|subject|headline|summary_line|topic)$/, (c) => titleOf(c)],
  [/(^|_)(resolution|fix|solution)$/, (c) => sentence(c.faker, 'resolution')],
  [/(^|_)(reason|cancellation_reason|cause)$/, (c) => sentence(c.faker, 'reason')],
  [/(^|_)(note|notes|comment|comments|remark|remarks|memo|from_guest|from_seller|instructions|special_requests)$/, (c) => sentence(c.faker, 'note')],
  [/(^|_)(message|body|text|content|reply|question|answer|prompt)$/, (c) => sentence(c.faker, 'message')],
  [/(^|_)(bio|about|biography)$/, (c) => sentence(c.faker, 'bio')],
  [/(^|_)(description|summary|details|purpose|overview|caption)$/, (c) => sentence(c.faker, 'description')],
  [/(^|_)(gender|sex)$/, (c) => c.faker.helpers.arrayElement(['female', 'male', 'non-binary'])],
  [/(^|_)(priority|severity|urgency)$/, (c) => c.faker.helpers.arrayElement(['low', 'normal', 'high', 'urgent'])],
  [/(^|_)(role|permission|access_level)$/, (c) => c.faker.helpers.arrayElement(['admin', 'editor', 'viewer', 'member', 'owner'])],
  [/(^|_)(tier|plan|plan_name|subscription)$/, (c) => c.faker.helpers.arrayElement(['free', 'starter', 'pro', 'business', 'enterprise'])],
  [/(^|_)(class|cabin|cabin_class|travel_class|seat_class)$/, (c) => c.faker.helpers.arrayElement(['economy', 'premium economy', 'business', 'first'])],
  [/(^|_)(airport|from_airport|to_airport|departure_airport|arrival_airport)$/, (c) => c.faker.airline.airport().iataCode],
  [/(^|_)(origin|destination|from|to|departure|arrival|source|target|src|dest)$/, (c) => {
    // Where something goes from or to depends on what moves: a traveller, a file, a shipment.
    const about = `${c.provider} ${c.entity}`;
    if (/flight|travel|airport|trip|booking|airline|fare/.test(about)) return c.faker.airline.airport().iataCode;
    if (/file|director|folder|path|storage|disk|fs\b|system/.test(about)) return `/home/${c.faker.person.firstName().toLowerCase()}/${c.faker.helpers.arrayElement(['documents', 'projects', 'reports', 'archive'])}`;
    return c.faker.location.city();
  }],
  [/(^|_)(sector|industry|vertical)$/, (c) => c.faker.helpers.arrayElement(['Technology', 'Healthcare', 'Financials', 'Energy', 'Consumer goods', 'Industrials', 'Utilities', 'Retail'])],
  [/(^|_)(airline|carrier)$/, (c) => c.faker.airline.airline().name],
  [/(^|_)(flight|flight_number|flight_no)$/, (c) => `${c.faker.airline.airline().iataCode}${c.faker.number.int({ min: 100, max: 9999 })}`],
  [/(^|_)(unit|units|unit_of_measure|uom)$/, (c) => c.faker.helpers.arrayElement(['pcs', 'kg', 'hours', 'm', 'l', 'boxes'])],
  [/(^|_)(department|division|business_unit)$/, (c) => team(c.faker)],
  [/(^|_)(error|error_message|msg|detail|details|info|justification|explanation|condition|feedback)$/, (c) => sentence(c.faker, /error|msg|detail|info/.test(c.entity) ? 'reason' : 'note')],
  [/(^|_)(sid|uid|identifier|ident|external_id|parent|fingerprint|serial|serial_number|number|no|key|handle_id)$/, (c, name) => {
    const head = (words(name).filter((w) => !/^(sid|uid|identifier|ident|id|number|no|key)$/.test(w)).pop() ?? c.entity).replace(/[^a-z]/g, '').slice(0, 3).toUpperCase() || 'ID';
    return `${head}-${c.faker.string.numeric(6)}`;
  }],
  [/(^|_)(status|state)$/, (c) => c.faker.helpers.arrayElement(['active', 'pending', 'inactive'])],
  [/(^|_)(type|kind|category|mode|level|format|channel|source|method|frequency|interval|visibility)$/, (c, name) => {
    const field = words(name).pop() ?? 'type';
    const options: Record<string, string[]> = {
      frequency: ['daily', 'weekly', 'monthly'], interval: ['daily', 'weekly', 'monthly'], visibility: ['public', 'private', 'internal'], method: ['card', 'bank_transfer', 'invoice'],
      channel: ['email', 'sms', 'web', 'phone'], source: ['web', 'email', 'phone', 'referral'], format: ['json', 'csv', 'pdf'], level: ['info', 'warning', 'error'], mode: ['automatic', 'manual'],
    };
    return c.faker.helpers.arrayElement(options[field] ?? ['standard', 'custom', 'internal', 'external']);
  }],
  [/(^|_)(name|display_name|label_name|friendly_name|nickname|alias)$/, (c) => thingName(c)],
];

/** Cues in a description that say exactly what a field holds, whatever its name ("Two-letter ISO country code"). */
const STATED: [RegExp, string][] = [
  [/\bISO[ -]?4217\b|three-letter (ISO )?currency/i, 'currency'],
  [/\bISO[ -]?3166\b|two-letter (ISO )?country|country code/i, 'country_code'],
  [/\bISO[ -]?639\b|language code/i, 'language'],
  [/\bE\.164\b/, 'phone'],
  [/\bIANA time ?zone\b/i, 'timezone'],
];

/** Cues in a field's description that say what it holds, for names that say nothing ("A list of stock symbols"). */
const DESCRIBED: [RegExp, string][] = [
  [/\be-?mail\b/i, 'email'],
  [/\b(url|uri|web address|link)\b/i, 'url'],
  [/\bphone\b|\bE\.164\b/i, 'phone'],
  [/\bIP address\b/i, 'ip'],
  [/\b(uuid|guid)\b/i, 'uuid'],
  [/\bARN\b|Amazon Resource Name/, 'arn'],
  [/\bISO ?4217\b|\bcurrency\b/i, 'currency'],
  [/\bISO ?3166\b|\bcountry code\b/i, 'country_code'],
  [/\b(stock|ticker) symbols?\b|\bsymbols? of (the )?stocks?\b/i, 'symbol'],
  [/\btime ?zone\b/i, 'timezone'],
  [/\blanguage code\b|\bISO ?639\b/i, 'language'],
  [/\bcity\b/i, 'city'],
  [/\bairport\b/i, 'airport'],
  [/\b(first name)\b/i, 'first_name'],
  [/\b(last name|surname)\b/i, 'last_name'],
  [/\b(full name|person's name|name of the (person|user|customer|contact))\b/i, 'full_name'],
  [/\bcompany name\b|\bname of the (company|organi[sz]ation)\b/i, 'company_name'],
];

/** Query-filter suffixes (`name_ic`, `id_gte`, `address_in`): the field is what comes before them. */
const FILTER_SUFFIX = /_(gte|lte|gt|lt|ic|nic|iew|niew|isw|nisw|ie|nie|in|n|iexact|icontain|icontains|iregex|regex|istartswith|iendswith|startswith|endswith|contains|exact|isnull)$/;

/** A field name without its query-filter suffix. */
export function fieldOf(name: string): string {
  return FILTER_SUFFIX.test(name) && name.replace(FILTER_SUFFIX, '').length > 0 ? name.replace(FILTER_SUFFIX, '') : name;
}

/** A value for a text field from what its name means, or null when no rule knows the name. */
export function textByMeaning(name: string, c: TextContext): string | null {
  const field = fieldOf(name);
  for (const [pattern, make] of RULES) if (pattern.test(field)) return make(c, field);
  return null;
}

/** Whether some rule knows what a text field of this name holds. */
export function knowsText(name: string): boolean {
  const field = fieldOf(name);
  return RULES.some(([pattern]) => pattern.test(field));
}

/** A value the description states exactly (an ISO code, an E.164 number), or null: it wins over the name. */
export function textStated(description: string | undefined, c: TextContext): string | null {
  if (!description) return null;
  const cue = STATED.find(([pattern]) => pattern.test(description));
  return cue ? textByMeaning(cue[1], c) : null;
}

/** A value from what the field's description says it holds, or null when it gives no cue. */
export function textByDescription(description: string | undefined, c: TextContext): string | null {
  if (!description) return null;
  const cue = DESCRIBED.find(([pattern]) => pattern.test(description));
  return cue ? textByMeaning(cue[1], c) : null;
}

/** The name of the thing a row is (a person, a company, a hotel, a queue), for a bare `name`. */
export function nameOfThing(c: TextContext): string {
  return thingName(c);
}
