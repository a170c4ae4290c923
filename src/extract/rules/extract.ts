import { IGNORE, type Action } from '../actions.js';
import type { ExtractInput } from '../types.js';
import { findDeadlines } from './deadlines.js';
import { findDismissalMotion, findFiled } from './filings.js';
import type { EntryContext, HearingFinding } from './findings.js';
import { expandDateLists, expandTwoDigitYears, findDates } from './dates.js';
import { blankQuotedDates, cleanDocketText } from './footers.js';
import { findHearings } from './hearings.js';
import { findDefendant, findMotionRefs, findReferencedNumbers, isMultiDefendantCase, SCHEDULING_MOTION, surnameOf } from './parties.js';
import { Resolver } from './resolve.js';
import { splitClauses } from './sentences.js';
import {
  blanketVacatur,
  isAppellateCourt,
  isExtensionNotice,
  isIgnoredShape,
  isMotionFiling,
  isPartyFiling,
  isResetNotice,
  isTranscript,
  minuteEntryDate,
} from './shapes.js';

/**
 * The deterministic extractor: one docket entry in, validated actions out. Matchers read the
 * entry's clauses into findings; the resolver decides ADD vs RESCHEDULE and keys against the known
 * rows. Nothing found → a single IGNORE.
 */

const MAX_TEXT = 20_000;

/** The text the rules read: the description, or the short and document descriptions of a blank one. */
export function entryText(entry: ExtractInput['entry']): string {
  const { description, shortDescription, documentDescriptions } = entry;
  if (description.trim() && !/^\(?blank\)?$/i.test(description.trim())) return description;
  return [shortDescription, ...documentDescriptions].filter((s) => s && s.trim()).join('. ');
}

/** The old date of "… rescheduled/continued/moved from <date>". */
function rescheduledFrom(text: string): string | null {
  const m = /\b(?:re-?scheduled|continued|adjourned|moved|re-?set|postponed)\s+from\s+/i.exec(text);
  if (!m) return null;
  const d = findDates(text.slice(m.index + m[0].length, m.index + m[0].length + 40))[0];
  return d && d.index === 0 ? d.iso : null;
}

function buildContext(input: ExtractInput, raw: string, text: string): EntryContext {
  const defendant = findDefendant(text);
  const name = defendant?.name ?? null;
  const surname = name ? surnameOf(name) : null;
  const refs = findMotionRefs(text);
  const motionLabels = new Map<number, string>();
  for (const r of refs) if (r.label && !motionLabels.has(r.number)) motionLabels.set(r.number, r.label);
  // Entry-wide, only numbers the text calls a MOTION count: "Dkt. No. 34" may be a letter or an order.
  const motionNumbers = [...new Set(refs.filter((r) => r.label !== null && !SCHEDULING_MOTION.test(r.label)).map((r) => r.number))];
  const motionFiling = isMotionFiling(text);
  const appellate = isAppellateCourt(input.courtId);
  return {
    text,
    dateFiled: input.entry.dateFiled,
    entryNumber: input.entry.entryNumber,
    defendant: name,
    surname,
    multiDefendant: isMultiDefendantCase(input.caseName, surname),
    partyFiling: !appellate && isPartyFiling(text, raw, input.courtId),
    motionFiling,
    resetNotice: isResetNotice(text),
    extensionNotice: isExtensionNotice(text),
    minuteDate: minuteEntryDate(text),
    transcript: isTranscript(text),
    blanketVacatur: blanketVacatur(text),
    motionNumbers,
    motionLabels,
    referencedNumbers: findReferencedNumbers(text),
    rescheduledFrom: rescheduledFrom(text),
  };
}

/** A minute entry naming the proceeding drops its generic "proceedings held" reading. */
function dropRedundantGenericHeld(findings: HearingFinding[]): HearingFinding[] {
  const specificHeld = findings.some((f) => f.op === 'held' && !f.spec.generic);
  return specificHeld ? findings.filter((f) => !(f.op === 'held' && f.spec.generic)) : findings;
}

/** One action and what produced it: the recogniser and the clause it read. */
export interface ExplainedAction {
  action: Action;
  recogniser: string | null;
  clause: string | null;
}

function dedupe(items: ExplainedAction[]): ExplainedAction[] {
  const seen = new Set<string>();
  const out: ExplainedAction[] = [];
  for (const item of items) {
    const a = item.action;
    const id = `${a.type}|${a.hearing_key ?? ''}|${a.deadline_key ?? ''}|${a.local_date ?? ''}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(item);
  }
  return out;
}

/**
 * The text the rules and the unread net read: clerk stamps stripped, two-digit years and lists of days
 * written out, dates quoted from other filings blanked. Docket text is a few hundred characters; the
 * cap only bounds the work on pathological input.
 */
export function readableText(entry: ExtractInput['entry']): { raw: string; text: string } {
  const cached = readings.get(entry);
  if (cached) return cached;
  const raw = entryText(entry).slice(0, MAX_TEXT);
  const reading = { raw, text: blankQuotedDates(expandDateLists(expandTwoDigitYears(cleanDocketText(raw), entry.dateFiled))) };
  if (Object.isFrozen(entry)) readings.set(entry, reading);
  return reading;
}

// The pipeline hands the extractor and then the unread net the same frozen entry: clean its text once.
const readings = new WeakMap<object, { raw: string; text: string }>();

/**
 * The rules' reading of one entry with its provenance. `why` says, when nothing was read, at which
 * step the entry stopped (known non-event shape, a party's filing, no date, no proceeding).
 */
export function explainWithRules(input: ExtractInput): { actions: ExplainedAction[]; why: string | null } {
  const read = readWithRules(input);
  return { actions: read.actions, why: read.actions.length ? null : read.why() };
}

/** The rules' reading; `why` is worked out only when asked (`extract --explain`), not on every silent entry. */
function readWithRules(input: ExtractInput): { actions: ExplainedAction[]; why: () => string } {
  const { raw, text } = readableText(input.entry);
  if (!text) return { actions: [], why: () => 'the entry has no text' };
  if (isIgnoredShape(text)) return { actions: [], why: () => 'a known non-event shape (sealed or restricted placeholder, audio file, transcript order, stipulation not adopted by the court)' };
  const ctx = buildContext(input, raw, text);
  const clauses = splitClauses(text);

  const hearings = dropRedundantGenericHeld(findHearings(clauses, ctx));
  const deadlines = findDeadlines(clauses, ctx);
  const filed = ctx.motionFiling ? findDismissalMotion(ctx) : findFiled(ctx);

  const resolver = new Resolver(input.knownHearings, input.knownDeadlines, ctx, input.docketId);
  for (const f of filed) resolver.filed(f);
  for (const f of hearings) resolver.hearing(f);
  for (const f of deadlines) resolver.deadline(f);
  if (ctx.blanketVacatur) resolver.vacateAll(ctx.blanketVacatur);

  const items = resolver.actions.map((action, i) => ({ action, recogniser: resolver.provenance[i]?.recogniser ?? null, clause: resolver.provenance[i]?.clause ?? null }));
  // Validated once, where every extractor's output is (the pipeline's validActions), not twice.
  const actions = dedupe(items);
  const why = () => {
    if (hearings.length + deadlines.length + filed.length > 0) {
      return 'recognisers read something, but it matched no known row and could not create one (a generic hearing word, or a filing with no open deadline)';
    }
    if (ctx.partyFiling || ctx.motionFiling) return "a party's filing: only court-set dates and the clerk's hearing text count";
    const dates = findDates(text);
    if (dates.length === 0) return 'no date in the text';
    if (!dates.some((d) => !input.entry.dateFiled || d.iso >= input.entry.dateFiled)) return 'no date on or after the filing date';
    return 'dates found, but no proceeding or deadline phrase reads them';
  };
  return { actions, why };
}

export function extractWithRules(input: ExtractInput): Action[] {
  const { actions } = readWithRules(input);
  return actions.length ? actions.map((x) => x.action) : [{ ...IGNORE }];
}
