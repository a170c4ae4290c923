/**
 * JSON bodies in CourtListener's v4 shapes. Related objects are absolute URLs built from the
 * request's origin, as DRF's HyperlinkedRelatedField does.
 */
import type { CourtRecord } from './courts.js';
import type { DocketAlertView, DocketView, EntryView, RecapDocumentView } from './model.js';

export const API_BASE = '/api/rest/v4/';

export const apiUrl = (origin: string, path: string) => `${origin}${API_BASE}${path}`;

export function renderDocket(d: DocketView, origin: string): Record<string, unknown> {
  return {
    resource_uri: apiUrl(origin, `dockets/${d.id}/`),
    id: d.id,
    court: apiUrl(origin, `courts/${d.court_id}/`),
    court_id: d.court_id,
    original_court_info: null,
    idb_data: null,
    clusters: [],
    audio_files: [],
    assigned_to: null,
    referred_to: null,
    absolute_url: `/docket/${d.id}/${d.slug}/`,
    date_created: d.date_created,
    date_modified: d.date_modified,
    source: 1,
    appeal_from_str: '',
    assigned_to_str: d.assigned_to_str,
    referred_to_str: d.referred_to_str,
    panel_str: '',
    date_last_index: null,
    date_cert_granted: null,
    date_cert_denied: null,
    date_argued: null,
    date_reargued: null,
    date_reargument_denied: null,
    date_filed: d.date_filed,
    date_terminated: d.date_terminated,
    date_last_filing: d.date_last_filing,
    case_name_short: d.case_name_short,
    case_name: d.case_name,
    case_name_full: '',
    slug: d.slug,
    docket_number: d.docket_number,
    docket_number_core: '',
    pacer_case_id: d.pacer_case_id,
    cause: d.cause,
    nature_of_suit: d.nature_of_suit,
    jury_demand: '',
    jurisdiction_type: '',
    appellate_fee_status: '',
    appellate_case_type_information: '',
    mdl_status: '',
    filepath_ia: '',
    filepath_ia_json: '',
    ia_upload_failure_count: null,
    ia_needs_upload: null,
    ia_date_first_change: null,
    date_blocked: null,
    blocked: false,
    appeal_from: null,
    tags: [],
    panel: [],
  };
}

export function renderDocument(doc: RecapDocumentView, origin: string): Record<string, unknown> {
  return {
    resource_uri: apiUrl(origin, `recap-documents/${doc.id}/`),
    id: doc.id,
    docket_entry: apiUrl(origin, `docket-entries/${doc.docket_entry}/`),
    tags: [],
    date_created: doc.date_created,
    date_modified: doc.date_modified,
    date_upload: doc.is_available ? doc.date_modified : null,
    document_type: doc.document_type,
    document_number: doc.document_number,
    attachment_number: doc.attachment_number,
    pacer_doc_id: doc.pacer_doc_id,
    is_available: doc.is_available,
    is_free_on_pacer: null,
    is_sealed: doc.is_sealed,
    sha1: '',
    page_count: doc.page_count,
    file_size: null,
    filepath_local: doc.filepath_local,
    filepath_ia: doc.filepath_ia,
    ia_upload_failure_count: null,
    thumbnail: null,
    thumbnail_status: 0,
    plain_text: doc.plain_text,
    ocr_status: null,
    description: doc.description,
    acms_document_guid: '',
  };
}

/** Nested in an entry, a document carries no back-link to the entry (it is the parent). */
function renderNestedDocument(doc: RecapDocumentView, origin: string): Record<string, unknown> {
  const { docket_entry: _parent, ...rest } = renderDocument(doc, origin);
  return rest;
}

export function renderEntry(e: EntryView, origin: string): Record<string, unknown> {
  return {
    resource_uri: apiUrl(origin, `docket-entries/${e.id}/`),
    id: e.id,
    docket: apiUrl(origin, `dockets/${e.docket}/`),
    recap_documents: e.recap_documents.map((d) => renderNestedDocument(d, origin)),
    tags: [],
    date_created: e.date_created,
    date_modified: e.date_modified,
    date_filed: e.date_filed,
    time_filed: null,
    entry_number: e.entry_number,
    recap_sequence_number: e.recap_sequence_number,
    pacer_sequence_number: null,
    description: e.description,
    short_description: e.short_description,
  };
}

export function renderCourt(c: CourtRecord, origin: string): Record<string, unknown> {
  return {
    resource_uri: apiUrl(origin, `courts/${c.id}/`),
    id: c.id,
    pacer_court_id: null,
    pacer_has_rss_feed: null,
    pacer_rss_entry_types: '',
    date_last_pacer_contact: null,
    fjc_court_id: '',
    date_modified: '2025-01-06T09:00:00.000000-08:00',
    in_use: c.in_use,
    has_opinion_scraper: false,
    has_oral_argument_scraper: false,
    position: 0,
    citation_string: c.citation_string,
    short_name: c.short_name,
    full_name: c.full_name,
    url: c.url,
    start_date: c.start_date,
    end_date: c.end_date,
    jurisdiction: c.jurisdiction,
  };
}

export function renderAlert(a: DocketAlertView): Record<string, unknown> {
  return { ...a };
}
