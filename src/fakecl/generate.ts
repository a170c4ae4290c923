/**
 * Synthetic CM/ECF-style dockets for benchmarks and the demo: mostly noise (appearances, sealing
 * motions, exhibits, certificates) with about one entry in ten that sets, resets or vacates a
 * hearing or a deadline. Deterministic for a seed: the same options give the same texts, numbers
 * and filing dates (timestamps come from the fake's clock).
 */
import type { DocketInput, EntryInput, EntryView, RecapDocumentInput } from './model.js';

export interface SyntheticDocketOptions {
  docketId: number;
  courtId: string;
  entries: number;
  seed?: number;
  /** YYYY-MM-DD. Filings run up to this date; every date the settings name falls after it. Default 2026-03-02. */
  baseDate?: string;
  /** Share of entries that schedule something. Default 0.1. */
  settingShare?: number;
  caseName?: string;
  docketNumber?: string;
}

export interface SyntheticDocketResult {
  docketId: number;
  /** Ids of the added entries, in filing order. */
  entryIds: number[];
  /** Ids of the entries that set, reset or vacate a hearing or deadline. */
  settingEntryIds: number[];
}

/** What the generator needs from a fake (FakeCourtListener and FakeData both fit). */
export interface SyntheticTarget {
  getDocket(id: number): unknown;
  addDocket(input: DocketInput): unknown;
  addEntry(docketId: number, input: EntryInput): EntryView;
}

/** mulberry32: tiny, fast, and good enough to vary clerk texts. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY_MS = 86_400_000;

function toEpochDay(date: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`baseDate must be YYYY-MM-DD, got ${JSON.stringify(date)}`);
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Math.floor(Date.UTC(y, m - 1, d) / DAY_MS);
}

const isoOf = (epochDay: number) => new Date(epochDay * DAY_MS).toISOString().slice(0, 10);
const weekdayOf = (epochDay: number) => new Date(epochDay * DAY_MS).getUTCDay();

/** CM/ECF writes dates as M/D/YYYY. */
function usDate(epochDay: number): string {
  const d = new Date(epochDay * DAY_MS);
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()}`;
}

const JUDGES = ['Amelia R. Castillo', 'Theodore K. Brandt', 'Maren L. Okafor', 'Desmond P. Whitlock', 'Ruth A. Feldstein'];
const MAGISTRATES = ['Priya N. Raman', 'Calvin J. Osei', 'Helena M. Varga', 'Jonah T. Lindqvist'];
const REPORTERS = ['Dana Pruitt', 'Luis Ocampo', 'Margaret Heller', 'Samir Qureshi'];
const SURNAMES = ['Halvorsen', 'Mbeki', 'Delacroix', 'Nakamura', 'Petrov', 'Abernathy', 'Quintero', 'Osterberg', 'Falconi', 'Whitcombe', 'Adeyemi', 'Lindgren'];
const GIVEN = ['Marcus', 'Elena', 'Tobias', 'Ingrid', 'Rafael', 'Noor', 'Graham', 'Sofia', 'Declan', 'Yuki', 'Beatrix', 'Omar'];

interface Cast {
  judge: string;
  magistrate: string;
  defendants: string[];
  attorneys: string[];
}

interface Draft {
  description: string;
  short: string;
  numbered: boolean;
  setting: boolean;
  attachments?: string[];
  sealed?: boolean;
}

/** Everything one entry's text may draw on. */
class Scene {
  constructor(
    readonly rand: () => number,
    readonly cast: Cast,
    readonly baseDay: number,
    readonly filedDay: number,
    readonly earlierNumbers: number[],
  ) {}

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.rand() * items.length)]!;
  }

  int(lo: number, hi: number): number {
    return lo + Math.floor(this.rand() * (hi - lo + 1));
  }

  /** A weekday after the base date, so every setting is still ahead on the calendar. */
  futureDay(minDays = 3, maxDays = 240): number {
    let day = this.baseDay + this.int(minDays, maxDays);
    while (weekdayOf(day) === 0 || weekdayOf(day) === 6) day++;
    return day;
  }

  futureDate(minDays?: number, maxDays?: number): string {
    return usDate(this.futureDay(minDays, maxDays));
  }

  time(): string {
    const hour = this.int(9, 16);
    const minute = this.pick(['00', '00', '30', '15']);
    const h12 = hour > 12 ? hour - 12 : hour;
    return `${String(h12).padStart(2, '0')}:${minute} ${hour >= 12 ? 'PM' : 'AM'}`;
  }

  courtroom(): string {
    return this.pick(['4', '12A', '7', '20C', '3B', '15']);
  }

  defendant(): string {
    return this.pick(this.cast.defendants);
  }

  attorney(): string {
    return this.pick(this.cast.attorneys);
  }

  /** "(Lastname, First)": the filer tag CM/ECF appends to attorney filings. */
  filer(): string {
    const [first, ...rest] = this.attorney().split(' ');
    return `(${rest.join(' ')}, ${first})`;
  }

  clerk(): string {
    return `(${String.fromCharCode(97 + this.int(0, 25), 97 + this.int(0, 25), 97 + this.int(0, 25))})`;
  }

  ref(): string {
    return this.earlierNumbers.length ? `[${this.pick(this.earlierNumbers)}] ` : '';
  }

  party(): string {
    return this.rand() < 0.4 ? 'USA' : this.defendant();
  }

  filedUs(): string {
    return usDate(this.filedDay);
  }
}

type Template = (s: Scene) => Draft;

const SETTINGS: Template[] = [
  (s) => ({
    description: `Sentencing set for ${s.futureDate(30)} ${s.time()} in Courtroom ${s.courtroom()} before Judge ${s.cast.judge}. ${s.clerk()}`,
    short: 'Set Hearings',
    numbered: false,
    setting: true,
  }),
  (s) => ({
    description: `Set/Reset Hearings as to ${s.defendant()}: Status Conference set for ${s.futureDate()} ${s.time()} in Courtroom ${s.courtroom()} before Judge ${s.cast.judge}. ${s.clerk()}`,
    short: 'Set/Reset Hearings',
    numbered: false,
    setting: true,
  }),
  (s) => {
    const first = s.futureDay(7, 120);
    return {
      description: `Set/Reset Deadlines: Responses due by ${usDate(first)}. Replies due by ${usDate(first + 14)}. ${s.clerk()}`,
      short: 'Set/Reset Deadlines',
      numbered: false,
      setting: true,
    };
  },
  (s) => ({
    description: `ORDER granting ${s.ref()}Motion to Continue as to ${s.defendant()}. Jury Trial reset for ${s.futureDate(60)} ${s.time()} in Courtroom ${s.courtroom()} before Judge ${s.cast.judge}. Signed by Judge ${s.cast.judge} on ${s.filedUs()}. ${s.clerk()}`,
    short: 'Order on Motion to Continue',
    numbered: true,
    setting: true,
  }),
  (s) => ({
    description: `Minute Entry for proceedings held before Judge ${s.cast.judge}: Status Conference as to ${s.defendant()} held on ${s.filedUs()}. Motion Hearing set for ${s.futureDate()} ${s.time()} in Courtroom ${s.courtroom()}. (Court Reporter ${s.pick(REPORTERS)}.) ${s.clerk()}`,
    short: 'Status Conference',
    numbered: false,
    setting: true,
  }),
  (s) => ({
    description: `NOTICE OF HEARING as to ${s.defendant()}: Motion Hearing set for ${s.futureDate()} ${s.time()} by telephone before Magistrate Judge ${s.cast.magistrate}. Dial-in 888-555-0${s.int(100, 199)}, access code ${s.int(1000000, 9999999)}. ${s.clerk()}`,
    short: 'Notice of Hearing',
    numbered: false,
    setting: true,
  }),
  (s) => {
    const first = s.futureDay(14, 90);
    return {
      description: `SCHEDULING ORDER as to ${s.defendant()}: Motions in limine due by ${usDate(first)}. Joint pretrial statement due by ${usDate(first + 21)}. Pretrial Conference set for ${usDate(first + 35)} ${s.time()} in Courtroom ${s.courtroom()}. Signed by Judge ${s.cast.judge} on ${s.filedUs()}. ${s.clerk()}`,
      short: 'Scheduling Order',
      numbered: true,
      setting: true,
    };
  },
  (s) => ({
    description: `Set/Reset Hearings as to ${s.defendant()}: Change of Plea Hearing set for ${s.futureDate()} ${s.time()} in Courtroom ${s.courtroom()} before Judge ${s.cast.judge}. ${s.clerk()}`,
    short: 'Set/Reset Hearings',
    numbered: false,
    setting: true,
  }),
  (s) => {
    const old = s.futureDay(10, 60);
    return {
      description: `ORDER as to ${s.defendant()}: The Sentencing set for ${usDate(old)} is VACATED and RESET for ${usDate(old + s.int(14, 45))} ${s.time()} in Courtroom ${s.courtroom()} before Judge ${s.cast.judge}. Signed by Judge ${s.cast.judge} on ${s.filedUs()}. ${s.clerk()}`,
      short: 'Order',
      numbered: true,
      setting: true,
    };
  },
];

const NOISE: Template[] = [
  (s) => ({
    description: `NOTICE OF ATTORNEY APPEARANCE: ${s.attorney()} appearing for ${s.party()}. ${s.filer()}`,
    short: 'Notice of Appearance',
    numbered: true,
    setting: false,
  }),
  (s) => ({
    description: `MOTION to Seal Document by ${s.party()}. (Attachments: # 1 Text of Proposed Order)${s.filer()}`,
    short: 'Motion to Seal',
    numbered: true,
    setting: false,
    attachments: ['Text of Proposed Order'],
  }),
  (s) => ({
    description: `EXHIBIT ${s.int(1, 40)} to ${s.ref()}Declaration by ${s.party()}. (Attachments: # 1 Exhibit A, # 2 Exhibit B, # 3 Exhibit C)${s.filer()}`,
    short: 'Exhibit',
    numbered: true,
    setting: false,
    attachments: ['Exhibit A', 'Exhibit B', 'Exhibit C'],
  }),
  (s) => ({
    description: `MEMORANDUM in Opposition by ${s.party()} re ${s.ref()}MOTION to Dismiss. ${s.filer()}`,
    short: 'Memorandum in Opposition to Motion',
    numbered: true,
    setting: false,
  }),
  (s) => ({
    description: `CERTIFICATE OF SERVICE by ${s.party()} re ${s.ref()}Memorandum. ${s.filer()}`,
    short: 'Certificate of Service',
    numbered: true,
    setting: false,
  }),
  (s) => ({
    description: `ORDER granting ${s.ref()}Motion to Seal Document as to ${s.defendant()}. Signed by Judge ${s.cast.judge} on ${s.filedUs()}. ${s.clerk()}`,
    short: 'Order on Motion to Seal',
    numbered: true,
    setting: false,
  }),
  (s) => ({
    description: `TRANSCRIPT of Status Conference Proceedings as to ${s.defendant()} before Judge ${s.cast.judge}. Court Reporter ${s.pick(REPORTERS)}. Number of pages: ${s.int(12, 180)}. ${s.clerk()}`,
    short: 'Transcript',
    numbered: true,
    setting: false,
  }),
  (s) => ({
    description: `SEALED DOCUMENT placed in vault. ${s.clerk()}`,
    short: 'Sealed Document',
    numbered: true,
    setting: false,
    sealed: true,
  }),
  (s) => ({
    description: `LETTER MOTION addressed to Judge ${s.cast.judge} from ${s.attorney()} regarding a discovery dispute. ${s.filer()}`,
    short: 'Letter Motion',
    numbered: true,
    setting: false,
  }),
  (s) => ({
    description: `NOTICE of Change of Address by ${s.attorney()}. ${s.filer()}`,
    short: 'Notice of Change of Address',
    numbered: true,
    setting: false,
  }),
  (s) => ({
    description: `Pro Hac Vice fee paid: $ 200, receipt number A${s.int(100000000, 999999999)}. ${s.clerk()}`,
    short: 'Pro Hac Vice Fee Paid',
    numbered: false,
    setting: false,
  }),
  (s) => ({
    description: `MOTION for Leave to File Excess Pages by ${s.party()}. ${s.filer()}`,
    short: 'Motion for Leave to File Excess Pages',
    numbered: true,
    setting: false,
  }),
  (s) => ({
    description: `DECLARATION of ${s.attorney()} in Support re ${s.ref()}Motion. (Attachments: # 1 Exhibit 1, # 2 Exhibit 2)${s.filer()}`,
    short: 'Declaration in Support of Motion',
    numbered: true,
    setting: false,
    attachments: ['Exhibit 1', 'Exhibit 2'],
  }),
  (s) => ({
    description: `NOTICE of Filing of Discovery Material by ${s.party()}. ${s.filer()}`,
    short: 'Notice (Other)',
    numbered: true,
    setting: false,
  }),
];

function castFor(rand: () => number): Cast {
  const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)]!;
  const person = () => `${pick(GIVEN)} ${pick(SURNAMES)}`;
  return {
    judge: pick(JUDGES),
    magistrate: pick(MAGISTRATES),
    defendants: [person(), person(), person()],
    attorneys: Array.from({ length: 8 }, person),
  };
}

function documentsFor(draft: Draft, entryNumber: number, rand: () => number): RecapDocumentInput[] {
  const available = !draft.sealed && rand() < 0.3;
  const main: RecapDocumentInput = {
    document_number: String(entryNumber),
    description: draft.short,
    is_available: available,
    is_sealed: draft.sealed ?? false,
    plain_text: available ? draft.description : '',
  };
  const attachments = (draft.attachments ?? []).map(
    (description, i): RecapDocumentInput => ({
      document_number: String(entryNumber),
      attachment_number: i + 1,
      description,
      is_available: available && rand() < 0.5,
    }),
  );
  return [main, ...attachments];
}

/**
 * Adds `entries` synthetic entries to a docket (created first when missing). Filing dates run up
 * to `baseDate` over a span that grows with the count (at most three years, weekdays only).
 */
export function populateSyntheticDocket(fake: SyntheticTarget, opts: SyntheticDocketOptions): SyntheticDocketResult {
  const count = Math.max(0, Math.floor(opts.entries));
  const rand = seededRandom(opts.seed ?? 1);
  const baseDay = toEpochDay(opts.baseDate ?? '2026-03-02');
  const settingShare = opts.settingShare ?? 0.1;
  const cast = castFor(rand);
  const spanDays = Math.min(1095, Math.max(30, Math.ceil(count / 4)));
  // Drawn even when the docket exists, so entry texts do not depend on whether it did.
  const docketSerial = String(100 + Math.floor(rand() * 900)).padStart(5, '0');

  if (!fake.getDocket(opts.docketId)) {
    const lead = cast.defendants[0]!.split(' ').slice(1).join(' ');
    fake.addDocket({
      id: opts.docketId,
      court_id: opts.courtId,
      docket_number: opts.docketNumber ?? `1:25-cr-${docketSerial}`,
      case_name: opts.caseName ?? `United States v. ${lead}`,
      assigned_to_str: cast.judge,
      referred_to_str: cast.magistrate,
      date_filed: isoOf(baseDay - spanDays - 1),
    });
  }

  const numbers: number[] = [];
  const entryIds: number[] = [];
  const settingEntryIds: number[] = [];
  let nextNumber = 1;
  for (let i = 0; i < count; i++) {
    let filedDay = baseDay - spanDays + Math.floor(((i + 1) * spanDays) / count);
    // Clerks do not docket on weekends: move back to the Friday before.
    const weekday = weekdayOf(filedDay);
    if (weekday === 6) filedDay -= 1;
    else if (weekday === 0) filedDay -= 2;

    const scene = new Scene(rand, cast, baseDay, filedDay, numbers.length > 50 ? numbers.slice(-50) : numbers);
    const templates = rand() < settingShare ? SETTINGS : NOISE;
    const draft = templates[Math.floor(rand() * templates.length)]!(scene);
    const entryNumber = draft.numbered ? nextNumber++ : null;
    const input: EntryInput = {
      entry_number: entryNumber,
      date_filed: isoOf(filedDay),
      description: draft.description,
      short_description: draft.short,
      recap_documents: entryNumber === null ? [] : documentsFor(draft, entryNumber, rand),
    };
    const entry = fake.addEntry(opts.docketId, input);
    entryIds.push(entry.id);
    if (draft.setting) settingEntryIds.push(entry.id);
    if (entryNumber !== null) numbers.push(entryNumber);
  }
  return { docketId: opts.docketId, entryIds, settingEntryIds };
}
