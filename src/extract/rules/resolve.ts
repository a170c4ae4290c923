import type { Action, DeadlineType, HearingType } from '../actions.js';
import type { KnownDeadline, KnownHearing } from '../types.js';
import { daysBetween } from './dates.js';
import { eventForLabel, ONCE_ONLY_TYPES, PROCEEDING_WORDS, type EventSpec } from './events.js';
import type { DeadlineFinding, EntryContext, FiledFinding, HearingFinding, Via } from './findings.js';
import { hearingKeyBase, nextSequentialKey, splitSequence } from './keys.js';
import { agreedSimilarity, conceptSimilarity, conceptTokens, kindsConflict, partyOf } from './tokens.js';
import { byCodeUnits } from '../../text-order.js';

/**
 * Decides, against the case's known rows, what each finding means: a new row or an update to a
 * known one (spec §6 keys: once-only proceedings reuse their row until held; sequential ones get
 * "-2", "-3" after a held, cancelled or passed row). Rows change as actions are emitted, so a
 * minute entry that records one conference and sets the next gets two different keys.
 */

interface HearingState {
  key: string;
  title: string;
  hearingType: HearingType | null;
  status: 'scheduled' | 'held' | 'cancelled';
  localDate: string | null;
  localTime: string | null;
  family: string | null;
  numbers: number[];
  /** Key/title words that are neither proceeding words nor numbers: usually a defendant's surname. */
  extras: string[];
}

interface DeadlineState {
  key: string;
  title: string;
  deadlineType: DeadlineType | null;
  status: 'pending' | 'met' | 'passed' | 'cancelled';
  localDate: string | null;
  tokens: string[];
}

const FILING_WORDS = new Set(['response', 'opposition', 'reply', 'brief', 'memorandum', 'law', 'motion', 'objection', 'answer', 'surreply', 'sur', 'in', 'support', 'opening', 'answering']);

function words(text: string): string[] {
  return text.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
}

/** Keys split on hyphens, so "pacheco-ramos" is named by a row whose words hold "pacheco" and "ramos". */
function namesSurname(h: { extras: string[] }, surname: string): boolean {
  return h.extras.includes(surname) || surname.split('-').every((part) => part.length > 1 && h.extras.includes(part));
}

// What a frozen row's key and title say cannot change: read it once per row, not once per entry
// (the store hands the same frozen objects to every entry of a backfill). Other callers' rows may
// be changed in place between calls, so they are read anew each time.
const deadlineTokens = new WeakMap<KnownDeadline, string[]>();

/** A frozen row's state is frozen and shared by every entry (the resolver copies it to change it). */
function frozenReading<R extends object, S>(read: (row: R) => S): (row: R) => S {
  const readings = new WeakMap<R, S>();
  return (row) => {
    if (!Object.isFrozen(row)) return read(row);
    let r = readings.get(row);
    if (!r) {
      r = Object.freeze(read(row));
      readings.set(row, r);
    }
    return r;
  };
}

const hearingState = frozenReading(readHearing);

interface Split<S> {
  docketId: number;
  /** Shared between entries (and with the cache's slots): never written to. */
  ours: readonly S[];
  foreignKeys: readonly string[];
}

/** A frozen list as last split for a docket, with each row's slot: its state, or null on another docket. */
interface LastSplit<R, S> {
  list: readonly R[];
  slots: Array<S | null>;
  /** 1 where the row was frozen when its slot was made: its slot holds for as long as the row is in the list. */
  lasting: Uint8Array;
  result: Split<S>;
}

const hearingSplits = new Map<number, LastSplit<KnownHearing, HearingState>>();
const deadlineSplits = new Map<number, LastSplit<KnownDeadline, DeadlineState>>();
/** Dockets whose last split is kept: a run reads one docket at a time, and serve's worker must not hold every docket's rows. */
const SPLITS_KEPT = 16;

/**
 * A docket's rows as resolver states, and the keys of the case's rows on other dockets. The store
 * hands every entry a frozen list that differs from the previous one by the row or two the last
 * entry changed, so the previous split is walked alongside: a frozen row that is the same object
 * keeps its slot without a lookup, and only the changed rows are read (found in the per-row memo).
 */
function split<R extends { key: string; docketId: number | null }, S>(list: readonly R[], docketId: number, state: (r: R) => S, cache: Map<number, LastSplit<R, S>>): Split<S> {
  const last = cache.get(docketId);
  if (last && last.list === list) return last.result;
  const prevList = last?.list ?? [];
  const prevSlots = last?.slots ?? [];
  const prevLasting = last?.lasting ?? new Uint8Array(0);
  const slots: Array<S | null> = new Array(list.length);
  const lasting = new Uint8Array(list.length);
  let foreign = 0;
  let passing = 0; // rows not frozen: their slots hold for this entry only
  let j = 0;
  for (let i = 0; i < list.length; i++) {
    const row = list[i]!;
    let slot: S | null;
    // Only a frozen row's state is shared (rows of other callers may change in place); a row frozen
    // when its slot was made still is (freezing lasts), so that is looked at once per row, not per walk.
    if (prevList[j] === row && prevLasting[j] === 1) {
      slot = prevSlots[j++]!;
      lasting[i] = 1;
    } else if (prevList[j + 1] === row && prevLasting[j + 1] === 1) {
      slot = prevSlots[j + 1]!; // the row before it was removed or moved
      lasting[i] = 1;
      j += 2;
    } else {
      slot = row.docketId === null || row.docketId === docketId ? state(row) : null; // new or changed; the walk waits here
      lasting[i] = Object.isFrozen(row) ? 1 : 0;
      passing += 1 - lasting[i]!;
    }
    slots[i] = slot;
    if (slot === null) foreign++;
  }
  // One docket (the usual case): the slots are the docket's rows as they are (nobody writes to them).
  const ours = foreign === 0 ? (slots as S[]) : (slots.filter((s) => s !== null) as S[]);
  const foreignKeys = foreign === 0 ? [] : list.filter((_, i) => slots[i] === null).map((r) => r.key);
  const result = { docketId, ours, foreignKeys };
  // Kept for the next entry only when nothing in it can change in place: a frozen list of frozen rows
  // (the store's). A row its caller still owns may be changed between entries, or by this entry.
  if (Object.isFrozen(list) && passing === 0) {
    cache.delete(docketId); // re-inserted last: the map's order is then least recently split first
    cache.set(docketId, { list, slots, lasting, result });
    if (cache.size > SPLITS_KEPT) cache.delete(cache.keys().next().value!);
  }
  return result;
}

function readHearing(h: KnownHearing): HearingState {
  const spec = eventForLabel(h.title) ?? eventForLabel(h.key);
  const all = [...new Set([...words(h.key), ...words(h.title)])];
  const seq = splitSequence(h.key);
  const numbers = all
    .filter((w) => /^\d{1,5}$/.test(w))
    .map(Number)
    .filter((n) => !(seq.seq > 1 && n === seq.seq && !new RegExp(`\\b${n}\\b`).test(h.title)));
  const ecf = /\bECF\s*(?:No\.?\s*)?(\d{1,5})/i.exec(h.title);
  if (ecf) numbers.push(Number(ecf[1]));
  return {
    key: h.key,
    title: h.title,
    hearingType: h.hearingType ?? spec?.type ?? null,
    status: h.status,
    localDate: h.localDate,
    localTime: h.localTime,
    family: spec ? spec.family : null,
    numbers,
    extras: all.filter((w) => !/^\d+$/.test(w) && !PROCEEDING_WORDS.has(w) && w.length > 1),
  };
}

const deadlineState = frozenReading(readDeadline);

function readDeadline(d: KnownDeadline): DeadlineState {
  return {
    key: d.key,
    title: d.title,
    deadlineType: d.deadlineType,
    status: d.status,
    localDate: d.localDate,
    tokens: tokensOf(d),
  };
}

function tokensOf(d: KnownDeadline): string[] {
  let tokens = deadlineTokens.get(d);
  if (!tokens) {
    tokens = conceptTokens(`${d.key.replace(/-/g, ' ')} ${d.title}`);
    if (Object.isFrozen(d)) deadlineTokens.set(d, tokens);
  }
  return tokens;
}

function titled(spec: EventSpec, motionNumber: number | null, ctx: EntryContext): string {
  let title = spec.title;
  if (motionNumber !== null && spec.type === 'motion_hearing') title = `${title} (ECF ${motionNumber})`;
  if (ctx.multiDefendant && ctx.defendant) title = `${title} - ${ctx.defendant.split(/\s+/).filter((w) => !/^(?:jr|sr|ii|iii|iv)\.?$/i.test(w)).pop()}`;
  return title;
}

function dayAfterOrOn(date: string | null, ref: string | null): boolean {
  return date !== null && ref !== null && date >= ref;
}

/** `list` to write to: a copy while it is still the shared one. */
function ownCopy<T>(list: readonly T[], shared: readonly T[]): T[] {
  return (list === shared ? list.slice() : list) as T[];
}

export class Resolver {
  // The docket's rows as split() shares them, copied only once this entry adds or replaces one
  // (most entries change nothing, and a long docket has hundreds of rows).
  private hearings: readonly HearingState[];
  private deadlines: readonly DeadlineState[];
  private readonly shared: { hearings: readonly HearingState[]; deadlines: readonly DeadlineState[] };
  readonly actions: Action[] = [];
  /** For each action, the finding's recogniser and clause (`extract --explain`). */
  readonly provenance: Array<Via | null> = [];
  private current: Via | null = null;
  /** Keys this entry created: a second "set for" in the same entry is a different event, not a move. */
  private readonly createdHere = new Set<string>();
  /** Keys this entry rescheduled. */
  private readonly movedHere = new Set<string>();
  /** Where each row this entry moved was before: "its 10/27 date is stricken" then speaks of the move. */
  private readonly movedFrom = new Map<string, string | null>();
  /** The known row this entry last marked held (a continuation in the same entry is its next row). */
  private lastHeld: HearingState | null = null;

  /** "status-hearing-7" → "status-hearing"; "confirmation-plan-24" stays whole when 24 is the matter it hears. */
  private seriesBase(row: HearingState): string {
    const { base, seq } = splitSequence(row.key);
    // A docket number is cited by the entry, or too large for a sequence a docket would reach.
    const matter = row.numbers.includes(seq) && (this.ctx.referencedNumbers.includes(seq) || seq >= 10);
    return seq > 1 && matter ? row.key : base;
  }

  /** Keys of rows on other dockets: never updated from this one (spec §6), but not reusable either. */
  private readonly foreignKeys: { hearings: readonly string[]; deadlines: readonly string[] };

  constructor(
    knownHearings: KnownHearing[],
    knownDeadlines: KnownDeadline[],
    private readonly ctx: EntryContext,
    docketId: number,
  ) {
    const hearings = split(knownHearings, docketId, hearingState, hearingSplits);
    const deadlines = split(knownDeadlines, docketId, deadlineState, deadlineSplits);
    this.shared = { hearings: hearings.ours, deadlines: deadlines.ours };
    this.hearings = hearings.ours;
    this.deadlines = deadlines.ours;
    this.foreignKeys = { hearings: hearings.foreignKeys, deadlines: deadlines.foreignKeys };
  }

  /** This entry's own list of hearing rows, to add to or replace in. */
  private ownHearings(): HearingState[] {
    const list = ownCopy(this.hearings, this.shared.hearings);
    this.hearings = list;
    return list;
  }

  private ownDeadlines(): DeadlineState[] {
    const list = ownCopy(this.deadlines, this.shared.deadlines);
    this.deadlines = list;
    return list;
  }

  /** Changes a row for the rest of this entry; a shared (frozen) row is replaced by this entry's copy. */
  private changeHearing(row: HearingState, change: Partial<Pick<HearingState, 'status' | 'localDate' | 'localTime'>>): HearingState {
    if (!Object.isFrozen(row)) return Object.assign(row, change);
    const copy = { ...row, ...change };
    const list = this.ownHearings();
    list[list.indexOf(row)] = copy;
    return copy;
  }

  private changeDeadline(row: DeadlineState, change: Partial<Pick<DeadlineState, 'status' | 'localDate'>>): DeadlineState {
    if (!Object.isFrozen(row)) return Object.assign(row, change);
    const copy = { ...row, ...change };
    const list = this.ownDeadlines();
    list[list.indexOf(row)] = copy;
    return copy;
  }

  private emit(action: Action): void {
    const withDefendant = this.ctx.defendant && action.type !== 'IGNORE' ? { ...action, defendant: this.ctx.defendant } : action;
    this.actions.push(withDefendant);
    this.provenance.push(this.current);
  }

  /** The next key in base's sequence among this docket's rows and the case's others. */
  private nextHearingKey(base: string): string {
    return nextSequentialKey(base, this.foreignKeys.hearings, this.hearings);
  }

  private nextDeadlineKey(base: string): string {
    return nextSequentialKey(base, this.foreignKeys.deadlines, this.deadlines);
  }

  private hearingKeyTaken(key: string): boolean {
    return this.hearings.some((h) => h.key === key) || this.foreignKeys.hearings.includes(key);
  }

  /** Rows of the same proceeding for the same defendant (spec §6: same defendant + type ⇒ reuse). */
  private sameProceeding(f: HearingFinding): HearingState[] {
    const surname = this.ctx.surname;
    // A plain loop with the finding's side worked out once: this runs against the case's whole list.
    const motion = f.motionNumber;
    const family = f.spec.family;
    const onceOnlyType = ONCE_ONLY_TYPES.has(f.spec.type) ? f.spec.type : null;
    const rows: HearingState[] = [];
    for (const h of this.hearings) {
      let same: boolean;
      if (motion !== null && h.numbers.length) same = h.numbers.includes(motion);
      else if (f.motionOnly) same = false;
      else if (motion !== null && h.family === 'motion-hearing') same = true; // (its numbers are empty here)
      else if (h.family === family) same = true;
      else same = onceOnlyType !== null && (h.family === null || h.family === 'hearing' || h.family === 'conference') && h.hearingType === onceOnlyType;
      if (same) rows.push(h);
    }
    // Another defendant's row ("sentencing-smith" when the entry is as to Quill) is not this one.
    const mine = rows.filter((h) => (surname ? h.extras.length === 0 || namesSurname(h, surname) : true));
    if (surname) {
      const named = mine.filter((h) => namesSurname(h, surname));
      if (named.length) return named;
    } else {
      const joint = mine.filter((h) => h.extras.length === 0);
      if (joint.length) return joint;
    }
    return mine;
  }

  /** A generic "hearing"/"conference" finding names a known row only through a date or a motion. */
  private genericCandidates(f: HearingFinding, date: string | null): HearingState[] {
    if (date) return this.hearings.filter((h) => h.localDate === date);
    const upcoming = this.hearings.filter((h) => h.status === 'scheduled' && dayAfterOrOn(h.localDate, this.ctx.dateFiled));
    if (f.spec.family === 'conference') {
      return upcoming.filter((h) => h.hearingType === 'status_conference' || h.hearingType === 'telephonic_conference' || /conf/.test(h.key));
    }
    return [];
  }

  private newHearingKey(f: HearingFinding): string {
    const base = hearingKeyBase(
      f.motionNumber !== null && f.spec.type === 'motion_hearing' ? `${f.spec.family === 'hearing' ? 'motion-hearing' : f.spec.family}-${f.motionNumber}` : f.spec.family,
      this.ctx.surname,
      this.ctx.multiDefendant,
    );
    return this.nextHearingKey(base);
  }

  hearing(f: HearingFinding): void {
    this.current = f.via ?? null;
    const generic = Boolean(f.spec.generic) && f.motionNumber === null;
    switch (f.op) {
      case 'held':
        return this.held(f, generic);
      case 'cancel':
        return this.cancel(f, generic);
      default:
        return this.setting(f, generic);
    }
  }

  private held(f: HearingFinding, generic: boolean): void {
    const date = f.date;
    if (!date) return;
    const near = (rows: readonly HearingState[], within: number) =>
      rows
        .filter((h) => h.localDate && Math.abs(daysBetween(h.localDate, date)) <= within)
        .sort((a, b) => Math.abs(daysBetween(a.localDate!, date)) - Math.abs(daysBetween(b.localDate!, date)));
    let target: HearingState | undefined;
    if (generic) {
      const sameDay = near(this.hearings, 0).filter((h) => h.status !== 'cancelled');
      // "Hearing Held RE: 25 Motion …": the matter cited picks among the day's rows, or within the ±2-day guard.
      const cited = near(this.hearings, 2).filter((h) => h.status !== 'cancelled' && h.numbers.some((n) => this.ctx.referencedNumbers.includes(n)));
      target = sameDay.length === 1 && !f.citedOnly ? sameDay[0] : cited.length === 1 ? cited[0] : undefined;
    } else {
      target = near(this.sameProceeding(f), 2)[0] ?? near(this.hearings.filter((h) => h.hearingType === f.spec.type && h.family === null), 1)[0];
      // A trial under way runs for days or weeks: a later day binds to it (and becomes "Day N" below).
      if (!target && f.spec.family === 'trial') target = near(this.sameProceeding(f).filter((h) => h.status === 'held'), 21)[0];
    }
    if (target && f.spec.family === 'trial' && target.status === 'held' && target.localDate !== date) {
      // A later day of a trial already under way (spec §6 multi-day trials).
      const base = `${splitSequence(target.key).base}-day`;
      const day = Math.max(2, daysBetween(target.localDate!, date) + 1);
      const key = this.hearingKeyTaken(`${base}-${day}`) ? this.nextHearingKey(base) : `${base}-${day}`;
      this.emit({ type: 'MARK_HELD', hearing_key: key, title: `${target.title} — Day ${day}`, hearing_type: 'trial', local_date: date, significance: 'major' });
      this.ownHearings().push({ ...target, key, status: 'held', localDate: date, localTime: null });
      return;
    }
    if (target) {
      this.emit({ type: 'MARK_HELD', hearing_key: target.key, local_date: date, hearing_type: target.hearingType ?? f.spec.type });
      this.lastHeld = this.changeHearing(target, { status: 'held' });
      return;
    }
    if (generic && !f.mayCreate) return;
    const key = this.newHearingKey(f);
    this.emit({
      type: 'MARK_HELD',
      hearing_key: key,
      title: titled(f.spec, f.motionNumber, this.ctx),
      hearing_type: f.spec.type,
      local_date: date,
      significance: f.significance,
    });
    this.ownHearings().push({ key, title: f.spec.title, hearingType: f.spec.type, status: 'held', localDate: date, localTime: null, family: f.spec.family, numbers: f.motionNumber ? [f.motionNumber] : [], extras: [] });
  }

  private cancel(f: HearingFinding, generic: boolean): void {
    if (f.allOnDate && f.date) {
      const calls = this.hearings.filter((h) => h.status === 'scheduled' && h.localDate === f.date && (h.family === 'motion-hearing' || h.hearingType === 'motion_hearing' || h.numbers.length > 0));
      for (const h of calls) {
        this.emit({ type: 'CANCEL_HEARING', hearing_key: h.key, local_date: h.localDate, ...(h.localTime ? { local_time: h.localTime } : {}), hearing_type: h.hearingType ?? 'motion_hearing' });
        this.changeHearing(h, { status: 'cancelled' });
      }
      return;
    }
    const rows = generic ? this.genericCandidates(f, f.date) : this.sameProceeding(f);
    // The old date of a row this entry already moved: the move said it.
    if (f.date && rows.some((h) => this.movedFrom.get(h.key) === f.date)) return;
    const live = rows.filter((h) => h.status === 'scheduled');
    let target: HearingState | undefined;
    if (f.date) target = live.find((h) => h.localDate === f.date) ?? rows.find((h) => h.localDate === f.date && h.status !== 'cancelled');
    else {
      const upcoming = live.filter((h) => dayAfterOrOn(h.localDate, this.ctx.dateFiled));
      target = upcoming.length === 1 ? upcoming[0] : live.length === 1 ? live[0] : undefined;
    }
    if (!target && f.date && !generic) {
      target = this.hearings.find((h) => h.status === 'scheduled' && h.localDate === f.date && h.hearingType === f.spec.type);
    }
    if (target && this.createdHere.has(target.key)) {
      // Set and called off in the same entry: record it once, as cancelled.
      const added = this.actions.findIndex((a) => a.type === 'ADD_HEARING' && a.hearing_key === target!.key);
      if (added >= 0) {
        const [add] = this.actions.splice(added, 1);
        this.emit({ ...add!, type: 'CANCEL_HEARING' });
        this.changeHearing(target, { status: 'cancelled' });
        return;
      }
    }
    if (target) {
      if (!target.localDate) return;
      this.emit({ type: 'CANCEL_HEARING', hearing_key: target.key, local_date: target.localDate, ...(target.localTime ? { local_time: target.localTime } : {}), hearing_type: target.hearingType ?? f.spec.type });
      this.changeHearing(target, { status: 'cancelled' });
      return;
    }
    // Unknown row: a stated old date still records the cancellation (spec §8 inserts it cancelled).
    if (!f.date || generic || rows.some((h) => h.localDate === f.date)) return;
    const key = this.newHearingKey(f);
    this.emit({ type: 'CANCEL_HEARING', hearing_key: key, title: titled(f.spec, f.motionNumber, this.ctx), hearing_type: f.spec.type, local_date: f.date, significance: f.significance });
    this.ownHearings().push({ key, title: f.spec.title, hearingType: f.spec.type, status: 'cancelled', localDate: f.date, localTime: null, family: f.spec.family, numbers: f.motionNumber ? [f.motionNumber] : [], extras: [] });
  }

  private setting(f: HearingFinding, generic: boolean): void {
    const date = f.date;
    if (!date) return;
    const filed = this.ctx.dateFiled;
    const explicitReset = f.op === 'reset' || this.ctx.resetNotice;
    let target: HearingState | undefined;
    if (generic) {
      const oldDate = f.oldDate ?? this.ctx.rescheduledFrom;
      const rows = this.genericCandidates(f, oldDate);
      const live = rows.filter((h) => h.status === 'scheduled');
      // The matter the entry cites ("related document: 28") picks among rows of one date, or alone.
      const cited = (list: HearingState[]) => {
        const hits = list.filter((h) => h.numbers.some((n) => this.ctx.referencedNumbers.includes(n)));
        return hits.length === 1 ? hits[0] : undefined;
      };
      const citedUpcoming = cited(this.hearings.filter((h) => h.status === 'scheduled' && dayAfterOrOn(h.localDate, filed)));
      if (oldDate) target = cited(rows) ?? live[0] ?? rows[0];
      else if (citedUpcoming && (f.op === 'reset' || f.op === 'set')) target = citedUpcoming;
      else if (explicitReset && live.length === 1) target = live[0];
      else if (f.op === 'reset' && f.spec.family === 'hearing') {
        // "Hearing continued to 5/15/2026": the one upcoming hearing (not a trial or a conference).
        const upcoming = this.hearings.filter(
          (h) => h.status === 'scheduled' && dayAfterOrOn(h.localDate, filed) && (h.hearingType === 'motion_hearing' || h.hearingType === 'evidentiary_hearing' || h.hearingType === 'other'),
        );
        // Several candidates: which one moved is a guess (the unread net shows the entry). None: the clerk's own setting.
        if (upcoming.length > 1 || (upcoming.length === 0 && !f.mayCreate)) return;
        target = upcoming[0];
      }
      else {
        const sameDay = this.hearings.filter((h) => h.localDate === date && h.status === 'scheduled');
        if (sameDay.length === 1 && (!f.time || sameDay[0]!.localTime === f.time)) target = sameDay[0];
      }
      if (!target && !f.mayCreate) return;
    } else if (f.afterHeld || f.day) {
      // "Held and continued to <date>": the continuation is the proceeding's next row, unless already set there.
      target = this.sameProceeding(f).find((h) => h.status === 'scheduled' && h.localDate === date);
    } else {
      // A row this entry created or already moved is spoken for: another setting of the kind is another event.
      const rows = this.sameProceeding(f).filter(
        (h) => (!this.createdHere.has(h.key) && !this.movedHere.has(h.key)) || (this.movedHere.has(h.key) && h.localDate === date) || (f.op === 'reset' && f.oldDate !== null),
      );
      const byOld = f.oldDate ? rows.find((h) => h.localDate === f.oldDate && h.status !== 'held') : undefined;
      const latest = (list: HearingState[]) => [...list].sort((a, b) => byCodeUnits(b.localDate ?? '', a.localDate ?? ''))[0];
      const scheduled = rows.filter((h) => h.status === 'scheduled');
      if (byOld) target = byOld;
      else if (ONCE_ONLY_TYPES.has(f.spec.type) && f.spec.family !== 'hearing') {
        target = latest(scheduled) ?? latest(rows.filter((h) => h.status === 'cancelled'));
        if (!target && f.op === 'reset' && rows.some((h) => h.status === 'held')) return; // "Trial continued to" the next trial day
      } else {
        const upcoming = scheduled.filter((h) => dayAfterOrOn(h.localDate, filed) || h.localDate === date);
        target = latest(upcoming) ?? (explicitReset ? latest(scheduled) : undefined);
      }
    }
    if (target) {
      const sameSlot = target.status === 'scheduled' && target.localDate === date && (f.time === null || f.time === target.localTime);
      if (sameSlot) {
        // A restatement at the known slot (spec §6): recorded as a source of the row, details if any.
        this.emit({
          type: 'UPDATE_DETAILS',
          hearing_key: target.key,
          local_date: date,
          ...(target.localTime ? { local_time: target.localTime } : {}),
          ...(f.location ? { location: f.location } : {}),
          ...(f.judge ? { judge: f.judge } : {}),
          ...(f.dialIn ? { dial_in: f.dialIn } : {}),
        });
        return;
      }
      this.emit({
        type: 'RESCHEDULE_HEARING',
        hearing_key: target.key,
        title: target.title || titled(f.spec, f.motionNumber, this.ctx),
        hearing_type: target.hearingType ?? f.spec.type,
        local_date: date,
        ...(f.time ? { local_time: f.time } : {}),
        significance: f.significance,
        ...(f.location ? { location: f.location } : {}),
        ...(f.judge ? { judge: f.judge } : {}),
        ...(f.dialIn ? { dial_in: f.dialIn } : {}),
      });
      this.movedFrom.set(target.key, target.localDate);
      this.changeHearing(target, { status: 'scheduled', localDate: date, localTime: f.time });
      this.movedHere.add(target.key);
      return;
    }
    // A continuation takes the next number of the row just held, so the series reads on ("-7" held, "-8" next).
    const dayOf = f.day ? this.actions.find((a) => a.hearing_key && ['ADD_HEARING', 'UPDATE_DETAILS', 'RESCHEDULE_HEARING'].includes(a.type) && this.hearings.some((h) => h.key === a.hearing_key && h.family === 'trial')) : undefined;
    const key = dayOf ? this.nextHearingKey(`${dayOf.hearing_key}-day-${f.day}`).replace(/-day-(\d+)-\d+$/, '-day-$1')
      : f.afterHeld && this.lastHeld ? this.nextHearingKey(this.seriesBase(this.lastHeld)) : this.newHearingKey(f);
    this.createdHere.add(key);
    this.emit({
      type: 'ADD_HEARING',
      hearing_key: key,
      title: titled(f.spec, f.motionNumber, this.ctx),
      hearing_type: f.spec.type,
      local_date: date,
      ...(f.time ? { local_time: f.time } : {}),
      significance: f.significance,
      ...(f.location ? { location: f.location } : {}),
      ...(f.judge ? { judge: f.judge } : {}),
      ...(f.dialIn ? { dial_in: f.dialIn } : {}),
    });
    this.ownHearings().push({ key, title: f.spec.title, hearingType: f.spec.type, status: 'scheduled', localDate: date, localTime: f.time, family: f.spec.family, numbers: f.motionNumber ? [f.motionNumber] : [], extras: [] });
  }

  /** Every upcoming setting and open deadline of this docket, when an order vacates them all. */
  vacateAll(kinds: { hearings: boolean; deadlines: boolean }): void {
    this.current = { recogniser: 'every setting and deadline vacated', clause: this.ctx.text.slice(0, 160) };
    const filed = this.ctx.dateFiled;
    if (kinds.hearings) {
      for (const h of this.hearings) {
        if (h.status !== 'scheduled' || !h.localDate || !dayAfterOrOn(h.localDate, filed)) continue;
        this.emit({ type: 'CANCEL_HEARING', hearing_key: h.key, local_date: h.localDate, ...(h.localTime ? { local_time: h.localTime } : {}), ...(h.hearingType ? { hearing_type: h.hearingType } : {}) });
        this.changeHearing(h, { status: 'cancelled' });
      }
    }
    if (kinds.deadlines) {
      for (const d of this.deadlines) {
        if (d.status !== 'pending' || !d.localDate || !dayAfterOrOn(d.localDate, filed)) continue;
        this.emit({ type: 'CANCEL_DEADLINE', deadline_key: d.key, local_date: d.localDate, ...(d.deadlineType ? { deadline_type: d.deadlineType } : {}) });
        this.changeDeadline(d, { status: 'cancelled' });
      }
    }
  }

  private ignoredTokens(): Set<string> {
    return new Set(this.ctx.surname ? [this.ctx.surname] : []);
  }

  /** An extension order names the filing loosely ("answer or other responsive pleading"): the one open row of that kind. */
  private onlyOfType(f: DeadlineFinding): DeadlineState | undefined {
    // Only the filings an extension is usually asked for; a case plan's report dates are new rounds.
    if (!['answer', 'response', 'reply', 'opposition', 'brief'].includes(f.deadlineType)) return undefined;
    const open = this.deadlines.filter((d) => !this.createdHere.has(d.key) && (d.status === 'pending' || d.status === 'passed') && d.deadlineType === f.deadlineType);
    return open.length === 1 ? open[0] : undefined;
  }

  /**
   * The known row a deadline finding names: the one with its key, else the best-scoring row whose
   * description agrees (score, then same filer, then still pending; the earliest row on a tie).
   * One pass over the rows: this runs for every deadline finding against the case's whole list.
   */
  private matchDeadline(f: DeadlineFinding, threshold: number): DeadlineState | undefined {
    for (const d of this.deadlines) if (d.key === f.key && !this.createdHere.has(d.key)) return d;
    const ignore = this.ignoredTokens();
    const fParty = partyOf(f.tokens);
    let best: { d: DeadlineState; score: number; party: boolean; pending: boolean } | null = null;
    for (const d of this.deadlines) {
      if (this.createdHere.has(d.key) || kindsConflict(d.deadlineType, f.deadlineType)) continue;
      // 0 when the descriptions do not agree; thresholds are all above that.
      const score = agreedSimilarity(f.tokens, d.tokens, ignore);
      if (score === 0 || score < threshold) continue;
      const party = partyOf(d.tokens) === fParty;
      const pending = d.status === 'pending';
      const better = !best || score > best.score || (score === best.score && (Number(party) - Number(best.party) || Number(pending) - Number(best.pending)) > 0);
      if (better) best = { d, score, party, pending };
    }
    return best?.d;
  }

  deadline(f: DeadlineFinding): void {
    this.current = f.via ?? null;
    if (f.op === 'cancel') return this.cancelDeadline(f);
    const base = {
      deadline_type: f.deadlineType,
      significance: f.significance,
      ...(f.notes ? { notes: f.notes } : {}),
    };
    const match = this.matchDeadline(f, f.conditional ? 0.99 : 0.75) ?? (f.extension && !f.conditional ? this.onlyOfType(f) : undefined);
    if (f.conditional) {
      if (match && (match.status === 'pending' || match.status === 'passed')) return;
      // The same relative deadline restated ("replies due seven days after service of the opposition").
      const fParty = partyOf(f.tokens);
      const restated = this.deadlines.some(
        (d) => !this.createdHere.has(d.key) && d.status === 'pending' && d.localDate === null && d.deadlineType === f.deadlineType && (!fParty || partyOf(d.tokens) === fParty),
      );
      if (restated) return;
      const key = this.nextDeadlineKey(f.key);
      this.createdHere.add(key);
      this.emit({ type: 'ADD_DEADLINE', deadline_key: key, title: f.title, local_date: null, conditional: true, ...base });
      this.ownDeadlines().push({ key, title: f.title, deadlineType: f.deadlineType, status: 'pending', localDate: null, tokens: f.tokens });
      return;
    }
    if (match) {
      if (match.localDate === f.date) return; // a restatement
      const movable = match.status === 'pending' || (match.status === 'passed' && f.extension);
      if (movable) {
        this.emit({ type: 'RESCHEDULE_DEADLINE', deadline_key: match.key, title: match.title || f.title, local_date: f.date, ...(f.time ? { local_time: f.time } : {}), ...base });
        this.changeDeadline(match, { status: 'pending', localDate: f.date });
        return;
      }
    }
    if (this.restated(f)) return;
    const key = this.nextDeadlineKey(f.key);
    this.createdHere.add(key);
    this.emit({ type: 'ADD_DEADLINE', deadline_key: key, title: f.title, local_date: f.date, ...(f.time ? { local_time: f.time } : {}), ...base });
    this.ownDeadlines().push({ key, title: f.title, deadlineType: f.deadlineType, status: 'pending', localDate: f.date, tokens: f.tokens });
  }

  /** Clerk auto-text restating a date an order just set ("Set/Reset Deadlines: Responses due by …"). */
  private restated(f: DeadlineFinding): boolean {
    if (f.deadlineType === 'other') return false;
    const fParty = partyOf(f.tokens);
    return this.deadlines.some((d) => {
      if (this.createdHere.has(d.key) || d.status !== 'pending' || d.localDate !== f.date) return false;
      if (!d.deadlineType || d.deadlineType === 'other' || kindsConflict(d.deadlineType, f.deadlineType)) return false;
      const dParty = partyOf(d.tokens);
      return !fParty || !dParty || fParty === dParty;
    });
  }

  private cancelDeadline(f: DeadlineFinding): void {
    const open = this.deadlines.filter((d) => d.status === 'pending' || d.status === 'passed');
    let target: DeadlineState | undefined;
    if (f.date) {
      const sameDate = open.filter((d) => d.localDate === f.date);
      target = sameDate.length === 1 ? sameDate[0] : sameDate.find((d) => conceptSimilarity(f.tokens, d.tokens) > 0);
    } else {
      const similar = open.filter((d) => conceptSimilarity(f.tokens, d.tokens, this.ignoredTokens()) >= 0.99);
      target = similar.length === 1 ? similar[0] : undefined;
    }
    if (!target || !target.localDate) return;
    this.emit({ type: 'CANCEL_DEADLINE', deadline_key: target.key, local_date: target.localDate, ...(target.deadlineType ? { deadline_type: target.deadlineType } : {}) });
    this.changeDeadline(target, { status: 'cancelled' });
  }

  /** The one deadline among `open` this filing meets, if it can be told apart. */
  private filedMatch(f: FiledFinding, open: DeadlineState[]): DeadlineState | undefined {
    const fParty = partyOf(f.tokens);
    const partyOk = (d: DeadlineState) => {
      const p = partyOf(d.tokens);
      return fParty === 'amicus' ? p === 'amicus' : !fParty || !p || p === fParty;
    };
    const ignore = this.ignoredTokens();
    let best: DeadlineState | undefined;
    if (f.motionNumber !== null) {
      const n = String(f.motionNumber);
      const byNumber = open.filter((d) => d.tokens.includes(n) && !kindsConflict(d.deadlineType, f.deadlineType));
      if (byNumber.length === 1) best = byNumber[0];
    }
    if (!best && f.deadlineType !== null) {
      const citesOther = (d: DeadlineState) => {
        const nums = d.tokens.filter((t) => /^\d+$/.test(t));
        if (nums.length > 0) return f.motionNumber === null || !nums.includes(String(f.motionNumber));
        // A filing "re 61 …" answers a deadline about the same subject, not any deadline of its kind.
        if (f.motionNumber === null) return false;
        const subject = (t: string[]) => t.filter((x) => !FILING_WORDS.has(x) && !ignore.has(x) && partyOf([x]) === null);
        return !subject(f.tokens).some((t) => subject(d.tokens).includes(t));
      };
      const ranked = open
        // An answer meets only an answer deadline, and an answer deadline waits for nothing else.
        .filter((d) => d.deadlineType && d.deadlineType !== 'other' && !kindsConflict(d.deadlineType, f.deadlineType) && (d.deadlineType === 'answer') === (f.deadlineType === 'answer') && partyOk(d) && !citesOther(d))
        .map((d) => ({
          d,
          score: (d.deadlineType === f.deadlineType ? 4 : 0) + (fParty && partyOf(d.tokens) === fParty ? 2 : 0) + conceptSimilarity(f.tokens, d.tokens, ignore),
        }))
        .sort((a, b) => b.score - a.score);
      if (ranked.length && (ranked.length === 1 || ranked[0]!.score > ranked[1]!.score)) best = ranked[0]!.d;
    }
    if (!best) {
      const similar = open.filter((d) => partyOk(d) && conceptSimilarity(f.tokens, d.tokens, ignore) >= 0.99 && d.tokens.filter((t) => f.tokens.includes(t) && !ignore.has(t)).length >= 2);
      if (similar.length === 1) best = similar[0];
    }
    return best;
  }

  filed(f: FiledFinding): void {
    this.current = f.via ?? null;
    const filed = this.ctx.dateFiled;
    // A filing answers a deadline due around when it was filed: not one long passed, not one months away.
    const inWindow = (d: DeadlineState) =>
      d.localDate === null || filed === null || (daysBetween(d.localDate, filed) <= 21 && daysBetween(filed, d.localDate) <= 120);
    const open = this.deadlines.filter((d) => (d.status === 'pending' || d.status === 'passed') && !this.createdHere.has(d.key) && inWindow(d));
    // A deadline already met by another party's filing is met again by this one (a shared deadline).
    const met = this.deadlines.filter((d) => d.status === 'met' && !this.createdHere.has(d.key) && inWindow(d));
    const best = this.filedMatch(f, open) ?? this.filedMatch(f, met);
    if (!best) return;
    this.emit({ type: 'MARK_FILED', deadline_key: best.key, local_date: best.localDate, ...(best.deadlineType ? { deadline_type: best.deadlineType } : {}) });
    this.changeDeadline(best, { status: 'met' });
  }
}
