import type { Significance } from '../actions.js';
import { findDates, type DateMatch } from './dates.js';
import type { DeadlineFinding, EntryContext } from './findings.js';
import { partySlug, partySlugs, slugify } from './keys.js';
import { findMotionRefs, SCHEDULING_MOTION } from './parties.js';
import { findTimes } from './times.js';
import { conceptSimilarity, conceptTokens, deadlineTypeOf, kindsConflict, PARTY_TOKENS } from './tokens.js';

/**
 * Reads filing deadlines: clerk auto-text ("Responses due by 5/24/2026", "Redacted Transcript
 * Deadline set for …"), appellate notices ("appellant brief due 04/08/2026"), and order prose
 * ("By April 21, 2026, the parties shall file a joint status report"). Relative deadlines
 * ("objections due within 14 days") become conditional rows with the trigger in notes.
 */

const PREP = String.raw`(?:on\s+or\s+before|no\s+later\s+than|not\s+later\s+than|by|on|before|until|through)`;
const CLOCK = String.raw`(?:(?:12(?::00)?\s*)?noon|\d{1,2}(?::\d{2})?\s*[ap]\.?\s?m\.?)`;
const NUMBER_WORD = String.raw`(?:\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|fifteen|twenty|twenty-one|twenty-eight|thirty|forty-five|sixty|ninety)`;
const RELATIVE = new RegExp(
  String.raw`^\s*(?:${PREP}\s+|within\s+|no\s+later\s+than\s+)*(${NUMBER_WORD}\s*(?:\(\d{1,3}\)\s*)?(?:business\s+|calendar\s+|court\s+)?(?:days?|weeks?)(?:\s+(?:after|following|from|of|before|prior\s+to)\s+[^.;]{3,120}?(?=\s+and\s+[^.;]*\bdue\b|[.;]|$))?)`,
  'i',
);
const BOILERPLATE = /counsel\s+is\s+advised|if\s+they\s+wish|may\s+write|if\s+you\s+have|notice\s+of\s+intent\s+to\s+request\s+redaction|redact|date\s+of\s+this\s+filing|rehearing/i;
const MINOR =
  /appearance|admission|pro\s+hac|withdraw|redact|paper\s+cop|acknowledg|transcript\s+order|designation\s+form|meet\s+and\s+confer|mediation\s+status|corporate\s+disclosure|cover\s+sheet|court\s+reporter|reporter\s+ack/i;
const FEE_APPLICATION = /application\s+for\s+(?:compensation|allowance|fees)|fee\s+application|monthly\s+application|interim\s+application/i;
const CUT_WORDS =
  /\s+(?:indicating|that|which|who|regarding|concerning|addressing|summarizing|setting\s+forth|not\s+to\s+exceed|in\s+support(?:\s+of)?|explaining|identifying|identical|updating|with\s+the\s+court|on\s+ECF|so\s+that|pursuant|in\s+accordance|in\s+good\s+faith|correctly|consistent|as\s+follows)\b[\s\S]*$/i;

interface Draft {
  /** Which recogniser read it (for `extract --explain`). */
  form?: string;
  what: string;
  party: string | null;
  date: string | null;
  time: string | null;
  conditional: boolean;
  notes: string | null;
  extension: boolean;
  motionNumber: number | null;
  index: number;
}

function clean(what: string): string {
  return what
    .replace(/\([^()]*\)/g, ' ')
    .replace(/,\s*if\s+(?:any|required|necessary|appropriate|applicable)\s*,?/gi, ' ')
    .replace(/(?:\s*\b(?:is|are|will\s+be|shall\s+be|now|hereby))+\s*$/i, ' ')
    .replace(/^(?:[A-Z'’]{2,}\s+){2,}(?=\S*[a-z])/, '')
    .replace(/^\W*(?:(?:and|with|or|then|also|further|that|the|a|an|any|all|its|their|his|her|ordered|it\s+is|set\/reset\s+deadlines|set\s+deadlines|\d+)\s+)*/i, '')
    .replace(/\s+/g, ' ')
    .replace(/[\s,.:;-]+$/, '')
    .trim();
}

function lastWords(text: string, n: number): string {
  const words = text.split(/\s+/).filter(Boolean);
  return words.slice(Math.max(0, words.length - n)).join(' ');
}

function titleCase(text: string): string {
  const shouting = text === text.toUpperCase();
  return text
    .split(' ')
    .map((w, i) => {
      const lower = w.toLowerCase();
      if (i > 0 && /^(?:to|of|for|and|or|the|a|an|in|on|by|re|with)$/.test(lower)) return lower;
      if (shouting && !/^(?:PSR|CIPA|CMC|USA|ECF|FRAP|PFR|MSJ|USMS)$/.test(w)) return lower.charAt(0).toUpperCase() + lower.slice(1);
      return w.charAt(0).toUpperCase() + w.slice(1);
    })
    .join(' ');
}

const PARTY_LABEL: Record<string, string> = {
  govt: 'Government', defendant: 'Defendant', plaintiff: 'Plaintiff', appellant: 'Appellant', appellee: 'Appellee',
  petitioner: 'Petitioner', respondent: 'Respondent', joint: 'Joint', debtor: 'Debtor',
};

function significanceOf(what: string, ctx: EntryContext): Significance {
  if (/release\s+of\s+transcript|transcript\s+release/i.test(what)) return 'major';
  if (MINOR.test(what)) return 'minor';
  if (/\bobjections?\b/i.test(what) && FEE_APPLICATION.test(ctx.text)) return 'minor';
  return 'major';
}

function build(d: Draft, ctx: EntryContext, order: number): DeadlineFinding | null {
  const what = clean(d.what);
  if (!/[a-z]{3}/i.test(what) || what.split(' ').length > 14) return null;
  const tokens = conceptTokens(what);
  const party = d.party ?? partySlug(what);
  const content = tokens.filter((t) => !PARTY_TOKENS.has(t));
  if (!content.length) return null;
  const deadlineType = deadlineTypeOf(what);
  const motionNumber = d.motionNumber;
  const transcriptSuffix = transcriptProceeding(what, ctx);
  let key: string;
  let title: string;
  if (motionNumber !== null && (deadlineType === 'response' || deadlineType === 'reply' || deadlineType === 'opposition')) {
    key = `${deadlineType}-to-motion-${motionNumber}`;
    const label = ctx.motionLabels.get(motionNumber) ?? 'Motion';
    title = `${titleCase(lastWords(what.replace(/\s+(?:to|re)\b.*$/i, ''), 4))} to ${label} (ECF ${motionNumber})`;
  } else {
    const partyToken = party && !content.includes(party) ? [party] : [];
    key = slugify([...partyToken, ...content.slice(0, 5)].join(' '), 7);
    if (transcriptSuffix) key = `${key}-${transcriptSuffix}`;
    const label = party && !tokens.includes(party) && PARTY_LABEL[party] ? `${PARTY_LABEL[party]} ` : '';
    title = titleCase(`${label}${what}`);
  }
  if (!key) return null;
  return {
    kind: 'deadline',
    op: 'due',
    key,
    title,
    tokens: party && !tokens.includes(party) ? [party, ...tokens] : tokens,
    deadlineType,
    significance: significanceOf(what, ctx),
    date: d.date,
    time: d.time,
    conditional: d.conditional,
    notes: d.notes,
    // A rescheduled hearing carries its objection deadline along: the known row moves, even if passed.
    // Only a named filing ("objections to confirmation"), not a bare "objections", can be told apart from other rows.
    extension: d.extension || ctx.extensionNotice || (ctx.resetNotice && content.length >= 2),
    order,
  };
}

/** Transcript deadlines carry the proceeding's date in their key (spec §6). */
function transcriptProceeding(what: string, ctx: EntryContext): string | null {
  if (!ctx.transcript || !/transcript|redact/i.test(what)) return null;
  const held = /\bheld\b/i.exec(ctx.text);
  const date = (held ? findDates(ctx.text.slice(held.index, held.index + 40))[0] : undefined) ?? findDates(ctx.text.slice(0, 200))[0];
  return date ? `${Number(date.iso.slice(5, 7))}-${Number(date.iso.slice(8, 10))}` : null;
}

function motionNear(clause: string, index: number, ctx: EntryContext): number | null {
  const refs = findMotionRefs(clause).filter((r) => r.index <= index + 80 && (!r.label || !SCHEDULING_MOTION.test(r.label)));
  if (refs.length) return refs[refs.length - 1]!.number;
  return ctx.motionNumbers.length === 1 ? ctx.motionNumbers[0]! : null;
}

function oneLine(text: string): string {
  return text.replace(/["\n]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200);
}

function dateRightAt(text: string): { date: DateMatch; time: string | null } | null {
  const lead = new RegExp(String.raw`^\s*:?\s*(?:date\s*:\s*)?(?:,\s*but\s+not\s+filed\s*,\s*)?(?:${PREP}\s*:?\s+)*(?:(${CLOCK})\s*:?\s+(?:on\s+)?)?(?:\w+day,?\s+)?`, 'i').exec(text);
  const offset = lead ? lead[0].length : 0;
  const date = findDates(text.slice(offset, offset + 40))[0];
  if (!date || date.index !== 0) return null;
  let time: string | null = null;
  if (lead?.[1]) time = findTimes(lead[1])[0]?.hhmm ?? null;
  const after = new RegExp(String.raw`^\s*,?\s*(?:at|by|before)\s+(${CLOCK})`, 'i').exec(text.slice(offset + date.end));
  if (!time && after) time = findTimes(after[1]!)[0]?.hhmm ?? null;
  return { date: { ...date, index: offset + date.index, end: offset + date.end }, time };
}

/** "Responses due by 5/24/2026", "appellant brief now due 01/30/2023", "objections due within 14 days". */
function dueForms(clause: string, ctx: EntryContext): Draft[] {
  const out: Draft[] = [];
  let regionStart = 0;
  for (const m of clause.matchAll(/\bdue\b(?!\s+(?:process|diligence|course|regard|consideration|to\b))/gi)) {
    const dueAt = m.index;
    const after = clause.slice(dueAt + 3);
    let region = clause
      .slice(regionStart, dueAt)
      .replace(/\([^()]*\)/g, ' ')
      .replace(/,\s*if\s+(?:any|required|necessary|appropriate|applicable)\s*,?/gi, ' ');
    const cut = Math.max(region.lastIndexOf(':'), region.lastIndexOf(';'), region.lastIndexOf(','), region.lastIndexOf('('));
    if (cut >= 0) region = region.slice(cut + 1);
    // "… Interim Trustee Leonard J. with Financial Management Course Due Date: …": the filing follows "with".
    const withAt = region.search(/\swith\s+(?=[A-Z])/);
    if (withAt >= 0) region = region.slice(withAt + region.slice(withAt).indexOf('with') + 4);
    const dueDateOf = /^\s*date\s+(?:of|for)\s+([^:]{3,120}):/i.exec(after);
    const forParty = (rest: string) => /^\s*,?\s*for\s+(?:the\s+)?(appellants?|appellees?|petitioners?|respondents?|plaintiffs?|defendants?|usa|united\s+states|government)\b/i.exec(rest)?.[1] ?? null;
    if (dueDateOf) {
      const rest = after.slice(dueDateOf[0].length);
      const at = dateRightAt(rest);
      if (at) {
        out.push({ what: dueDateOf[1]!, party: null, date: at.date.iso, time: at.time, conditional: false, notes: null, extension: false, motionNumber: null, index: dueAt });
        regionStart = dueAt + 3 + dueDateOf[0].length + at.date.end;
      }
      continue;
    }
    const at = dateRightAt(after);
    if (at) {
      const partyWord = forParty(after.slice(at.date.end));
      out.push({
        what: lastWords(region, 9),
        party: partyWord ? partySlug(partyWord) : null,
        date: at.date.iso,
        time: at.time,
        conditional: false,
        notes: null,
        extension: false,
        motionNumber: motionNear(clause, dueAt, ctx),
        index: dueAt,
      });
      regionStart = dueAt + 3 + at.date.end;
      continue;
    }
    const rel = RELATIVE.exec(after);
    if (rel && /\b(?:after|following|from|of|before|prior\s+to|within)\b/i.test(rel[0])) {
      const what = lastWords(region, 9);
      if (BOILERPLATE.test(what) || BOILERPLATE.test(rel[1]!)) continue;
      out.push({
        what,
        party: null,
        date: null,
        time: null,
        conditional: true,
        notes: oneLine(`${clean(what)} due ${rel[0].trim()}`),
        extension: false,
        motionNumber: motionNear(clause, dueAt, ctx),
        index: dueAt,
      });
      regionStart = dueAt + 3 + rel[0].length;
    }
  }
  return out;
}

/** "Redacted Transcript Deadline set for …", "Release of Transcript Restriction set for …", "restricted until …". */
function transcriptForms(clause: string): Draft[] {
  const out: Draft[] = [];
  // What every match ends with, looked for first: the pattern itself tries every word of the clause.
  const named = /(?:deadline|restriction)\s+(?:is\s+)?set\s+for\s/i.test(clause);
  const matches = named ? clause.matchAll(/\b((?:[A-Za-z'’\/-]+\s+){0,5}?(?:deadline|restriction))\s+(?:is\s+)?set\s+for\s+/gi) : [];
  for (const m of matches) {
    const at = dateRightAt(clause.slice(m.index + m[0].length));
    if (!at) continue;
    const what = m[1]!.replace(/\s+deadline$/i, '');
    out.push({ what, party: null, date: at.date.iso, time: at.time, conditional: false, notes: null, extension: false, motionNumber: null, index: m.index });
  }
  const restricted = /\b(?:access\s+to\s+the\s+transcript|transcript\s+access|remote\s+electronic\s+access[^.;]{0,40}?)\s+(?:is|will\s+be)\s+restricted\s+(?:until|through)\s+/i.exec(clause);
  if (restricted) {
    const at = dateRightAt(clause.slice(restricted.index + restricted[0].length));
    if (at) out.push({ what: 'Release of Transcript Restriction', party: null, date: at.date.iso, time: null, conditional: false, notes: null, extension: false, motionNumber: null, index: restricted.index });
  }
  return out;
}

const FILING_VERB = String.raw`(?:answer|re-?file[ds]?|file[ds]?|submit(?:ted)?|serve[ds]?|respond|reply|produce[ds]?|provide[ds]?|disclose[ds]?|lodge[ds]?|self-?surrender|surrender|meet\s+and\s+confer|exchange[ds]?|deliver(?:ed)?)`;
const MODAL = new RegExp(
  String.raw`\b(?:shall|must|is\s+to|are\s+to|may|(?:is|are)\s+(?:hereby\s+)?(?:granted|given)\s+leave\s+to|(?:is|are)\s+(?:hereby\s+)?(?:directed|ordered|required)\s+to)\s+(?:each\s+|jointly\s+|also\s+|promptly\s+)?(be\s+)?(?:electronically\s+)?(${FILING_VERB})\b|\b(?:to\s+(be)\s+(?:electronically\s+)?(filed|submitted|served|produced|provided|lodged|made\s+available))\b|(?<=\b(?:[Dd]efen[sc]e|[Dd]efendants?|[Gg]overnment|[Pp]laintiffs?|[Pp]arties|[Cc]ounsel|USA)\s)to\s+(${FILING_VERB})\b`,
  'gi', // bankruptcy orders are often in capitals: "OBJECTIONS … SHALL BE FILED BY NOVEMBER 7"
);

function subjectBefore(clause: string, index: number): string {
  let subject = clause.slice(0, index);
  subject = subject.replace(/^[\s\S]*\bORDERED\b\s*(?:that\b|:)?\s*/i, '').replace(/^[\s\S]*:\s+/, '');
  subject = subject.replace(new RegExp(String.raw`^\W*(?:${PREP})\s+[^,]{4,40},\s*`, 'i'), '');
  return subject.trim();
}

function objectAfter(text: string): string {
  const stop = new RegExp(String.raw`\s+${PREP}\s+[\s\S]*$|[,(][\s\S]*$`, 'i');
  return text.replace(stop, '').replace(CUT_WORDS, '').replace(/^(?:an?|the|its|their|his|her|any|all|each)\s+/i, '').trim();
}

/** Order prose: "the government shall file a supplemental brief … by April 11, 2014". */
function modalForms(clause: string): Draft[] {
  const out: Draft[] = [];
  for (const m of clause.matchAll(MODAL)) {
    const passive = Boolean(m[1] ?? m[3]);
    const verb = (m[2] ?? m[4] ?? m[5] ?? '').toLowerCase();
    const rest = clause.slice(m.index + m[0].length);
    const prefix = clause.slice(0, m.index);
    // The date: "… by <date>" after the verb, or a leading "By <date>, …" / "No later than <date>, …".
    let at: { date: DateMatch; time: string | null } | null = null;
    let objectText = rest;
    const afterPrep = new RegExp(String.raw`\b${PREP}\s+`, 'gi');
    for (const p of rest.matchAll(afterPrep)) {
      if (p.index > 220) break;
      const found = dateRightAt(rest.slice(p.index));
      if (found) {
        at = found;
        objectText = rest.slice(0, p.index);
        break;
      }
    }
    if (!at) {
      for (const lead of prefix.matchAll(new RegExp(String.raw`(?:^|[:;.]\s*|\bthat\s+)\W*((?:${PREP})\s+)`, 'gi'))) {
        const start = lead.index + lead[0].length - lead[1]!.length;
        const found = dateRightAt(prefix.slice(start));
        if (found && found.date.index < 30 && /^\s*,/.test(prefix.slice(start + found.date.end))) at = found;
      }
    }
    let conditional = false;
    let notes: string | null = null;
    if (!at) {
      if (/\bmay\s/i.test(m[0])) continue;
      const relAfter = new RegExp(String.raw`(?:\b(?:within|on\s+or\s+before|no\s+later\s+than|by)\s+|(?<=\s))(${NUMBER_WORD}\s*(?:\(\d{1,3}\)\s*)?(?:business\s+|calendar\s+)?(?:days?|weeks?)\s+(?:after|following|from|of|before|prior\s+to)\s+[^.;,]{3,100})`, 'i').exec(rest);
      const relBefore = new RegExp(String.raw`^\W*(${NUMBER_WORD}\s*(?:\(\d{1,3}\)\s*)?(?:business\s+|calendar\s+)?(?:days?|weeks?)\s+(?:after|following|before|prior\s+to)\s+[^,]{3,80}),`, 'i').exec(prefix);
      const rel = relAfter ?? relBefore;
      if (!rel || BOILERPLATE.test(clause)) continue;
      conditional = true;
      notes = oneLine(clause);
      if (relAfter) objectText = rest.slice(0, relAfter.index);
    }
    const subject = subjectBefore(clause, m.index).replace(relBeforePrefix, '');
    let what: string;
    let party: string | null;
    if (passive) {
      what = subject.replace(CUT_WORDS, '');
      party = null;
    } else {
      party = partySlug(subject);
      const object = objectAfter(objectText);
      if (/self-?surrender|surrender/.test(verb)) what = 'self-surrender';
      else if (/meet\s+and\s+confer/.test(verb)) what = 'meet and confer';
      else if (verb === 'respond') what = `response ${object}`;
      else if (verb === 'answer') what = 'answer';
      else if (verb === 'reply') what = `reply ${object}`;
      else what = object;
      if (!party && /\bparties\b/i.test(subject)) party = 'joint';
    }
    if (!what.trim()) continue;
    const filers = passive ? [party] : partySlugs(subject).length > 1 && /\band\b/i.test(subject) ? partySlugs(subject) : [party];
    for (const filer of filers) {
      out.push({
        what: lastWords(what.replace(/^\W*(?:nine|eight|seven|six|five|four|three|two|one|\d+)\s+/i, ''), 10),
        party: filer,
        date: at?.date.iso ?? null,
        time: at?.time ?? null,
        conditional,
        notes,
        extension: false,
        motionNumber: null,
        index: m.index,
      });
    }
  }
  return out;
}
const relBeforePrefix = /^\W*(?:\w+\s+){0,3}(?:days?|weeks?)\s+(?:after|following|before|prior\s+to)\s+[^,]{3,80},\s*/i;

/** "Fact discovery to close on 9/30/2026", "Discovery cut-off 5/1/2026": dated discovery deadlines. */
function discoveryForms(clause: string): Draft[] {
  const out: Draft[] = [];
  const re = /\b((?:(?:fact|expert|all|non-expert)\s+)?discovery)\s+(?:to\s+|shall\s+|will\s+|must\s+)?(?:close[sd]?|cut-?off|be\s+completed|completed|ends?|deadline)\b(?:\s+(?:is|date))?\s*:?\s*/gi;
  for (const m of clause.matchAll(re)) {
    const at = dateRightAt(clause.slice(m.index + m[0].length));
    if (at) out.push({ what: `${m[1]} deadline`, party: null, date: at.date.iso, time: at.time, conditional: false, notes: null, extension: false, motionNumber: null, index: m.index });
  }
  return out;
}

/** "ORDER TO SHOW CAUSE by March 19, 2031 why …": the response to the order is due then. */
function showCauseForms(clause: string): Draft[] {
  const m = /\bshow\s+cause\s+(?:in\s+writing\s+)?(?=(?:on\s+or\s+before|no\s+later\s+than|by|within)\b)/i.exec(clause);
  if (!m) return [];
  const at = dateRightAt(clause.slice(m.index + m[0].length));
  if (!at) return [];
  return [{ what: 'show cause response', party: null, date: at.date.iso, time: at.time, conditional: false, notes: null, extension: false, motionNumber: null, index: m.index }];
}

/**
 * Calendar-style deadline lines: "Last day to Object to Confirmation 10/26/2005", "Last day to amend
 * or add parties 5/10/2006", "Motion hearing cutoff date 11/6/2006", "Claims bar date: 1/4/2010".
 */
function lastDayForms(clause: string): Draft[] {
  // A word each form below needs, looked for first: the forms try every word of the clause.
  if (!/last\s+day\s+(?:to|for)\s|cut-?off|bar/i.test(clause)) return [];
  const out: Draft[] = [];
  const forms = [
    /\blast\s+day\s+(?:to|for)\s+([A-Za-z][^.;:\d]{2,70}?)\s*(?:is\s+|:\s*)?(?=\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d)/gi,
    /\b([A-Za-z][A-Za-z ]{2,40}?\s+)?(?:cut-?off|bar)(?:\s+date)?\s*(?:(?:is\s+)?(?:re-?)?set\s+for\s+|is\s+|:\s*)?(?=\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d)/gi,
    // "Bar Date For Objections - 3/1/2031"
    /\bbar\s+date\s+for\s+([A-Za-z][A-Za-z ]{2,40}?)\s*[-–:]\s*(?=\d)/gi,
  ];
  for (const re of forms) {
    for (const m of clause.matchAll(re)) {
      if (re === forms[1] && /\bdiscovery\b/i.test(m[0])) continue; // discoveryForms reads those
      const at = dateRightAt(clause.slice(m.index + m[0].length));
      if (!at) continue;
      const what = (m[1] ?? '').trim() || 'deadline';
      out.push({ what: re === forms[1] ? `${what} cutoff` : what, party: null, date: at.date.iso, time: at.time, conditional: false, notes: null, extension: false, motionNumber: null, index: m.index });
    }
  }
  return out;
}

/** "the deadline for X is extended to <date>", "shall have … until <date> to file …", "has until <date> to file …". */
function extensionForms(clause: string): Draft[] {
  const out: Draft[] = [];
  const extended =
    /\b(?:the\s+)?(?:deadline|time)\s+(?:for|to)\s+([\s\S]{3,200}?)\s+(?:is|are|shall\s+be|will\s+be|has\s+been)\s+(?:hereby\s+)?(?:extended|reset|continued|moved|enlarged|adjourned)\s+(?:to|until|through)\s+(?:and\s+including\s+)?/i.exec(clause) ??
    // "reset service deadline for 8/12/2031", "extends the discovery deadline to …"
    /\b(?:re-?set(?:s|ting)?|extend(?:s|ed|ing)?|mov(?:es|ed|ing))\s+(?:the\s+)?((?:[\w'’-]+\s+){1,4}?)deadline\s+(?:to|for|until|through)\s+/i.exec(clause);
  if (extended) {
    const at = dateRightAt(clause.slice(extended.index + extended[0].length));
    if (at) out.push({ ...splitWho(extended[1]!), date: at.date.iso, time: at.time, conditional: false, notes: null, extension: true, motionNumber: null, index: extended.index });
  }
  const until =
    /\b(?:shall|will)?\s*(?:has|have)\s+(?:[^.;]{0,60}?)\buntil\s+/i.exec(clause) ??
    /\b(?:additional|further|more)\s+(?:[\w-]+\s+){0,3}?(?:days?|weeks?|time)\s+until\s+/i.exec(clause);
  if (until) {
    const afterUntil = clause.slice(until.index + until[0].length);
    const at = dateRightAt(afterUntil);
    const purpose = at ? /^\s*,?\s*(?:in\s+which\s+)?to\s+(file|respond|reply|submit|serve)\s+([^.;]{2,160})/i.exec(afterUntil.slice(at.date.end)) : null;
    if (at && purpose) {
      const verb = purpose[1]!.toLowerCase();
      const object = objectAfter(purpose[2]!.replace(/\s+to\s+the\s+complaint.*$/i, ''));
      out.push({ what: filingFor(verb, object), party: partySlug(clause.slice(0, until.index)), date: at.date.iso, time: at.time, conditional: false, notes: null, extension: true, motionNumber: null, index: until.index });
    }
  }
  // "Order Granting Motion to Extend Time through November 27, 2031, for Halden Inc. to file an objection to …"
  // "granting extension of the deadline to file the reply brief, until March 4, 2031"
  const extensionOf = /\bextension\s+of\s+(?:the\s+)?(?:deadline|time)\s+(?:to|for)\s+(?:fil(?:e|ing)\s+)?(?:the\s+|a\s+|an\s+|its\s+|their\s+)?([^,;.]{2,80}?),?\s+(?:until|to|through)\s+(?:and\s+including\s+)?(?=\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d)/i.exec(clause);
  // Only a granted extension moves anything: a motion asking for one, or a denial, leaves the date.
  const askedOrDenied = DENIED.test(clause) || (/\b(?:motion|request|application)\b[^.;]{0,40}?\bextension\b/i.test(clause) && !/\bgrant/i.test(clause));
  if (extensionOf && !out.length && !askedOrDenied) {
    const at = dateRightAt(clause.slice(extensionOf.index + extensionOf[0].length));
    if (at) out.push({ ...splitWho(extensionOf[1]!), date: at.date.iso, time: at.time, conditional: false, notes: null, extension: true, motionNumber: null, index: extensionOf.index });
  }
  // "extending time for defendant to answer the complaint to June 2, 2031"
  const timeFor = /(?<!\b(?:request|requests|requested|ask|asks|seek|seeks|move|moves)\s+(?:that\s+)?(?:the\s+court\s+)?)\bextend(?:ing|s|ed)?\s+(?:the\s+)?time\s+for\s+([^.;\d]{2,60}?)\s+to\s+(answer|file|respond|reply)\b([^.;\d]{0,80}?)\s+(?:to|until|through)\s+(?:and\s+including\s+)?(?=\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d)/i.exec(clause);
  if (timeFor && !out.length && !DENIED.test(clause)) {
    const at = dateRightAt(clause.slice(timeFor.index + timeFor[0].length));
    const what = filingFor(timeFor[2]!, objectAfter(timeFor[3]!.trim()));
    if (at && what.trim()) out.push({ what, party: partySlug(timeFor[1]!), date: at.date.iso, time: at.time, conditional: false, notes: null, extension: true, motionNumber: null, index: timeFor.index });
  }
  // E.D. Tex. clerk text: "Application for Extension of Time to Answer Complaint is GRANTED … for Volvo … to 4/25/2031."
  const granted = /\bextension\s+of\s+time\s+to\s+(answer|file|respond|reply)\b([^.;]{0,80}?)\s+(?:is|are|was)\s+granted\b[^.;]{0,160}?\bto\s+(?=\d)/i.exec(clause);
  if (granted && !out.length) {
    const at = dateRightAt(clause.slice(granted.index + granted[0].length));
    const what = filingFor(granted[1]!, objectAfter(granted[2]!.trim()));
    const forParty = /\bfor\s+([A-Z][^.;]{1,80}?)\s+to\s+(?=\d)/.exec(granted[0]);
    if (at && what.trim()) out.push({ what, party: forParty ? partySlug(forParty[1]!) : null, date: at.date.iso, time: at.time, conditional: false, notes: null, extension: true, motionNumber: null, index: granted.index });
  }
  const through = /\bextend(?:ing)?\s+(?:the\s+)?time\s+(?:through|until|to)\s+(?:and\s+including\s+)?/i.exec(clause);
  if (through && !out.length) {
    const afterThrough = clause.slice(through.index + through[0].length);
    const at = dateRightAt(afterThrough);
    const purpose = at ? /^\s*,?\s*(?:for\s+([^;]{2,80}?)\s+)?to\s+(file|respond|reply|submit|serve)\s+([^.;]{2,160})/i.exec(afterThrough.slice(at.date.end)) : null;
    if (at && purpose) {
      out.push({ what: filingFor(purpose[2]!, objectAfter(purpose[3]!)), party: purpose[1] ? partySlug(purpose[1]) : null, date: at.date.iso, time: at.time, conditional: false, notes: null, extension: true, motionNumber: null, index: through.index });
    }
  }
  return out;
}

const DENIED = /\bden(?:y|ied|ying|ies)\b/i;

/** The filing a verb of an order names: "to respond to the motion" is a response, "to answer" the answer. */
function filingFor(verb: string, object: string): string {
  switch (verb.toLowerCase()) {
    case 'answer':
      return 'answer';
    case 'respond':
      return `response ${object}`;
    case 'reply':
      return `reply ${object}`;
    case 'serve':
      return `service ${object}`;
    default:
      return object;
  }
}

function splitWho(phrase: string): { what: string; party: string | null } {
  const act = /^(.*?)\bto\s+(file|respond|reply|submit|serve)\s+(.*)$/i.exec(phrase);
  if (act) {
    return { party: partySlug(act[1]!), what: filingFor(act[2]!, objectAfter(act[3]!)) };
  }
  const what = phrase.replace(/^(?:the\s+)?(?:submission|filing|service)\s+of\s+/i, '');
  return { what, party: /\bparties\b/i.test(what) ? 'joint' : null };
}

/** Clerk text that terminates a deadline: "The motion filing deadline of 12/3/08 … are vacated". */
function cancelForms(clause: string, order: () => number): DeadlineFinding[] {
  const out: DeadlineFinding[] = [];
  if (!/\b(?:vacated|terminated|cancell?ed|stricken)\b/i.test(clause)) return out;
  for (const m of clause.matchAll(/\b((?:[\w-]+\s+){0,4})deadlines?\s+(?:of|for|set\s+for)\s+/gi)) {
    const at = dateRightAt(clause.slice(m.index + m[0].length));
    if (!at) continue;
    out.push({
      kind: 'deadline', op: 'cancel', key: slugify(m[1] ?? '') || 'deadline', title: titleCase(clean(`${m[1] ?? ''}deadline`)),
      tokens: conceptTokens(m[1] ?? ''), deadlineType: 'other', significance: 'major', date: at.date.iso, time: null,
      conditional: false, notes: null, extension: false, order: order(),
    });
  }
  return out;
}

/** "ORDER granting motion to waive filing an appendix": the waived filing's deadline goes. */
function waiverForms(clause: string, order: () => number): DeadlineFinding[] {
  const m = /\bgranting\s+(?:[\w-]+\s+){0,3}?motion\s+to\s+(?:waive|excuse|dispense\s+with)\s+(?:the\s+)?(?:filing\s+(?:of\s+)?)?(?:an?\s+|the\s+)?([\w\s'’-]{3,40}?)(?:\s+filed\b|\s+by\b|[.;,]|$)/i.exec(clause);
  if (!m) return [];
  const tokens = conceptTokens(m[1]!);
  if (!tokens.length) return [];
  return [{
    kind: 'deadline', op: 'cancel', key: slugify(m[1]!), title: titleCase(m[1]!.trim()), tokens,
    deadlineType: deadlineTypeOf(m[1]!), significance: 'major', date: null, time: null, conditional: false, notes: null,
    extension: false, order: order(),
  }];
}

/** Two findings in one entry that name the same filing on the same date (prose + clerk auto-text). */
function sameFiling(a: DeadlineFinding, b: DeadlineFinding): boolean {
  if (a.date !== b.date || a.conditional !== b.conditional) return false;
  if (a.key === b.key) return true;
  if (kindsConflict(a.deadlineType, b.deadlineType)) return false;
  const norm = (t: string[]) => t.map((x) => (x === 'opposition' || x === 'objection' ? 'response' : x));
  return conceptSimilarity(norm(a.tokens), norm(b.tokens)) >= 1;
}

export function findDeadlines(clauses: string[], ctx: EntryContext): DeadlineFinding[] {
  const out: DeadlineFinding[] = [];
  let order = 1000;
  const next = () => order++;
  for (const clause of clauses) {
    const tag = (form: string, list: Draft[]) => list.map((d) => ({ ...d, form }));
    let drafts: Draft[] = [...tag('transcript deadline', transcriptForms(clause)), ...tag('"… due <date>"', dueForms(clause, ctx))];
    // A noticed motion's clerk text sets when others must answer it: objections and responses.
    // "Objections to be filed on December 18, 2031" in the movant's own notice is the court's rule restated.
    if (ctx.motionFiling) drafts.push(...tag('order to file by <date>', modalForms(clause)));
    if (ctx.motionFiling) drafts = drafts.filter((d) => /\b(?:objections?|respon(?:se|ses|d)|oppositions?|repl(?:y|ies))\b/i.test(d.what));
    if (!ctx.partyFiling && !ctx.motionFiling) drafts.push(...tag('extension', extensionForms(clause)), ...tag('order to file by <date>', modalForms(clause)), ...tag('discovery cutoff', discoveryForms(clause)), ...tag('"last day to" / cutoff line', lastDayForms(clause)), ...tag('order to show cause', showCauseForms(clause)));
    drafts.sort((a, b) => a.index - b.index);
    for (const d of drafts) {
      const f = build(d, ctx, next());
      if (f && !out.some((o) => sameFiling(o, f))) out.push({ ...f, via: { recogniser: d.form ?? 'deadline', clause } });
    }
    if (!ctx.partyFiling && !ctx.motionFiling) {
      out.push(...cancelForms(clause, next).map((f) => ({ ...f, via: { recogniser: 'deadline terminated', clause } })));
      out.push(...waiverForms(clause, next).map((f) => ({ ...f, via: { recogniser: 'filing waived', clause } })));
    }
  }
  return out;
}
