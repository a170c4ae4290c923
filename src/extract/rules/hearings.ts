import { findDates, type DateMatch } from './dates.js';
import { findEventMentions, hearingSignificance, type EventMention, type EventSpec } from './events.js';
import type { EntryContext, HearingFinding, HearingOp } from './findings.js';
import { findMotionRefs, SCHEDULING_MOTION } from './parties.js';
import { slugify } from './keys.js';
import { findDialIn, findJudge, findLocation } from './places.js';
import { findTimes, type TimeMatch } from './times.js';

/**
 * Reads hearing settings, resets, cancellations and held records out of the clauses of one entry.
 * Each proceeding phrase (or run of phrases joined by "and": "Competency Hearing and Sentencing")
 * is classified by the words around it, inside its own clause only.
 */

const HELD = /(?<!\b(?:not|be|been|will|shall|to|being|is|are)\s+)(?:\bheld\b(?!\s+(?:in\s+abeyance|in\s+custody|without|responsible|liable|in\s+contempt|to\b|that\b))|\b(?:completed|concluded)(?=\s+on\b))/i;
const NOT_HELD = /\bnot\s+(?:be\s+)?(?:held|called)\b/i;
const HEAD_HELD = /\b(?:(?:has|have|had)\s+)?(?:held|convened|conducted)\s+(?:a|an|the)\s+$/i;

const CANCEL_TAIL =
  /\b(?:vacated|cancell?ed|terminated|stricken|withdrawn|off\s+(?:the\s+)?calendar|adjourned\s+sine\s+die|adjourned\s+indefinitely|continued\s+generally|continued\s+(?:pending|until\s+further|indefinitely|without\s+(?:a\s+)?date|to\s+be\s+reset|to\s+a\s+(?:later\s+)?date\s+to\s+be\s+(?:determined|set|announced|reset))|(?:is|are)\s+(?:hereby\s+)?continued\s*(?:[.;,]|$)|will\s+be\s+on\s+the\s+briefs|decided\s+on\s+the\s+(?:briefs|papers)|not\s+(?:be\s+)?held|not\s+called)/i;
const CANCEL_HEAD = /\b(?:vacat(?:ing|es)|cancel(?:l?ing|s)|terminat(?:ing|es)|strik(?:ing|es)|continu(?:ing|es)\s+generally|adjourning\s+sine\s+die)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$/i;
const CLAUSE_CANCEL_ONLY = /^\s*(?:\(?\s*)?(?:proceedings\s*:\s*)?(?:case\s+not\s+called|not\s+held|vacated|cancell?ed|hearing\s+vacated)\b/i;

// A setting confirmed as it is: "shall remain", "stands", "will go forward as scheduled".
const STANDS = /^[^.;]{0,40}?(?:\b(?:shall|will)\s+(?:remain|stand|go\s+forward|proceed)\b|\b(?:remains?|stands)\b|\bis\s+confirmed\b)/i;

const RESET_VERB = /\b(?:re-?set|re-?scheduled|continued|continue|continuing|adjourned|moved|advanced|postponed|changed|resetting|re-setting)\b/i;
const SET_VERB =
  /\b(?:set|scheduled|calendared|placed\s+on\s+(?:the\s+)?calendar|commence|convene|(?:will|shall)\s+(?:begin|start|commence)|begins|will\s+(?:be\s+held|be|take\s+place|proceed)|shall\s+(?:be\s+held|take\s+place|proceed)|(?:is\s+)?to\s+be\s+(?:held|heard)|return\s+for|(?:re-?set|re-?scheduled|continued|adjourned|moved|advanced|postponed|changed))\b|(?<!\bdue\s)\bdate\s*:/i;
const HEAD_SET =
  /\b(?:resetting|setting|re-setting|re-?set|re-?scheduled?|scheduling|(?:will|shall)\s+(?:hold|conduct|convene|hear)|hold|there\s+(?:shall|will)\s+be|set\s+(?:the|this)\s+(?:matter|case)\s+for|(?:is|are)\s+(?:re-?)?set\s+for|set|schedules?|directed\s+to\s+return\s+for|(?:shall|will|must|to|directed\s+to)\s+appear\s+(?:for|at)|notice\s+of|dates?\s+given\s*:|calendared\s+for)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}$/i;
const COURT_ACTOR_HEAD =
  /\b(?:(?:will|shall)\s+(?:hold|conduct|convene|hear)|there\s+(?:shall|will)\s+be|set\s+(?:the|this)\s+(?:matter|case)\s+for|court\s+(?:set|scheduled)|directed\s+to\s+return\s+for|(?:shall|will|must|directed\s+to)\s+appear\s+(?:for|at)|(?:re)?setting)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}$/i;
// The clerk's own setting words right after the proceeding: "Hearing scheduled for", "Motion set for
// hearing on", "hearing to be held on", "The Hearing date is set for".
const CLERK_FORM =
  /^\s*(?:\([^)]*\)\s*)?(?:on\s+(?:the\s+)?[\w()'’-]+(?:\s+[\w()'’-]+){0,4}\s+(?=(?:is\s+|has\s+been\s+)?(?:re-?set|set|scheduled|to\s+be|will\s+be)\b))?(?:date\s+is\s+|is\s+|has\s+been\s+)?(?:(?:re-?set|set|scheduled|re-?scheduled|continued)\s+(?:for|to)\b|scheduled\s+(?=\d)|(?:to|will)\s+be\s+(?:held|heard)(?:\s+on\b|\s+(?=\d))|date\s*:|(?:re-?scheduled|adjourned|continued|moved)\s+from\b)/i;
// Dates that are not when a proceeding happens: filing stamps, "from", and due dates ("due by").
const NON_SETTING_DATE = /(?:\b(?:filed|dated|entered|signed|issued|served|received|docketed|mailed|judgment\s+of|order\s+of|opinion\s+of|letter\s+of|from|since|excluded\s+from|due(?:\s+(?:by|on|no\s+later\s+than))?)\s*(?:on\s+)?:?\s*)$/i;
const MOTION_TITLE = /\b(?:motions?|requests?|applications?|letters?|petitions?|stipulations?)\s+(?:[\w'’-]+\s+){0,2}?(?:to|for)\s+(?:[\w'’/&-]+\s+){0,4}$/i;

function mentionInTitle(clause: string, m: EventMention): boolean {
  if (/^hearing\s+on\b/i.test(m.text)) return false;
  if (/\b(?:re-?)?set\s+for\s+$/i.test(clause.slice(0, m.start))) return false; // "Motion set for hearing on …" sets it
  if (CLERK_FORM.test(clause.slice(m.end))) return false; // "Motion for X a hearing will be held on …"
  // "Order granting stipulation to continue pre-trial conference from 2/28 to 4/25": the order moves it.
  if (/^\W*(?:\w+\s+){0,3}order\b[^.]{0,40}?\bgrant/i.test(clause) && /^\s*(?:[\w-]+\s+){0,3}from\s+\S+\s+to\s+\d/i.test(clause.slice(m.end))) return false;

  const window = clause.slice(Math.max(0, m.start - 45), m.start);
  return MOTION_TITLE.test(window) || /\bwithout\s+$/i.test(window);
}

interface Group {
  mentions: EventMention[];
  start: number;
  end: number;
}

function groupMentions(clause: string, mentions: EventMention[]): Group[] {
  const groups: Group[] = [];
  for (const m of mentions) {
    const last = groups[groups.length - 1];
    if (last && /^\s*(?:,\s*(?:and\s+)?|&|and|\/|\+)\s*$/i.test(clause.slice(last.end, m.start))) {
      last.mentions.push(m);
      last.end = m.end;
    } else {
      groups.push({ mentions: [m], start: m.start, end: m.end });
    }
  }
  return groups;
}

function settingDates(text: string): DateMatch[] {
  return findDates(text).filter((d) => !NON_SETTING_DATE.test(text.slice(Math.max(0, d.index - 30), d.index)));
}

/** The clock time written right by a date the recogniser found on its own, within `reach` characters. */
function timeNear(date: DateMatch, text: string, reach = 25): string | null {
  return timeFor(date, [date], findTimes(text.slice(0, date.end + reach)));
}

/** The clock time that goes with a date: right after it, or before it when no date precedes the time. */
function timeFor(date: DateMatch, dates: DateMatch[], times: TimeMatch[]): string | null {
  const between = (a: number, b: number) => dates.some((d) => d !== date && d.index >= a && d.index < b);
  const after = times.find((t) => t.index >= date.end && t.index - date.end <= 45 && !between(date.end, t.index));
  if (after) return after.hhmm;
  const firstDate = dates[0]?.index ?? Infinity;
  const before = times.filter((t) => t.end <= date.index && date.index - t.end <= 45 && t.index < firstDate);
  return before.length ? before[before.length - 1]!.hhmm : null;
}

function nextSetting(tail: string, heldCue: RegExpExecArray | null): { date: string; time: string | null } | undefined {
  const after = heldCue ? tail.slice(heldCue.index) : tail;
  const verb = /\b(?:and\s+)?(?:continued|re-?set|set|rescheduled|adjourned)\s+(?:to|for|until)\s+/i.exec(after);
  if (!verb) return undefined;
  const rest = after.slice(verb.index + verb[0].length);
  const dates = settingDates(rest);
  const date = dates[0];
  if (!date || date.index > 20) return undefined;
  return { date: date.iso, time: timeFor(date, dates, findTimes(rest)) };
}

function heldDate(tail: string, ctx: EntryContext): string | null {
  const cue = HELD.exec(tail);
  const after = cue ? tail.slice(cue.index) : tail;
  for (const d of findDates(after)) {
    const lead = after.slice(Math.max(0, d.index - 14), d.index);
    if (/(?:\bon|\bheld|\bof)\s*:?\s*(?:\w+day,?\s+)?$/i.test(lead)) return d.iso;
  }
  // A transcript is filed after its proceeding: without a stated date there is no held date.
  return ctx.minuteDate ?? (ctx.transcript ? null : ctx.dateFiled);
}

interface Classified {
  op: HearingOp;
  date: string | null;
  oldDate: string | null;
  time: string | null;
  location: string | null;
  judge: string | null;
  courtActor: boolean;
  clerkForm: boolean;
  /** "The Court held a conference on …": the court's own record of a proceeding. */
  courtRecord?: boolean;
  /** Cancelled by words after the phrase ("… are CONTINUED to be reset"), which may cover earlier phrases too. */
  cancelTail?: boolean;
  /** "Status hearing held on 3/2 and continued to 4/6 at 9:30 a.m.": the next setting, in the same breath. */
  next?: { date: string; time: string | null };
  /** "Sentencing previously scheduled for 3/4/2031": names the setting a change is about; sets nothing by itself. */
  reference?: boolean;
}

function classify(head: string, tail: string, ctx: EntryContext): Classified | null {
  const base = { oldDate: null, time: null, location: null, judge: null, courtActor: false, clerkForm: false };
  const near = tail.slice(0, 260);
  const heldCue = HELD.exec(near);
  const setBeforeHeld = heldCue ? /\b(?:set|scheduled|reset)\s+(?:for|to)\b/i.test(near.slice(0, heldCue.index)) : true;
  if (NOT_HELD.test(near) && !/\bheld\s+on\b/i.test(near.replace(NOT_HELD, ''))) {
    const old = settingDates(near)[0];
    return { ...base, op: 'cancel', date: old?.iso ?? null };
  }
  if ((heldCue && !setBeforeHeld) || HEAD_HELD.test(head)) {
    return { ...base, op: 'held', date: heldDate(tail, ctx), courtRecord: HEAD_HELD.test(head), next: nextSetting(tail, heldCue) };
  }

  const dates = settingDates(tail);
  const times = findTimes(tail);
  const resetTo = dates.findIndex((d, i) => i > 0 && /(?:\bto|\bfor|\buntil)\s*(?:for\s+)?(?:\w+day,?\s+)?$/i.test(tail.slice(dates[i - 1]!.end, d.index)) && RESET_VERB.test(tail.slice(dates[i - 1]!.end, d.index) + head));
  const resetToAny = dates.findIndex((d) => /\b(?:re-?set|re-?scheduled|continued|adjourned|moved|postponed|advanced)\s+(?:to|for|until)\s+(?:(?:on|for)\s+)?(?:\w+day,?\s+)?$/i.test(tail.slice(Math.max(0, d.index - 40), d.index)));

  const cancelAt = CANCEL_TAIL.exec(near);
  const cancelHead = CANCEL_HEAD.test(head);
  if ((cancelAt || cancelHead) && resetTo < 0 && resetToAny < 0) {
    const old = dates.find((d) => !cancelAt || d.index < cancelAt.index) ?? settingDates(head).pop();
    return { ...base, op: 'cancel', date: old?.iso ?? null, cancelTail: Boolean(cancelAt) };
  }

  let newDate: DateMatch | undefined;
  let oldDate: DateMatch | undefined;
  if (resetTo > 0) {
    newDate = dates[resetTo];
    oldDate = dates[resetTo - 1];
  } else if (resetToAny >= 0) {
    newDate = dates[resetToAny];
    // "the 2/13/2031 in-chambers conference is vacated and advanced to …": the old date leads the phrase.
    const lead = /(\d{1,2}\/\d{1,2}\/\d{2,4})\s+(?:[\w-]+\s+){0,2}$/.exec(head);
    oldDate = resetToAny > 0 ? dates[resetToAny - 1] : lead ? findDates(lead[1]!)[0] : undefined;
  } else {
    newDate = dates[0];
  }
  let dateText = tail;
  let dateList = dates;
  let timeList = times;
  if (!newDate) {
    // "The 11/3/2031 status hearing date stands.": the date leads, the tail confirms it.
    const lead = /(\d{1,2}\/\d{1,2}\/\d{2,4})\s+(?:[\w-]+\s+){0,2}$/.exec(head);
    const leadDate = lead ? findDates(lead[1]!)[0] : undefined;
    if (leadDate && /^\s*(?:date\s+)?/.test(tail) && STANDS.test(tail.slice(0, 40))) {
      return { ...base, op: 'set', date: leadDate.iso, clerkForm: true };
    }
    // "On 5/8/2023 at 10:30 AM there shall be an Initial Scheduling Conference"
    const headDates = settingDates(head);
    if (!headDates.length || !/\bthere\s+(?:shall|will)\s+be\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}$/i.test(head)) return null;
    newDate = headDates[headDates.length - 1];
    dateText = head;
    dateList = headDates;
    timeList = findTimes(head);
  }
  if (!newDate) return null;

  // "… to continue pre-trial conference from 2/28/2031 to 4/25/2031 @ 10:00 a.m.": a move stated as a span.
  const span = /^\s*from\s+(\S+)\s+to\s+/i.exec(tail);
  if (span && RESET_VERB.test(head.slice(-40)) && newDate.index === span[0].length) {
    const from = findDates(span[1]!)[0];
    if (from) oldDate = { ...from, index: span.index + span[0].indexOf(span[1]!) };
  }
  const verbZone = dateText === tail ? tail.slice(0, newDate.index) : '';
  // "Sentencing previously scheduled for 3/4/2031." names the setting being changed; it sets nothing itself.
  // …unless the entry says it stands: "Status hearing previously set for 8/16/2031 at 9:00 a.m. shall remain."
  const stands = dateText === tail && STANDS.test(tail.slice(newDate.end, newDate.end + 80).replace(/\b([ap])\.\s?m\./gi, '$1m'));
  const reference = !oldDate && !stands && /\b(?:previously|currently|presently|originally)\s+(?:set|scheduled|calendared)\s+(?:for|on)\s+(?:\w+day,?\s+)?$/i.test(verbZone);
  // A schedule line: "Status Conference: 3/4/2031 at 10:00 AM", "Jury Trial - 6/2/2031 at 9:00 AM".
  const scheduleLine = /^\s*[:\-–—]\s*(?:\w+day,?\s+)?$/.test(verbZone) && !ctx.partyFiling;
  const headSet = HEAD_SET.test(head) || (oldDate !== undefined && span !== null) || scheduleLine;
  const verb = SET_VERB.exec(verbZone);
  // "The status conference on June 2, 2031 will proceed by Zoom": the verb after the date.
  const verbAfter = dateText === tail && /^[\s,]*(?:at\s+[\d:]+\s*[ap]\.?m\.?\s*)?(?:will|shall)\s+(?:proceed|be\s+held|go\s+forward|take\s+place|be\s+conducted|convene)\b/i.test(tail.slice(newDate.end));
  if (!headSet && !verb && !verbAfter && dateText === tail) return null;
  // The date must follow its verb closely: a distant date belongs to something else.
  if (verb && !headSet && newDate.index - (verb.index + verb[0].length) > 260) return null;
  const reset =
    oldDate !== undefined ||
    RESET_VERB.test(verbZone) ||
    /\b(?:resetting|re-setting|re-?set)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$/i.test(head);
  const after = tail.slice(dateText === tail ? newDate.index : 0);
  return {
    op: reset ? 'reset' : 'set',
    date: newDate.iso,
    oldDate: oldDate?.iso ?? null,
    time: timeFor(newDate, dateList, timeList),
    location: findLocation(after) ?? findLocation(tail),
    judge: findJudge(after) ?? findJudge(tail),
    courtActor: COURT_ACTOR_HEAD.test(head),
    // "Motion set for hearing on 6/26/2006 at 10:00 AM": the clerk's form with the verb first.
    clerkForm: CLERK_FORM.test(tail) || (/\bset\s+for\s+$/i.test(head) && /^\s*on\b/i.test(tail)),
    reference,
  };
}

/** A telephone call to discuss scheduling is a status conference (spec §5), not a motion teleconference. */
function refineSpec(spec: EventSpec, clause: string): EventSpec {
  if (spec.type === 'telephonic_conference' && /\bto\s+discuss\s+(?:trial\s+|case\s+)?schedul/i.test(clause)) {
    return { ...spec, family: 'status-conf', type: 'status_conference', title: 'Telephonic Status Conference' };
  }
  return spec;
}

function motionFor(clause: string, m: EventMention, ctx: EntryContext): number | null {
  if (ctx.motionFiling) return ctx.entryNumber;
  const inClause = findMotionRefs(clause).filter((r) => !r.label || !SCHEDULING_MOTION.test(r.label));
  const after = inClause.find((r) => r.index >= m.start) ?? inClause[inClause.length - 1];
  if (after) return after.number;
  return ctx.motionNumbers.length === 1 ? ctx.motionNumbers[0]! : null;
}

function motionHearingSpec(spec: EventSpec): EventSpec {
  return spec.type === 'motion_hearing' ? spec : { ...spec, family: 'motion-hearing', type: 'motion_hearing', title: 'Motion Hearing', generic: false };
}

export function findHearings(clauses: string[], ctx: EntryContext): HearingFinding[] {
  const out: HearingFinding[] = [];
  let order = 0;
  let previous: HearingFinding[] = [];
  const undated: EventSpec[] = [];
  for (const clause of clauses) {
    const current: HearingFinding[] = [];
    const mentions = findEventMentions(clause).filter((m) => !mentionInTitle(clause, m));
    if (!mentions.length) {
      current.push(...specialForms(clause, ctx, () => order++));
      if (CLAUSE_CANCEL_ONLY.test(clause)) {
        for (const f of previous) if (f.op === 'set' || f.op === 'reset') Object.assign(f, { op: 'cancel', oldDate: null });
      }
    }
    const groups = groupMentions(clause, mentions);
    const classified = groups.map((group, gi) => {
      const head = clause.slice(gi > 0 ? groups[gi - 1]!.end : 0, group.start);
      const tail = clause.slice(group.end, gi + 1 < groups.length ? groups[gi + 1]!.start : clause.length);
      return classify(head, tail, ctx);
    });
    // "the pretrial conference previously set for May 11 and the trial set for June 1 are CONTINUED":
    // words cancelling the last phrase cover the earlier settings they list, unless a new date is given.
    const lastCancel = classified.reduce((at, c, i) => (c?.op === 'cancel' && c.cancelTail ? i : at), -1);
    if (lastCancel > 0 && !RESET_VERB.test(clause.replace(CANCEL_TAIL, ''))) {
      for (let i = 0; i < lastCancel; i++) {
        const c = classified[i];
        if (c && c.op === 'set') Object.assign(c, { op: 'cancel', time: null });
      }
    }
    groups.forEach((group, gi) => {
      const c = classified[gi];
      if (!c || (c.reference && c.op === 'set')) {
        for (const m of group.mentions) if (!m.spec.generic) undated.push(m.spec);
        return;
      }
      for (const m of group.mentions) {
        let spec = refineSpec(m.spec, clause);
        let motionNumber: number | null = null;
        if (spec.type === 'motion_hearing' || (spec.family === 'hearing' && (ctx.motionFiling || ctx.motionNumbers.length === 1 || findMotionRefs(clause).length > 0))) {
          motionNumber = motionFor(clause, m, ctx);
          if (motionNumber !== null) spec = motionHearingSpec(spec);
        }
        if (ctx.motionFiling && spec.type !== 'motion_hearing' && spec.family !== 'hearing') continue;
        // A party's filing sets nothing, except the clerk's auto-text: the hearing on a noticed motion, or a
        // sentence of its own "<Proceeding> set for <date>" (a complaint's "Initial Appearance set for …").
        const clerkSentence = c.clerkForm && /^\W*(?:\([^)]*\)\s*)*$/.test(clause.slice(0, group.start));
        if (ctx.partyFiling && !(c.clerkForm && (spec.type === 'motion_hearing' || spec.family === 'hearing')) && !clerkSentence) continue;
        const mayCreate =
          !spec.generic ||
          motionNumber !== null ||
          c.courtActor ||
          Boolean(c.courtRecord) ||
          (c.clerkForm && spec.family === 'hearing') ||
          (c.op === 'held' && ctx.transcript);
        if (spec.generic && c.op === 'held' && ctx.transcript && /\bRE:?\s+[^.]*\bmotion\b/i.test(ctx.text)) spec = motionHearingSpec(spec);
        current.push({
          kind: 'hearing',
          op: c.op,
          spec,
          date: c.date,
          time: c.op === 'held' || c.op === 'cancel' ? null : c.time,
          oldDate: c.oldDate,
          location: c.location,
          judge: c.judge,
          motionNumber,
          significance: hearingSignificance(spec, clause),
          mayCreate,
          order: order++,
        });
        if (c.op === 'held' && c.next) {
          current.push({
            kind: 'hearing', op: 'reset', spec, date: c.next.date, time: c.next.time, oldDate: null, location: null, judge: null,
            motionNumber, significance: hearingSignificance(spec, clause), mayCreate: true, afterHeld: true, order: order++,
          });
        }
      }
    });
    current.push(...forEachMatter(clause, current, () => order++));
    current.push(...trialDays(clause, current, () => order++));
    for (const f of current) f.via ??= { recogniser: recogniserOf(f), clause };
    out.push(...current);
    if (current.length) previous = current;
  }
  out.push(...minutesRecord(ctx, out, undated, () => order++));
  // "ORDER CANCELING STATUS CONFERENCE … The Court CANCELS the status conference scheduled for <date>":
  // the heading's undated cancellation is the dated one, not a second row to take off.
  for (let i = out.length - 1; i >= 0; i--) {
    const f = out[i]!;
    if (f.op === 'cancel' && f.date === null && out.some((g) => g !== f && g.op === 'cancel' && g.date !== null && g.spec.family === f.spec.family)) out.splice(i, 1);
  }
  adoptNamedProceeding(out, undated);
  // A dial-in belongs to the one hearing an entry sets; with several it is ambiguous.
  const settings = out.filter((f) => f.op === 'set' || f.op === 'reset');
  const dialIn = settings.length === 1 ? findDialIn(ctx.text) : null;
  if (dialIn) settings[0]!.dialIn = dialIn;
  const tagged = (recogniser: string, found: HearingFinding[]) => found.map((f) => ({ ...f, via: { recogniser, clause: ctx.text.slice(0, 200) } }));
  out.push(...matterContinued(ctx, out, () => order++));
  const continued = minutesContinued(ctx, out, () => order++);
  if (continued.length) {
    // Held first, so the new date is the next row of the one just held (project convention).
    for (const f of out) if (f.op === 'set' || f.op === 'reset') f.afterHeld = true;
    out.unshift(...tagged('minutes of a hearing continued', continued));
  }
  return out.concat(
    tagged('minutes that record a vacatur', minutesVacated(ctx, out, () => order++)),
    tagged('adjourned without a new date', adjournedWithoutDate(ctx, undated, () => order++)),
    tagged('minutes on a cited matter', minutesOnCitedMatter(ctx, out, () => order++)),
  );
}

/** "Trial to commence at 9:30 AM on August 22, 2031, August 23, 2031, and August 24, 2031": one row per day. */
function trialDays(clause: string, current: HearingFinding[], next: () => number): HearingFinding[] {
  const trial = current.find((f) => f.op === 'set' && f.spec.family === 'trial' && f.date);
  if (!trial) return [];
  const dates = findDates(clause);
  const first = dates.findIndex((d) => d.iso === trial.date);
  if (first < 0) return [];
  const out: HearingFinding[] = [];
  for (let i = first + 1; i < dates.length && /^\s*,?\s*(?:and|&)?\s*$/i.test(clause.slice(dates[i - 1]!.end, dates[i]!.index)); i++) {
    out.push({ ...trial, date: dates[i]!.iso, day: out.length + 2, order: next() });
  }
  return out;
}

/** Bankruptcy clerk text names the matters a setting is for at its end: "… Courtroom 1825 for 30 and for 37,". */
function trailingMatters(clause: string): number[] {
  const m = /\bfor\s+(\d{1,4}(?:\s*(?:,|and)\s*(?:for\s+)?\d{1,4})*)\s*(?:[,.(]|$)/i.exec(clause);
  if (!m) return [];
  return [...m[1]!.matchAll(/\d{1,4}/g)].map((d) => Number(d[0])).filter((n) => n > 0 && !(n >= 1900 && n <= 2099));
}

/** A generic setting "for 30 and for 37" is a hearing of each matter: one finding per matter. */
function forEachMatter(clause: string, current: HearingFinding[], next: () => number): HearingFinding[] {
  // "Motions [42][43] reset for hearing on …": one finding per listed motion.
  const listed = /\bmotions\s+((?:\[\d{1,5}\]\s*,?\s*(?:and\s+)?){2,})/i.exec(clause);
  if (listed) {
    const numbers = [...listed[1]!.matchAll(/\d{1,5}/g)].map((d) => Number(d[0]));
    const settings = current.filter((f) => (f.op === 'set' || f.op === 'reset') && f.motionNumber !== null && numbers.includes(f.motionNumber));
    if (settings.length === 1) {
      const f = settings[0]!;
      return numbers.filter((n) => n !== f.motionNumber).map((n) => ({ ...f, motionNumber: n, order: next() }));
    }
  }
  const generic = current.filter((f) => (f.op === 'set' || f.op === 'reset') && f.spec.generic && f.motionNumber === null);
  if (generic.length !== 1) return [];
  const numbers = trailingMatters(clause);
  if (!numbers.length) return [];
  const f = generic[0]!;
  Object.assign(f, { motionNumber: numbers[0], spec: motionHearingSpec(f.spec), mayCreate: true });
  return numbers.slice(1).map((n) => ({ ...f, motionNumber: n, order: next() }));
}

function recogniserOf(f: HearingFinding): string {
  const what = f.op === 'held' ? 'held record' : f.op === 'cancel' ? 'cancellation' : f.op === 'reset' ? 'reset or continuance' : 'setting';
  return `${what} of ${f.spec.generic ? 'a proceeding' : `"${f.spec.title}"`}${f.motionNumber !== null ? ` (motion ${f.motionNumber})` : ''}`;
}

const ARRAIGNMENT: EventSpec = { family: 'arraignment', type: 'arraignment', title: 'Arraignment', significance: 'major' };

/**
 * Minutes name the proceedings they record without saying "held": "MINUTES before Judge X first
 * appearance of dft Y … dft arraigned; not guilty plea entered". Each proceeding they name without a
 * date or a setting word took place on the minutes' day.
 */
function minutesRecord(ctx: EntryContext, found: HearingFinding[], undated: EventSpec[], next: () => number): HearingFinding[] {
  // Only the clerk's bare minutes ("MINUTES before Judge X: …"); "MINUTE entry before the Honorable …"
  // heads orders in some courts, and minutes that say "held" are read by the held recogniser.
  if (!/^\W*(?:(?:clerk'?s|courtroom)\s+)?minutes\s+(?:before|of\s+(?:the\s+)?proceedings)\b/i.test(ctx.text)) return [];
  if (found.some((f) => f.op === 'held' || f.op === 'cancel' || f.op === 'reset') || /\b(?:continued|vacated|reset|rescheduled|adjourned)\b/i.test(ctx.text)) return [];
  const date = ctx.minuteDate ?? ctx.dateFiled;
  if (!date) return [];
  const specs = [...undated.filter((s) => !s.generic)];
  if (/\b(?:dft|defendant)\b[^.;]{0,60}?\barraigned\b/i.test(ctx.text) && !specs.some((s) => s.family === 'arraignment')) specs.push(ARRAIGNMENT);
  const out: HearingFinding[] = [];
  for (const spec of specs) {
    if (found.some((f) => f.spec.family === spec.family) || out.some((f) => f.spec.family === spec.family)) continue;
    out.push({ kind: 'hearing', op: 'held', spec, date, time: null, oldDate: null, location: null, judge: null, motionNumber: null, significance: spec.significance, mayCreate: true, order: next(), via: { recogniser: 'minutes naming a proceeding', clause: ctx.text.slice(0, 160) } });
  }
  return out;
}

/** "Notice of Hearing on the Disclosure Statement. Hearing scheduled for …": the bare hearing is the named one. */
function adoptNamedProceeding(found: HearingFinding[], undated: EventSpec[]): void {
  const families = new Set(undated.map((s) => s.family));
  if (families.size !== 1) return;
  const named = undated[0]!;
  for (const f of found) {
    if (f.spec.family === 'hearing' && f.motionNumber === null && (f.op === 'set' || f.op === 'reset')) {
      f.spec = named;
      f.significance = named.significance;
    }
  }
}

/** A notice that a hearing is adjourned or rescheduled, with no new date anywhere in it, takes it off. */
function adjournedWithoutDate(ctx: EntryContext, undated: EventSpec[], next: () => number): HearingFinding[] {
  if (!/^\W*notice\s+of\s+(?:adjourned|rescheduled|continued|cancell?ed)\b/i.test(ctx.text) || findDates(ctx.text).length > 0) return [];
  return undated.slice(0, 1).map((spec) => ({
    kind: 'hearing' as const, op: 'cancel' as const, spec, date: null, time: null, oldDate: null, location: null, judge: null,
    motionNumber: null, significance: spec.significance, mayCreate: false, order: next(),
  }));
}

const ORAL_ARGUMENT: EventSpec = { family: 'oral-arg', type: 'oral_argument', title: 'Oral Argument', significance: 'major' };
const GENERIC_HEARING: EventSpec = { family: 'hearing', type: 'other', title: 'Hearing', significance: 'major', generic: true };

/** Appellate clerk forms without a hearing word: "CASE calendared: …", "CASE argued." */
function specialForms(clause: string, ctx: EntryContext, next: () => number): HearingFinding[] {
  const base = { kind: 'hearing' as const, spec: ORAL_ARGUMENT, oldDate: null, judge: null, motionNumber: null, significance: 'major' as const, mayCreate: true };
  const calendared = /\b(?:case|appeal|matter)\s+(?:is\s+)?calendared\b\s*:?\s*(?:for\s+)?/i.exec(clause);
  if (calendared) {
    const rest = clause.slice(calendared.index + calendared[0].length);
    const date = settingDates(rest)[0];
    if (date && date.index < 40) {
      const place = rest.slice(date.end).replace(/^[\s,.-]+/, '').replace(/[.\s]+$/, '');
      const time = timeFor(date, [date], findTimes(rest));
      return [{ ...base, op: 'set', date: date.iso, time, location: /court|room|[A-Z]{2}\b/.test(place) && place.length < 80 ? place : null, order: next() }];
    }
  }
  const argued = /\b(?:case|appeal|matter|cause)\s+(?:was\s+|is\s+)?(?:heard\s+and\s+)?argued\b|\b(?:oral\s+)?argument\s+(?:was\s+)?heard\b/i.exec(clause);
  if (argued) {
    const rest = clause.slice(argued.index);
    const on = /\bon\s+/.exec(rest);
    const date = on ? settingDates(rest.slice(on.index))[0] : undefined;
    return [{ ...base, op: 'held', date: date?.iso ?? ctx.dateFiled, time: null, location: null, order: next() }];
  }
  const onBriefs = /\b(?:submitted|decided|determined|considered)\s+(?:on\s+the\s+briefs(?:\s+and\s+(?:the\s+)?record)?\s+)?without\s+(?:oral\s+)?argument\b/i.exec(clause);
  if (onBriefs) {
    const date = settingDates(clause.slice(onBriefs.index))[0];
    return [{ ...base, op: 'cancel', date: date?.iso ?? null, time: null, location: null, mayCreate: false, order: next() }];
  }
  const presented = presentments(clause, ctx, next);
  if (presented.length) return presented;
  const call = callChambers(clause, next);
  if (call.length) return call;
  const unnamed = unnamedProceedings(clause, ctx, next);
  if (unnamed.length) return unnamed;
  const datedFirst = datedProceedingStricken(clause, next);
  if (datedFirst.length) return datedFirst;
  const motions = motionsMoved(clause, next);
  if (motions.length) return motions;
  // "Transcript of Proceedings held on 05/09/2008": held, proceeding type unknown.
  // "Transcript of record of proceedings before Judge X for the date(s) of 03/17/00" too.
  const proceedings = /\b(?:transcript\s+(?:of|regarding)\s+(?:the\s+)?(?:record\s+of\s+)?)?proceedings\b[\s\S]{0,80}?\b(?:held|for\s+the\s+dates?(?:\(s\))?\s+of)\b/i.exec(clause);
  if (proceedings && (ctx.transcript || ctx.minuteDate)) {
    const date = heldDate(clause.slice(proceedings.index), ctx);
    // A transcript is the record of a proceeding (a held row even when none was known); bare minutes only bind.
    return [{ ...base, spec: GENERIC_HEARING, op: 'held', date, time: null, location: null, mayCreate: ctx.transcript, order: next() }];
  }
  return [];
}

const PHONE_HEARING: EventSpec = { family: 'hearing', type: 'telephonic_conference', title: 'Telephonic Hearing', significance: 'major', generic: true };

/**
 * After leave to appear by telephone: "Counsel are to call chambers at 10:00 a.m. on March 4, 2031".
 * It moves the hearing of that day to the stated time (or records the call when none is known).
 */
function callChambers(clause: string, next: () => number): HearingFinding[] {
  const m = /\b(?:counsel|the\s+parties|parties|defendant|plaintiff|movant)\b[^.;]{0,60}?\b(?:shall|are\s+to|is\s+to|will|must|should)\s+(?:call|telephone|phone)\s+(?:in\s+)?(?:to\s+)?(?:the\s+)?(?:judge'?s\s+)?(?:chambers|court(?:room)?|courtroom\s+deputy)\b([\s\S]{0,100})/i.exec(clause);
  if (!m) return [];
  const rest = m[1]!;
  const date = settingDates(rest)[0];
  const time = findTimes(rest)[0];
  if (!date || !time) return [];
  return [{ kind: 'hearing', op: 'set', spec: PHONE_HEARING, date: date.iso, time: time.hhmm, oldDate: date.iso, location: 'Telephonic', judge: null, motionNumber: null, significance: 'major', mayCreate: true, order: next() }];
}

// Head nouns of things that are filed or due, not attended: their dates are deadlines, read elsewhere.
const NOT_A_PROCEEDING = /\b(?:responses?|repl(?:y|ies)|briefs?|motions?|deadlines?|ddl|discovery|answers?|reports?|memorand\w*|objections?|oppositions?|filings?|disclosures?|exhibits?|lists?|statements?|petitions?|appeal|record|transcripts?|restrictions?|redactions?|releases?|cut-?offs?|periods?|submissions?|productions?|service|payments?|claims?|documents?|orders?|case|matter|action|cause|this|it|which|dates?)$/i;

const SETTING_VERB = /(?:set|scheduled|continued|adjourned)\s+(?:for|to|until)\s/i;

/**
 * A proceeding the lexicon has no name for, in the clerk's "<Proceeding> set for <date>" form: "Plea
 * and Sentence set for 5/3/2031 at 2:00 PM". Any capitalised noun phrase before the setting verb names
 * a proceeding of type other (issue 12: the lexicon types, it does not gate).
 */
function unnamedProceedings(clause: string, ctx: EntryContext, next: () => number): HearingFinding[] {
  // The setting verb the pattern below needs, looked for first: that pattern tries every position.
  if (!SETTING_VERB.test(clause)) return [];
  const m = /(?:^|[.;:]\s*|\)\s*|\bas\s+to\s+[^:.;]{1,80}:\s*)((?:[A-Z][a-z]+|[A-Z]{2,})(?:\s+(?:and|&|of|on|re|for|the|with|[A-Z][a-z]+|[A-Z]{2,})){0,5}?)\s+(?:(?:is|are|has\s+been)\s+)?(re-?set|set|scheduled|re-?scheduled|continued|adjourned)\s+(?:for|to|until)\s+(?:\w+day,?\s+)?(?=\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d)/i.exec(clause);
  if (!m) return [];
  const phrase = m[1]!.replace(/^(?:the|a|an)\s+/i, '').trim();
  if (NOT_A_PROCEEDING.test(phrase) || (phrase.split(/\s+/).length < 2 && /^[A-Z]{2,}$/.test(phrase))) return [];
  // Clerk auto-text capitalises the event's words ("Plea and Sentence"); prose in lower case is read elsewhere.
  if (!phrase.split(/\s+/).every((w) => /^(?:and|&|of|on|re|for|the|with)$/.test(w) || /^[A-Z]/.test(w))) return [];
  // A party's papers restating a date set nothing; the clerk's sentence of its own does (see findHearings).
  if (ctx.partyFiling && !/^\W*(?:\([^)]*\)\s*)*$/.test(clause.slice(0, m.index + m[0].indexOf(m[1]!)))) return [];
  const rest = clause.slice(m.index + m[0].length);
  const date = settingDates(rest)[0];
  if (!date || date.index > 0) return [];
  const title = phrase.replace(/\b([A-Z])([A-Z]+)\b/g, (w, a: string, b: string) => (w.length > 3 ? a + b.toLowerCase() : w));
  const spec: EventSpec = { family: slugify(phrase, 5) || 'proceeding', type: 'other', title, significance: 'major' };
  const reset = /re-?set|re-?scheduled|continued|adjourned/i.test(m[2]!);
  return [{
    kind: 'hearing', op: reset ? 'reset' : 'set', spec, date: date.iso, time: timeNear(date, rest),
    oldDate: null, location: findLocation(rest.slice(date.end)), judge: findJudge(rest), motionNumber: null, significance: 'major', mayCreate: true, order: next(),
  }];
}

const MOTION_HEARING_SPEC: EventSpec = { family: 'motion-hearing', type: 'motion_hearing', title: 'Motion Hearing', significance: 'major' };

/**
 * The date before the proceeding: "The 12/15/16 Notice of Motion date is stricken", "the 2/13/2031
 * in-chambers conference is vacated and advanced to 2/10/2031 at 8:30 a.m.". A stricken motion date
 * takes off every motion call of that day.
 */
function datedProceedingStricken(clause: string, next: () => number): HearingFinding[] {
  const m = /\b(?:the\s+)?(\d{1,2}\/\d{1,2}\/\d{2,4})\s+((?:[\w'’-]+\s+){0,4}?)(?:date\s+)?(?:is|are)\s+(?:hereby\s+)?(?:stricken|vacated|cancell?ed|terminated)\b/i.exec(clause);
  if (!m) return [];
  const old = findDates(m[1]!)[0];
  if (!old) return [];
  const what = m[2]!.trim();
  const mention = findEventMentions(what)[0];
  const motionCall = /\bnotice\s+of\s+motion\b|\bpresentment\b|\bmotion\b/i.test(what);
  const spec = mention?.spec ?? (motionCall ? MOTION_HEARING_SPEC : null);
  if (!spec) return [];
  const rest = clause.slice(m.index + m[0].length);
  const moved = /^\s*and\s+(?:re-?set|advanced|continued|moved|re-?scheduled)\s+to\s+/i.exec(rest);
  const base = { kind: 'hearing' as const, spec, location: null, judge: null, motionNumber: null, significance: spec.significance, mayCreate: false, order: next() };
  if (moved) {
    const to = settingDates(rest.slice(moved[0].length))[0];
    if (to && to.index < 15) {
      const tail = rest.slice(moved[0].length);
      return [{ ...base, op: 'reset', date: to.iso, time: timeNear(to, tail, 20), oldDate: old.iso, mayCreate: true }];
    }
  }
  return [{ ...base, op: 'cancel', date: old.iso, time: null, oldDate: null, allOnDate: motionCall && !mention }];
}

/**
 * A motion named as the proceeding: "Defendant's motion to dismiss [18] is entered and continued to
 * 11/3/2031 at 9:00 a.m.", "Motions [42][43] reset for hearing on 9/22/2031 at 01:30 PM",
 * "Plaintiffs Motion to Amend, currently set for July 21, 2031, is continued to July 25, 2031".
 */
function motionsMoved(clause: string, next: () => number): HearingFinding[] {
  const m = /\bmotions?\b[^.;]{0,160}?\b(?:is|are)?\s*(?:entered\s+and\s+)?(?:continued|re-?set|re-?scheduled|advanced)\s+(?:for\s+hearing\s+)?(?:to|for|on)\s+(?:(?:hearing\s+)?on\s+)?/i.exec(clause);
  if (!m) return [];
  const rest = clause.slice(m.index + m[0].length);
  const date = settingDates(rest)[0];
  if (!date || !/^\s*(?:\w+day,?\s+)?$/i.test(rest.slice(0, date.index))) return [];
  const span = m[0];
  const numbers = [...new Set([...span.matchAll(/\[(\d{1,5})\]|\b(?:No\.|#)\s*(\d{1,5})/g)].map((x) => Number(x[1] ?? x[2])))];
  const old = settingDates(span.replace(/^[\s\S]*?\b(?=currently|presently|previously|now)/i, ''))[0];
  const time = timeNear(date, rest);
  const base = { kind: 'hearing' as const, op: 'reset' as const, spec: MOTION_HEARING_SPEC, date: date.iso, time, oldDate: old?.iso ?? null, location: null, judge: null, significance: 'major' as const, mayCreate: numbers.length > 0, order: 0 };
  if (!numbers.length) return old ? [{ ...base, motionNumber: null, order: next() }] : [];
  return numbers.map((n) => ({ ...base, motionNumber: n, order: next() }));
}

const PRESENTMENT_SPEC: EventSpec = { family: 'motion-hearing', type: 'motion_hearing', title: 'Motion Presentment', significance: 'major' };
const ROUTINE_MOTION = /\b(?:extend|extension|enlarge|excess\s+pages|oversized|withdraw|leave\s+to\s+file|briefing\s+schedule|appear\s+pro\s+hac|pro\s+hac\s+vice|substitut)/i;

/**
 * A movant's notice that motions will be presented on a date (N.D. Ill. "NOTICE of Motion by X for
 * presentment of motion to dismiss[18] before Judge Y on 10/27/2016 at 09:45 AM"): a party-noticed
 * motion hearing, one per motion (project convention), even though a party filed it.
 */
function presentments(clause: string, ctx: EntryContext, next: () => number): HearingFinding[] {
  const m = /\b(?:for\s+)?presentment\s+of\s+([\s\S]{0,240}?)\s+on\s+/i.exec(clause);
  if (!m) return [];
  const rest = clause.slice(m.index + m[0].length);
  const date = settingDates(rest)[0];
  if (!date || !/^\s*(?:\w+day,?\s+)?$/i.test(rest.slice(0, date.index))) return [];
  const time = timeNear(date, rest, 20);
  const refs = findMotionRefs(m[1]!);
  const motions = refs.length ? refs : [{ number: ctx.motionNumbers.length === 1 ? ctx.motionNumbers[0]! : null, label: m[1]!, index: 0 }];
  return motions.map((r) => ({
    kind: 'hearing' as const, op: 'set' as const, spec: PRESENTMENT_SPEC, date: date.iso, time, oldDate: null, location: null,
    judge: findJudge(m[1]!.replace(/^[\s\S]*?(?=\bbefore\b)/i, '')), motionNumber: r.number,
    significance: ROUTINE_MOTION.test(r.label ?? '') ? ('minor' as const) : ('major' as const), mayCreate: r.number !== null, motionOnly: true, order: next(),
  }));
}

/**
 * "Minute Entry. Motion Granted. (RE: related document(s) 30 Motion …)": minutes of the day a matter
 * was heard record that hearing even without the word "held". Only binds to a known row of the cited
 * matter on that day (the resolver checks), and never when the minutes speak of a continuance.
 */
function minutesOnCitedMatter(ctx: EntryContext, found: HearingFinding[], next: () => number): HearingFinding[] {
  if (found.length || ctx.referencedNumbers.length === 0) return [];
  if (!/^\W*(?:virtual\s+)?(?:minute\s+entry|minutes)\b/i.test(ctx.text)) return [];
  if (/\b(?:not\s+held|vacated|cancell?ed|continued|adjourned|rescheduled|reset|off\s+calendar)\b/i.test(ctx.text)) return [];
  const date = ctx.minuteDate ?? ctx.dateFiled;
  if (!date) return [];
  return [{ kind: 'hearing', op: 'held', spec: GENERIC_HEARING, date, time: null, oldDate: null, location: null, judge: null, motionNumber: null, significance: 'major', mayCreate: false, citedOnly: true, order: next() }];
}

/** "Hearing Held. Matter continued to 6/2/2031 at 10:00 AM.": the held proceeding's next row. */
function matterContinued(ctx: EntryContext, found: HearingFinding[], next: () => number): HearingFinding[] {
  const held = found.find((f) => f.op === 'held');
  if (!held || found.some((f) => f.op === 'set' || f.op === 'reset')) return [];
  const m = /\b(?:the\s+)?(?:matter|hearing|it|case|same)\s+(?:is\s+|was\s+|will\s+be\s+)?(?:hereby\s+)?(?:continued|adjourned|re-?set|re-?scheduled)\s+(?:to|until|for)\s+(?:\w+day,?\s+)?/i.exec(ctx.text);
  if (!m) return [];
  const rest = ctx.text.slice(m.index + m[0].length);
  const date = settingDates(rest)[0];
  if (!date || date.index > 0) return [];
  return [{ ...held, op: 'reset', date: date.iso, time: timeNear(date, rest), oldDate: null, mayCreate: true, afterHeld: true, order: next(), via: { recogniser: 'held and continued', clause: ctx.text.slice(m.index, m.index + 120) } }];
}

/**
 * "Virtual Minute Entry in reference to hearing On: 04/02/2031 … Proceedings: CONTINUED TO." — the
 * hearing of that day took place and was continued: it is held (bound to a known row of that day or
 * of the cited matter), and the new setting in the entry is its next row.
 */
function minutesContinued(ctx: EntryContext, found: HearingFinding[], next: () => number): HearingFinding[] {
  if (!ctx.minuteDate || found.some((f) => f.op === 'held' || f.op === 'cancel')) return [];
  if (!/\bproceedings\s*:\s*(?:hearing\s+)?(?:continued|adjourned)\b/i.test(ctx.text)) return [];
  return [{ kind: 'hearing', op: 'held', spec: GENERIC_HEARING, date: ctx.minuteDate, time: null, oldDate: null, location: null, judge: null, motionNumber: null, significance: 'major', mayCreate: false, order: next() }];
}

/** Minutes that record a vacatur ("Virtual Minutes of: 2/10/2010 … Proceedings: VACATED"). */
function minutesVacated(ctx: EntryContext, found: HearingFinding[], next: () => number): HearingFinding[] {
  if (!ctx.minuteDate || found.some((f) => f.op === 'cancel' || f.op === 'held')) return [];
  if (!/\bproceedings\s*:\s*(?:vacated|cancell?ed|not\s+held)\b|\bhearing\s+(?:was\s+)?(?:vacated|not\s+held)\b/i.test(ctx.text)) return [];
  return [{ kind: 'hearing', op: 'cancel', spec: GENERIC_HEARING, date: ctx.minuteDate, time: null, oldDate: null, location: null, judge: null, motionNumber: null, significance: 'major', mayCreate: false, order: next() }];
}
