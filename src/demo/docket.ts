import { addDays, utcToLocal } from '../time/zone.js';

/**
 * A fictional D.D.C. criminal docket for the offline demo, written in CM/ECF clerk style. Dates are
 * relative to `today` (court-local) so the calendar always has past records and upcoming events:
 * arraignment held; a status conference set, reset and held; a motion to suppress briefed (deadlines
 * set, then met); its hearing set and vacated; trial and a pretrial conference set (the conference
 * later reset); a plea to one count with sentencing set; plus noise (indictment, appearance, sealed).
 * Every name in it is invented.
 */

export interface DemoDocument {
  description: string;
  is_available?: boolean;
  is_sealed?: boolean;
}

export interface DemoEntry {
  entry_number: number;
  date_filed: string; // YYYY-MM-DD
  description: string;
  short_description?: string;
  documents?: DemoDocument[];
}

export interface DemoDocket {
  docket: { id: number; court_id: string; docket_number: string; case_name: string };
  entries: DemoEntry[];
}

const COURT_ZONE = 'America/New_York';
const JUDGE = 'Judge Miriam K. Oduya';
const COURTROOM = 'Courtroom 10';

/** M/D/YYYY, as CM/ECF writes dates in docket text. */
function clerkDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return `${m}/${d}/${y}`;
}

export function buildDemoDocket(today: Date): DemoDocket {
  const base = utcToLocal(today, COURT_ZONE).date;
  const day = (offset: number) => addDays(base, offset);
  const on = (offset: number) => clerkDate(day(offset));
  const signed = (offset: number) => `Signed by ${JUDGE} on ${on(offset)}.`;

  const entries: DemoEntry[] = [
    {
      entry_number: 1,
      date_filed: day(-120),
      description: 'INDICTMENT as to ADA QUILL (1) count(s) 1, 2, 3. (zstd)',
      short_description: 'Indictment',
    },
    {
      entry_number: 4,
      date_filed: day(-118),
      description: 'NOTICE OF ATTORNEY APPEARANCE: Ellis M. Hartwell appearing for ADA QUILL (Hartwell, Ellis)',
      short_description: 'Notice of Attorney Appearance - Defendant',
    },
    {
      entry_number: 5,
      date_filed: day(-116),
      description: `Minute Entry for proceedings held before Magistrate Judge Robin T. Vale: Arraignment as to ADA QUILL (1) Count 1,2,3 held on ${on(-116)}. Plea of NOT GUILTY entered by ADA QUILL as to all counts. Bond Status of Defendant: Personal Recognizance. Court Reporter: FTR Gold - Ctrm 7. (zjm)`,
      short_description: 'Arraignment',
    },
    {
      entry_number: 7,
      date_filed: day(-110),
      description: `MINUTE ORDER as to ADA QUILL: Status Conference set for ${on(-80)} at 10:00 AM in ${COURTROOM} before ${JUDGE}. ${signed(-110)} (lcapm1)`,
      short_description: 'Minute Order',
    },
    {
      entry_number: 9,
      date_filed: day(-86),
      description: `ELECTRONIC NOTICE OF RESCHEDULING as to ADA QUILL: Status Conference reset for ${on(-72)} at 2:30 PM in ${COURTROOM} before ${JUDGE}. (zjm)`,
      short_description: 'Notice of Rescheduling',
    },
    {
      entry_number: 11,
      date_filed: day(-72),
      description: `Minute Entry for proceedings held before ${JUDGE}: Status Conference as to ADA QUILL held on ${on(-72)}. Defense counsel requested time to file pretrial motions. Pretrial Motions due by ${on(-58)}. (Court Reporter Lorraine T. Ng) (zjm)`,
      short_description: 'Status Conference',
    },
    {
      entry_number: 14,
      date_filed: day(-58),
      description: 'MOTION to Suppress Evidence by ADA QUILL. (Attachments: # 1 Text of Proposed Order)(Hartwell, Ellis)',
      short_description: 'Motion to Suppress',
      documents: [{ description: 'Main Document', is_available: true }, { description: 'Text of Proposed Order', is_available: true }],
    },
    {
      entry_number: 15,
      date_filed: day(-57),
      description: `Set/Reset Deadlines as to 14 MOTION to Suppress Evidence: Responses due by ${on(-44)}. Replies due by ${on(-37)}. (zjm)`,
      short_description: 'Set/Reset Deadlines',
    },
    {
      entry_number: 16,
      date_filed: day(-44),
      description: 'RESPONSE in Opposition by USA as to ADA QUILL re 14 MOTION to Suppress Evidence (Okafor, Dana)',
      short_description: 'Response in Opposition',
    },
    {
      entry_number: 18,
      date_filed: day(-37),
      description: 'REPLY TO OPPOSITION to Motion by ADA QUILL re 14 MOTION to Suppress Evidence (Hartwell, Ellis)',
      short_description: 'Reply to Opposition',
    },
    {
      entry_number: 19,
      date_filed: day(-35),
      description: `MINUTE ORDER as to ADA QUILL: Motion Hearing set for ${on(-21)} at 10:00 AM in ${COURTROOM} before ${JUDGE} re 14 MOTION to Suppress Evidence. ${signed(-35)} (lcapm1)`,
      short_description: 'Minute Order',
    },
    {
      entry_number: 21,
      date_filed: day(-24),
      description: `MINUTE ORDER as to ADA QUILL: The Motion Hearing set for ${on(-21)} is VACATED. The Court will resolve 14 MOTION to Suppress Evidence on the papers. ${signed(-24)} (lcapm1)`,
      short_description: 'Minute Order',
    },
    {
      entry_number: 22,
      date_filed: day(-20),
      description: `MEMORANDUM OPINION AND ORDER denying 14 Motion to Suppress Evidence as to ADA QUILL (1). ${signed(-20)} (lcapm1)`,
      short_description: 'Memorandum Opinion and Order',
    },
    {
      entry_number: 23,
      date_filed: day(-18),
      description: `SCHEDULING ORDER as to ADA QUILL: Jury Trial set for ${on(45)} at 9:30 AM in ${COURTROOM} before ${JUDGE}. Pretrial Conference set for ${on(30)} at 2:00 PM in ${COURTROOM} before ${JUDGE}. Joint Pretrial Statement due by ${on(20)}. ${signed(-18)} (lcapm1)`,
      short_description: 'Scheduling Order',
    },
    {
      entry_number: 25,
      date_filed: day(-12),
      description: 'SEALED DOCUMENT filed by USA as to ADA QUILL. (This document is SEALED and only available to authorized persons.) (zjm)',
      short_description: 'Sealed Document',
      documents: [{ description: 'Sealed Document', is_available: false, is_sealed: true }],
    },
    {
      entry_number: 26,
      date_filed: day(-8),
      description: `Minute Entry for proceedings held before ${JUDGE}: Plea Agreement Hearing as to ADA QUILL held on ${on(-8)}. Plea entered by ADA QUILL (1) Guilty as to Count 1; Counts 2 and 3 remain for trial. Sentencing set for ${on(100)} at 11:00 AM in ${COURTROOM} before ${JUDGE}. (Court Reporter Lorraine T. Ng) (zjm)`,
      short_description: 'Plea Agreement Hearing',
    },
    {
      entry_number: 27,
      date_filed: day(-3),
      description: `ELECTRONIC NOTICE OF RESCHEDULING as to ADA QUILL: Pretrial Conference reset for ${on(31)} at 10:00 AM in ${COURTROOM} before ${JUDGE}. (zjm)`,
      short_description: 'Notice of Rescheduling',
    },
  ];

  return {
    docket: { id: 4_201_117, court_id: 'dcd', docket_number: '1:25-cr-00417', case_name: 'United States v. Ada Quill' },
    entries,
  };
}
