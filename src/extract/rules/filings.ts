import type { DeadlineType } from '../actions.js';
import type { EntryContext, FiledFinding } from './findings.js';
import { findMotionRefs } from './parties.js';
import { conceptTokens, deadlineTypeOf } from './tokens.js';

/**
 * Entries that ARE a filing a deadline waits for: "RESPONSE in Opposition re 42 …", "REPLY re 42 …",
 * "APPELLANT BRIEF filed by …", "OPENING BRIEF submitted for filing by Petitioner", and appellate
 * clerk notes "A/Pet's Brief deadline satisfied" or "defendant self-surrendered". The resolver links
 * them to an open deadline.
 */

const QUALIFIER = String.raw`(?:joint|amended|corrected|supplemental|unopposed|consent|first|second|third|final|opening|answering|principal|optional|sufficient|certified|sentencing|markman|letter|petitioner'?s?|respondent'?s?|appellant'?s?|appellee'?s?|cross-appell\w*'?s?|defendants?'?s?|plaintiffs?'?s?|government'?s?|united\s+states'?|usa'?s?)`;
const KIND = String.raw`(?:memorandum(?=\s+(?:by|filed|re\b|in\s+(?:opposition|support)))|response(?:\s+in\s+opposition)?|opposition|memorandum(?:\s+of\s+(?:law|points\s+and\s+authorities))?\s+in\s+opposition|sur-?reply|reply(?:\s+brief)?|brief|answer|proposed\s+order|status\s+report|case\s+management\s+statement|notice\s+of\s+compliance|appendix|administrative\s+record|record\s+excerpts|acknowledg(?:e)?ment\s+of\s+hearing\s+notice|transcript|objections?|(?:corporate\s+)?disclosure\s+statement|docketing\s+statement|notice\s+of\s+appearance)`;
// A heading naming the filing, not a schedule line about one ("Brief due 06/06/2026 …").
const HEAD = new RegExp(String.raw`^\W*(?:\d+\s+)?(?:[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,3}['’]s?\s+)?((?:${QUALIFIER}\s+)*)(${KIND})\b(?!\s+(?:(?:is|are|now)\s+)?(?:due|deadline|schedule))`, 'i');
const SATISFIED = /([A-Za-z/'’ .]{3,60}?)\s+(?:due\s+)?(?:deadline|ddl)\s+satisfied/gi;
const FILER = /\b(?:filed|tendered|submitted(?:\s+for\s+filing)?)\s+by\s+(?:attorney\s+)?(?:[^.;]{0,80}?\bfor\s+)?(appellants?|appellees?|petitioners?|respondents?|plaintiffs?|defendants?|usa|united\s+states|government)\b/i;

const NAME_FILLER = /\b(?:inc|llc|l\.l\.c|corp|corporation|company|co|ltd|lp|llp|the|and|of|on|behalf)\b\.?/gi;
/** Who filed it, by name ("filed by defendant Castle Hill Apparel, Inc."): tells apart one party's deadline from another's. */
function filerName(text: string): string {
  const m = /\b(?:filed|tendered|submitted)\s+by\s+(?:(?:the\s+)?(?:defendants?|plaintiffs?|creditors?|debtors?|appellants?|appellees?|petitioners?|respondents?|trustee)'?\s+)?([A-Z][\w'’.&-]*(?:[ ,]+[A-Z][\w'’.&-]*){0,5})/.exec(text);
  return m ? m[1]!.replace(NAME_FILLER, ' ') : '';
}

function typeFor(kind: string): DeadlineType | null {
  const t = deadlineTypeOf(kind);
  return t === 'other' ? null : t;
}

/**
 * A motion to dismiss filed in place of an answer meets the open answer deadline (the shared corpus's
 * precedent): "MOTION TO DISMISS FOR FAILURE TO STATE A CLAIM (Weller, Jennifer)".
 */
export function findDismissalMotion(ctx: EntryContext): FiledFinding[] {
  if (!/^\W*(?:[\w.'’&-]+\s+){0,4}?motion\s+to\s+dismiss\b/i.test(ctx.text)) return [];
  if (/\b(?:appeal|petition|indictment|count|case\s+for\s+failure\s+to\s+(?:make|pay|file))\b/i.test(ctx.text.slice(0, 120))) return [];
  const tokens = conceptTokens(`answer ${filerName(ctx.text.slice(0, 400))}`);
  return [{ kind: 'filed', tokens, deadlineType: 'answer', motionNumber: null, order: 2000, via: { recogniser: 'a motion to dismiss meets the answer deadline', clause: ctx.text.slice(0, 160) } }];
}

export function findFiled(ctx: EntryContext): FiledFinding[] {
  const out: FiledFinding[] = [];
  let order = 2000;
  // The pattern opens with a lazy run that is tried at every position: look for its anchor word first.
  const satisfied = /satisfied/i.test(ctx.text) ? ctx.text.matchAll(SATISFIED) : [];
  for (const m of satisfied) {
    const phrase = m[1]!.replace(/^.*\b(?:FILED|received|RECEIVED)\b\.?\s*/, '').replace(/^[^A-Za-z]+/, '');
    const tokens = conceptTokens(phrase);
    if (tokens.length) out.push({ kind: 'filed', tokens, deadlineType: typeFor(phrase), motionNumber: null, order: order++, via: { recogniser: '"deadline satisfied" note', clause: m[0] } });
  }
  // A clerk's or marshal's note that the defendant reported as ordered.
  if (/\bself-?surrendered\b/i.test(ctx.text)) out.push({ kind: 'filed', tokens: ['self', 'surrender'], deadlineType: null, motionNumber: null, order: order++, via: { recogniser: 'self-surrender record', clause: ctx.text.slice(0, 160) } });
  if (out.length) return out;
  const head = HEAD.exec(ctx.text);
  if (!head) return out;
  const qualifiers = head[1] ?? '';
  const kind = head[2]!;
  // Filed by whom: the heading's own party word, else "filed by … for Appellant".
  const filer = FILER.exec(ctx.text.slice(0, 300))?.[1] ?? '';
  const refs = findMotionRefs(ctx.text.slice(0, 200));
  const label = refs[0]?.label ?? '';
  const tokens = conceptTokens(`${qualifiers} ${kind} ${filer} ${label} ${filerName(ctx.text.slice(0, 400))}`.replace(/\bletter\b/i, ''));
  out.push({ kind: 'filed', tokens, deadlineType: typeFor(kind), motionNumber: refs[0]?.number ?? null, order: order++, via: { recogniser: `a ${kind.toLowerCase()} filing meets its deadline`, clause: ctx.text.slice(0, 160) } });
  return out;
}
