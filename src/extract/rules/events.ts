import type { HearingType, Significance } from '../actions.js';

/**
 * Proceeding vocabulary: the phrases clerks use for hearings, what kind of hearing each one is
 * (spec §5 types), its default significance (spec §6) and a display title. The `family` groups
 * phrases that name the same logical proceeding, so "Status Hearing" reschedules a known
 * "Status Conference" but not a "Final Pretrial Conference".
 */
export interface EventSpec {
  family: string; // key stem, kebab-case
  type: HearingType;
  title: string;
  significance: Significance;
  /** Generic words ("hearing", "conference") that only name a proceeding together with context. */
  generic?: boolean;
}

interface LexiconEntry extends EventSpec {
  pattern: string;
}

const PRE_TRIAL = String.raw`pre-?\s?trial`;

// Order matters where two phrases start at the same word: the longer phrase comes first.
const LEXICON: LexiconEntry[] = [
  // Trials.
  { pattern: String.raw`jury\s+selection\s*(?:&|and)\s*(?:jury\s+)?trial`, family: 'trial', type: 'trial', title: 'Jury Selection and Trial', significance: 'major' },
  { pattern: String.raw`(?:non-?\s?jury|bench|court)\s+trial`, family: 'trial', type: 'trial', title: 'Bench Trial', significance: 'major' },
  { pattern: String.raw`jury\s+trial`, family: 'trial', type: 'trial', title: 'Jury Trial', significance: 'major' },
  // Minute-entry shorthand: "Dates given: JS/JT 8-17-31 @ 9 a.m." (jury selection and jury trial).
  { pattern: String.raw`JS\s*\/\s*JT`, family: 'trial', type: 'trial', title: 'Jury Selection and Trial', significance: 'major' },
  { pattern: String.raw`jury\s+selection|voir\s+dire(?!\s+(?:questions|due|materials))`, family: 'trial', type: 'trial', title: 'Jury Selection', significance: 'major' },
  // Combined S.D. Cal. style "Motion Hearing/Trial Setting" is a motion hearing, not a trial.
  { pattern: String.raw`(?:motions?\s+hearing\s*(?:\/|&|and)\s*)?trial\s+setting(?:\s+(?:hearing|conference))?`, family: 'motion-hearing', type: 'motion_hearing', title: 'Motion Hearing/Trial Setting', significance: 'major' },
  { pattern: String.raw`(?<!speedy\s)trial(?!\s+(?:act|court|counsel|judge|brief|exhibits?|memorand\w*|preparation|order))`, family: 'trial', type: 'trial', title: 'Trial', significance: 'major' },
  // Sentencing and plea-stage proceedings.
  { pattern: String.raw`re-?sentencing(?:\s+hearing)?`, family: 'resentencing', type: 'sentencing', title: 'Resentencing', significance: 'major' },
  { pattern: String.raw`sentenc(?:e|ing)\s+with(?:out)?\s+psr(?:\s+hearing)?`, family: 'sentencing', type: 'sentencing', title: 'Sentencing', significance: 'major' },
  { pattern: String.raw`(?:imposition\s+of\s+sentence|sentencing(?:\s+hearing)?)`, family: 'sentencing', type: 'sentencing', title: 'Sentencing', significance: 'major' },
  { pattern: String.raw`(?:initial|first)\s+appearances?`, family: 'initial-appearance', type: 'initial_appearance', title: 'Initial Appearance', significance: 'major' },
  { pattern: String.raw`(?:re-?)?arraignments?`, family: 'arraignment', type: 'arraignment', title: 'Arraignment', significance: 'major' },
  { pattern: String.raw`plea\s+and\s+sentenc(?:e|ing)(?:\s+hearing)?`, family: 'plea-and-sentence', type: 'change_of_plea', title: 'Plea and Sentence', significance: 'major' },
  { pattern: String.raw`(?:change\s+of\s+plea|plea\s+agreement|rule\s+11(?:\s+plea)?|plea)\s+hearing|change\s+of\s+plea|waiver\s+of\s+indictment(?:\s+hearing)?|plea\s+to\s+(?:an\s+)?information`, family: 'change-of-plea', type: 'change_of_plea', title: 'Change of Plea Hearing', significance: 'major' },
  // Conferences.
  { pattern: String.raw`final\s+${PRE_TRIAL}\s+conference`, family: 'final-pretrial-conf', type: 'status_conference', title: 'Final Pretrial Conference', significance: 'major' },
  { pattern: String.raw`initial\s+${PRE_TRIAL}\s+conference`, family: 'initial-conf', type: 'status_conference', title: 'Initial Pretrial Conference', significance: 'major' },
  { pattern: String.raw`initial\s+conference`, family: 'initial-conf', type: 'status_conference', title: 'Initial Conference', significance: 'major' },
  { pattern: String.raw`(?:initial\s+|further\s+)?case\s+management\s+conference`, family: 'cmc', type: 'status_conference', title: 'Case Management Conference', significance: 'major' },
  { pattern: String.raw`initial\s+scheduling\s+conference`, family: 'scheduling-conf', type: 'status_conference', title: 'Initial Scheduling Conference', significance: 'major' },
  { pattern: String.raw`(?:status\s+report\s+and\s+|rule\s+16(?:\(b\))?\s+|telephon(?:e|ic)\s+)?scheduling\s+conference`, family: 'scheduling-conf', type: 'status_conference', title: 'Scheduling Conference', significance: 'minor' },
  { pattern: String.raw`(?:interim\s+|further\s+)?${PRE_TRIAL}\s+(?:status\s+)?conference`, family: 'pretrial-conf', type: 'status_conference', title: 'Pretrial Conference', significance: 'major' },
  { pattern: String.raw`telephon(?:e|ic)\s+status\s+(?:conference|hearing)`, family: 'status-conf', type: 'status_conference', title: 'Telephonic Status Conference', significance: 'major' },
  { pattern: String.raw`(?:video\s+|in-person\s+)?status\s+(?:conference|hearing|call)`, family: 'status-conf', type: 'status_conference', title: 'Status Conference', significance: 'major' },
  { pattern: String.raw`in[-\s]chambers\s+conference`, family: 'chambers-conf', type: 'other', title: 'In-Chambers Conference', significance: 'major' },
  { pattern: String.raw`settlement\s+conference`, family: 'settlement-conf', type: 'other', title: 'Settlement Conference', significance: 'major' },
  { pattern: String.raw`mediation\s+(?:conference|session)`, family: 'mediation-conf', type: 'other', title: 'Mediation Conference', significance: 'major' },
  { pattern: String.raw`pre-?motion\s+conference`, family: 'pre-motion-conf', type: 'telephonic_conference', title: 'Pre-Motion Conference', significance: 'major' },
  { pattern: String.raw`discovery\s+(?:dispute\s+)?(?:hearing|conference)`, family: 'discovery-hearing', type: 'motion_hearing', title: 'Discovery Dispute Hearing', significance: 'major' },
  { pattern: String.raw`(?:telephonic|telephone|video)\s+conference|teleconference|conference\s+call`, family: 'telephonic-conf', type: 'telephonic_conference', title: 'Telephonic Conference', significance: 'major' },
  { pattern: String.raw`calendar\s+call`, family: 'calendar-call', type: 'other', title: 'Calendar Call', significance: 'major' },
  { pattern: String.raw`docket\s+call`, family: 'docket-call', type: 'other', title: 'Docket Call', significance: 'minor' },
  // Named hearings.
  { pattern: String.raw`(?:pretrial\s+)?detention\s+hearing`, family: 'detention-hearing', type: 'other', title: 'Detention Hearing', significance: 'major' },
  { pattern: String.raw`bond\s+exoneration\s+hearing`, family: 'bond-exoneration-hearing', type: 'other', title: 'Bond Exoneration Hearing', significance: 'minor' },
  { pattern: String.raw`bond\s+(?:review\s+)?hearing`, family: 'bond-hearing', type: 'other', title: 'Bond Hearing', significance: 'major' },
  { pattern: String.raw`frye\s+hearing`, family: 'frye-hearing', type: 'other', title: 'Frye Hearing', significance: 'major' },
  { pattern: String.raw`preliminary\s+(?:examination|hearing)`, family: 'preliminary-hearing', type: 'other', title: 'Preliminary Hearing', significance: 'major' },
  { pattern: String.raw`(?:(?:supervised\s+release|probation)\s+)?(?:violation|revocation)\s+hearing`, family: 'revocation-hearing', type: 'other', title: 'Revocation Hearing', significance: 'major' },
  // Hearings named for their purpose or a precedent; each is its own proceeding.
  { pattern: String.raw`(?:fairness|bail|curcio|markman|claim\s+construction|sanctions?|contempt|compliance|damages|faretta|garcia|kastigar|identity|removal|probable\s+cause|final\s+approval|preliminary\s+approval)\s+hearing`, family: 'named-hearing', type: 'other', title: 'Hearing', significance: 'major' },
  { pattern: String.raw`show\s+cause\s+hearing`, family: 'show-cause-hearing', type: 'other', title: 'Show Cause Hearing', significance: 'major' },
  { pattern: String.raw`restitution\s+hearing`, family: 'restitution-hearing', type: 'other', title: 'Restitution Hearing', significance: 'major' },
  { pattern: String.raw`omnibus\s+hearing`, family: 'omnibus-hearing', type: 'other', title: 'Omnibus Hearing', significance: 'major' },
  { pattern: String.raw`disclosure\s+statement\s+hearing`, family: 'disclosure-statement-hearing', type: 'other', title: 'Disclosure Statement Hearing', significance: 'major' },
  { pattern: String.raw`confirmation\s+hearing`, family: 'confirmation-hearing', type: 'other', title: 'Confirmation Hearing', significance: 'major' },
  { pattern: String.raw`competency\s+hearing`, family: 'competency-hearing', type: 'evidentiary_hearing', title: 'Competency Hearing', significance: 'major' },
  { pattern: String.raw`forfeiture\s+hearing`, family: 'forfeiture-hearing', type: 'evidentiary_hearing', title: 'Forfeiture Hearing', significance: 'major' },
  { pattern: String.raw`(?:franks|daubert)\s+hearing`, family: 'evidentiary-hearing', type: 'evidentiary_hearing', title: 'Evidentiary Hearing', significance: 'major' },
  { pattern: String.raw`evidentiary\s+(?:motions?\s+)?hearing`, family: 'evidentiary-hearing', type: 'evidentiary_hearing', title: 'Evidentiary Hearing', significance: 'major' },
  { pattern: String.raw`suppression\s+hearing`, family: 'motion-hearing', type: 'motion_hearing', title: 'Suppression Hearing', significance: 'major' },
  { pattern: String.raw`motions?\s+in\s+limine\s+hearing`, family: 'mil-hearing', type: 'motion_hearing', title: 'Motion in Limine Hearing', significance: 'major' },
  { pattern: String.raw`motions?\s+hearing`, family: 'motion-hearing', type: 'motion_hearing', title: 'Motion Hearing', significance: 'major' },
  { pattern: String.raw`hearing\s+on\s+(?:the\s+)?(?:(?:approval|adequacy)\s+of\s+(?:the\s+)?)?(?:debtors?'?s?\s+)?(?:amended\s+)?disclosure\s+statement`, family: 'disclosure-statement-hearing', type: 'other', title: 'Disclosure Statement Hearing', significance: 'major' },
  { pattern: String.raw`hearing\s+on\s+(?:the\s+)?confirmation(?:\s+of\s+(?:the\s+)?(?:debtors?'?s?\s+)?plan)?`, family: 'confirmation-hearing', type: 'other', title: 'Confirmation Hearing', significance: 'major' },
  { pattern: String.raw`hearing\s+on\s+(?:the\s+|a\s+)?(?:\[?\d{1,4}\]?\s+)?(?:[\w'’-]+\s+){0,3}?motions?`, family: 'motion-hearing', type: 'motion_hearing', title: 'Motion Hearing', significance: 'major' },
  // Bankruptcy: the debtor and counsel must attend the §341 meeting (project convention: a hearing, type other).
  { pattern: String.raw`(?:(?:first|initial|continued|adjourned)\s+)?meeting\s+of\s+creditors(?:\s*(?:\(?\s*(?:11\s+U\.?S\.?C\.?\s*)?§?\s*341\s*\(a\)\s*\)?)(?:\s+meeting)?)?|(?:§\s*)?341\s*(?:\(a\)\s*)?meeting(?:\s+of\s+creditors)?`, family: '341-meeting', type: 'other', title: 'Meeting of Creditors (§341)', significance: 'major' },
  // "The Court will hear argument on the pending motion on …": argument without "oral".
  { pattern: String.raw`(?<=\bhear\s)argument|argument(?=\s+(?:on|regarding)\s+(?:the\s+)?(?:pending\s+)?motions?\b)`, family: 'oral-arg', type: 'oral_argument', title: 'Oral Argument', significance: 'major' },
  { pattern: String.raw`oral\s+arguments?`, family: 'oral-arg', type: 'oral_argument', title: 'Oral Argument', significance: 'major' },
  // Generic words: a proceeding only together with a motion number, a date or a known row.
  { pattern: String.raw`hearing`, family: 'hearing', type: 'other', title: 'Hearing', significance: 'major', generic: true },
  { pattern: String.raw`conference`, family: 'conference', type: 'status_conference', title: 'Conference', significance: 'major', generic: true },
];

const COMBINED = new RegExp(LEXICON.map((e) => `\\b(${e.pattern})\\b`).join('|'), 'gi');

export interface EventMention {
  spec: EventSpec;
  start: number;
  end: number;
  text: string;
}

function specOf(entry: LexiconEntry): EventSpec {
  const { pattern: _pattern, ...spec } = entry;
  return spec;
}

/** Proceeding phrases in text, left to right, longest phrase at each position. */
const SPECS = LEXICON.map(specOf);

export function findEventMentions(text: string): EventMention[] {
  const out: EventMention[] = [];
  // exec on the shared pattern, not matchAll: matchAll copies this 60-group pattern on every call
  // (it runs for every clause of every entry). Nothing below calls back in here.
  COMBINED.lastIndex = 0;
  for (let m = COMBINED.exec(text); m; m = COMBINED.exec(text)) {
    if (m[0] === '') COMBINED.lastIndex++; // as matchAll does (no alternative matches empty)
    let i = 0;
    while (i < SPECS.length && m[i + 1] === undefined) i++;
    let spec = SPECS[i];
    if (!spec) continue;
    if (spec.family === 'named-hearing') {
      // "Fairness hearing", "Curcio hearing": the phrase itself is the proceeding's name.
      const words = m[0].toLowerCase().split(/\s+/);
      spec = { ...spec, family: words.join('-'), title: words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ') };
    }
    out.push({ spec, start: m.index, end: m.index + m[0].length, text: m[0] });
  }
  return out;
}

// Known rows' titles and keys are looked up again for every entry of a docket; remember them.
const labelCache = new Map<string, EventSpec | null>();
const LABEL_CACHE_LIMIT = 20_000;

/** The proceeding a short label names ("Status Conference - Quill", "status conf"), if any. */
export function eventForLabel(label: string): EventSpec | null {
  const hit = labelCache.get(label);
  if (hit !== undefined) return hit;
  const spec = lookUpLabel(label);
  if (labelCache.size >= LABEL_CACHE_LIMIT) labelCache.clear();
  labelCache.set(label, spec);
  return spec;
}

function lookUpLabel(label: string): EventSpec | null {
  const expanded = label
    .replace(/[-_]+/g, ' ')
    .replace(/\bconf\b/gi, 'conference')
    .replace(/\barg\b/gi, 'argument')
    .replace(/\bmh\b/gi, 'motion hearing')
    .replace(/\bcmc\b/gi, 'case management conference')
    .replace(/\bmil\b/gi, 'motion in limine')
    .replace(/\bsupp\b/gi, 'suppression')
    .replace(/\bcop\b/gi, 'change of plea')
    .replace(/\boral\s+argument\b/gi, 'oral argument');
  const mentions = findEventMentions(expanded);
  const specific = mentions.find((m) => !m.spec.generic);
  return (specific ?? mentions[0])?.spec ?? null;
}

/** Once-only proceedings keep their row through cancellations until held (spec §6 keys). */
export const ONCE_ONLY_TYPES: ReadonlySet<HearingType> = new Set([
  'arraignment',
  'initial_appearance',
  'change_of_plea',
  'sentencing',
  'trial',
  'oral_argument',
]);

/**
 * Spec §6 hearing significance: calls held only to discuss scheduling, continuances or
 * extensions are minor; everything else keeps the phrase's default (untyped conferences: major).
 */
export function hearingSignificance(spec: EventSpec, clause: string): Significance {
  if (spec.significance === 'minor') return 'minor';
  if (spec.type === 'status_conference' || spec.type === 'telephonic_conference' || spec.generic) {
    if (/\bto\s+(?:discuss|address|consider|rule\s+on|resolve)\b[^.;]{0,60}?\b(?:scheduling|schedule|continuance|extension|adjournment|status\s+of\s+counsel|substitution\s+of\s+counsel|new\s+(?:trial\s+)?dates?)\b/i.test(clause)) {
      return 'minor';
    }
  }
  return 'major';
}

/** Words that describe a proceeding rather than a party, for telling "sentencing-quill" from "sentencing-2". */
export const PROCEEDING_WORDS: ReadonlySet<string> = new Set([
  ...LEXICON.flatMap((e) => `${e.family} ${e.title}`.toLowerCase().split(/[^a-z0-9]+/)),
  'conf', 'arg', 'mh', 'cmc', 'mil', 'hearing', 'conference', 'day', 'initial', 'final', 'further', 'telephonic',
  'telephone', 'video', 'jury', 'bench', 'selection', 'with', 'psr', 're', 'on', 'of', 'to', 'the', 'and', 'setting',
  'motion', 'motions', 'status', 'pretrial', 'pre', 'supp', 'suppress', 'suppression', 'limine', 'in', 'for', 'oral',
  'evidentiary', 'competency', 'detention', 'plea', 'change', 'cop', 'rule', 'report', 'verdict', 'ruling', 'remote',
  'zoom', 'teleconference', 'call', 'new', 'continued', 'reset', 'set', 'dispute', 'discovery', 'scheduling', 'msj',
  'mtd', 'dismiss', 'summary', 'judgment', 'relief', 'stay', 'vacate', 'sanctions', 'omnibus', 'ecf',
].filter(Boolean));
