/**
 * CourtListener court id → IANA time zone. CourtListener publishes no time zone per court, so the
 * table is static; districts spanning several zones use the zone of the principal office.
 */

export const DEFAULT_COURT_TIME_ZONE = 'America/New_York';

// One string per zone keeps the table readable and easy to diff against the spec.
const COURTS_BY_ZONE: Readonly<Record<string, string>> = {
  'America/New_York':
    'scotus ca1 ca2 ca3 ca4 ca6 ca11 cadc cafc ctd ded dcd flmd flsd gand gamd gasd innd insd kyed kywd med mdd mad ' +
    'mied miwd nhd njd nyed nynd nysd nywd nced ncmd ncwd ohnd ohsd paed pamd pawd rid scd tned vtd vaed vawd wvnd ' +
    'wvsd ctb deb dcb flmb flsb ganb gamb gasb innb insb kyeb kywb meb mdb mab mieb miwb nhb njb nyeb nynb nysb nywb ' +
    'nceb ncmb ncwb ohnb ohsb paeb pamb pawb rib scb tneb vtb vaeb vawb wvnb wvsb bap1 bap2 bap6 bapma bapme tax ' +
    'uscfc cit cavc fisc fiscr asbca bia bva jpml mspb olc ttab armfor acca afcca nmcca uscgcoca mc',
  'America/Chicago':
    'ca5 ca7 ca8 alnd almd alsd ared arwd flnd ilnd ilcd ilsd iand iasd ksd laed lamd lawd mnd msnd mssd moed mowd ' +
    'ned ndd oked oknd okwd sdd tnmd tnwd txed txnd txsd txwd wied wiwd alnb almb alsb areb arwb flnb ilnb ilcb ilsb ' +
    'ianb iasb ksb laeb lamb lawb mnb msnb mssb moeb mowb nebraskab ndb okeb oknb okwb sdb tnmb tnwb txeb txnb txsb ' +
    'txwb wieb wiwb bap8',
  'America/Los_Angeles': 'ca9 cand cacd caed casd nvd ord waed wawd canb cacb caeb casb nvb orb waeb wawb bap9',
  'America/Denver': 'ca10 cod idd mtd nmd utd wyd cob idb mtb nmb utb wyb bap10',
  'America/Phoenix': 'azd arb',
  'America/Anchorage': 'akd akb',
  'Pacific/Honolulu': 'hid hib',
  'America/Puerto_Rico': 'prd prb',
  'America/St_Thomas': 'vid vib',
  'Pacific/Guam': 'gud nmid gub nmib',
  'Pacific/Pago_Pago': 'asd',
};

export const COURT_TIME_ZONES: ReadonlyMap<string, string> = new Map(
  Object.entries(COURTS_BY_ZONE).flatMap(([zone, ids]) => ids.split(/\s+/).map((id) => [id, zone] as const)),
);

/** Zone of a court; unknown or missing ids fall back to New York with `known: false` so callers can warn. */
export function courtTimeZone(courtId: string | null | undefined): { zone: string; known: boolean } {
  const zone = courtId ? COURT_TIME_ZONES.get(courtId.trim().toLowerCase()) : undefined;
  return zone ? { zone, known: true } : { zone: DEFAULT_COURT_TIME_ZONE, known: false };
}
