/** Courts the fake knows without being told: the ones the project's fixtures and demo use, and a few more. */

export interface CourtRecord {
  id: string;
  citation_string: string;
  short_name: string;
  full_name: string;
  /** CourtListener's codes: FD federal district, F federal appellate, FB bankruptcy. */
  jurisdiction: string;
  in_use: boolean;
  url: string;
  start_date: string | null;
  end_date: string | null;
}

export type CourtInput = Pick<CourtRecord, 'id'> & Partial<Omit<CourtRecord, 'id'>>;

type Row = [id: string, citation: string, shortName: string, fullName: string, jurisdiction: string];

const ROWS: Row[] = [
  ['dcd', 'D.D.C.', 'District of Columbia', 'District Court, District of Columbia', 'FD'],
  ['mad', 'D. Mass.', 'D. Massachusetts', 'District Court, D. Massachusetts', 'FD'],
  ['nysd', 'S.D.N.Y.', 'S.D. New York', 'District Court, S.D. New York', 'FD'],
  ['nyed', 'E.D.N.Y.', 'E.D. New York', 'District Court, E.D. New York', 'FD'],
  ['cand', 'N.D. Cal.', 'N.D. California', 'District Court, N.D. California', 'FD'],
  ['cacd', 'C.D. Cal.', 'C.D. California', 'District Court, C.D. California', 'FD'],
  ['ilnd', 'N.D. Ill.', 'N.D. Illinois', 'District Court, N.D. Illinois', 'FD'],
  ['txsd', 'S.D. Tex.', 'S.D. Texas', 'District Court, S.D. Texas', 'FD'],
  ['almd', 'M.D. Ala.', 'M.D. Alabama', 'District Court, M.D. Alabama', 'FD'],
  ['njd', 'D.N.J.', 'D. New Jersey', 'District Court, D. New Jersey', 'FD'],
  ['flsd', 'S.D. Fla.', 'S.D. Florida', 'District Court, S.D. Florida', 'FD'],
  ['vaed', 'E.D. Va.', 'E.D. Virginia', 'District Court, E.D. Virginia', 'FD'],
  ['azd', 'D. Ariz.', 'D. Arizona', 'District Court, D. Arizona', 'FD'],
  ['cod', 'D. Colo.', 'D. Colorado', 'District Court, D. Colorado', 'FD'],
  ['hid', 'D. Haw.', 'D. Hawaii', 'District Court, D. Hawaii', 'FD'],
  ['akd', 'D. Alaska', 'D. Alaska', 'District Court, D. Alaska', 'FD'],
  ['ca2', '2d Cir.', 'Second Circuit', 'Court of Appeals for the Second Circuit', 'F'],
  ['ca9', '9th Cir.', 'Ninth Circuit', 'Court of Appeals for the Ninth Circuit', 'F'],
  ['cadc', 'D.C. Cir.', 'D.C. Circuit', 'Court of Appeals for the D.C. Circuit', 'F'],
  ['nysb', 'Bankr. S.D.N.Y.', 'S.D. New York', 'United States Bankruptcy Court, S.D. New York', 'FB'],
];

export function builtInCourts(): CourtRecord[] {
  return ROWS.map(([id, citation_string, short_name, full_name, jurisdiction]) => ({
    id,
    citation_string,
    short_name,
    full_name,
    jurisdiction,
    in_use: true,
    url: `https://www.${id}.uscourts.gov/`,
    start_date: null,
    end_date: null,
  }));
}

export function courtFromInput(input: CourtInput): CourtRecord {
  return {
    id: input.id,
    citation_string: input.citation_string ?? input.id.toUpperCase(),
    short_name: input.short_name ?? input.id,
    full_name: input.full_name ?? input.short_name ?? input.id,
    jurisdiction: input.jurisdiction ?? 'FD',
    in_use: input.in_use ?? true,
    url: input.url ?? '',
    start_date: input.start_date ?? null,
    end_date: input.end_date ?? null,
  };
}
