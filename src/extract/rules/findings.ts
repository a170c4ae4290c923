import type { DeadlineType, Significance } from '../actions.js';
import type { EventSpec } from './events.js';

/**
 * What the matchers read in an entry, before it is checked against the case's known rows. The
 * resolver turns findings into actions (ADD vs RESCHEDULE, which key, which old date).
 */

export interface EntryContext {
  /** Cleaned full text (footers stripped). */
  text: string;
  dateFiled: string | null;
  entryNumber: number | null;
  defendant: string | null;
  surname: string | null;
  multiDefendant: boolean;
  /** The entry is a party's filing (motion, letter, brief …), not a court or clerk entry. */
  partyFiling: boolean;
  /** The entry is a motion or notice of motion: only its own hearing auto-text counts. */
  motionFiling: boolean;
  /** The entry says in its heading that it resets or continues a setting. */
  resetNotice: boolean;
  /** The entry extends or resets deadlines (extension order, "now due", "Resetting briefing schedule"). */
  extensionNotice: boolean;
  /** Date a minute entry says its proceedings were held on. */
  minuteDate: string | null;
  /** The entry is a transcript of proceedings. */
  transcript: boolean;
  /** "All deadlines and hearings are VACATED": which kinds of upcoming rows the entry takes off. */
  blanketVacatur: { hearings: boolean; deadlines: boolean } | null;
  /** Motion numbers the whole entry cites, in order. */
  motionNumbers: number[];
  /** Every docket number the entry cites (scheduling motions and related documents too). */
  referencedNumbers: number[];
  /** "Hearing Rescheduled from 12/14/2005": the date a setting in this entry replaces. */
  rescheduledFrom: string | null;
  motionLabels: Map<number, string>;
}

export type HearingOp = 'set' | 'reset' | 'cancel' | 'held';

/** Where a finding came from, for `extract --explain`: the recogniser and the clause it read. */
export interface Via {
  recogniser: string;
  clause: string;
}

export interface HearingFinding {
  via?: Via;
  kind: 'hearing';
  op: HearingOp;
  spec: EventSpec;
  /** New date for set/reset; held date for held; the stated old date for cancel. */
  date: string | null;
  time: string | null;
  /** The date being replaced, when a reset states it ("set for 8/26/14 is RESET to …"). */
  oldDate: string | null;
  location: string | null;
  judge: string | null;
  dialIn?: string | null;
  motionNumber: number | null;
  significance: Significance;
  /** Whether a generic word ("hearing", "conference") may create a row on its own. */
  mayCreate: boolean;
  /** Binds only to a known row of a matter the entry cites (never to whatever else is that day). */
  citedOnly?: boolean;
  /** The next setting of a proceeding held in the same entry ("held and continued to …"): a new row. */
  afterHeld?: boolean;
  /** Binds only to a row of its own motion number (a movant's notice never moves another motion's row). */
  motionOnly?: boolean;
  /** A cancellation of every row of its kind on that date ("The 12/15 Notice of Motion date is stricken"). */
  allOnDate?: boolean;
  /** Day N of a trial set over a list of days ("August 22, 23, and 24"): its own row, key "<trial>-day-N". */
  day?: number;
  order: number;
}

export interface DeadlineFinding {
  via?: Via;
  kind: 'deadline';
  op: 'due' | 'cancel';
  key: string;
  title: string;
  tokens: string[];
  deadlineType: DeadlineType;
  significance: Significance;
  date: string | null;
  time: string | null;
  conditional: boolean;
  notes: string | null;
  /** The text moves an existing deadline (extension granted, schedule reset). */
  extension: boolean;
  order: number;
}

export interface FiledFinding {
  via?: Via;
  kind: 'filed';
  tokens: string[];
  deadlineType: DeadlineType | null;
  motionNumber: number | null;
  order: number;
}

export type Finding = HearingFinding | DeadlineFinding | FiledFinding;
