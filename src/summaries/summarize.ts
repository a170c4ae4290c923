import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { CaseConfig, Config } from '../config/types.js';
import type { CourtListenerClient } from '../courtlistener/client.js';
import type { DocketEntry, RecapDocument } from '../courtlistener/types.js';
import type { UsageLedger } from '../extract/llm/ledger.js';
import { LlmError, type LlmProvider } from '../extract/llm/types.js';
import { documentText, fetchUrlText } from '../pdf/document-text.js';
import type { Store } from '../store/store.js';
import type { EntryRow } from '../store/types.js';
import { entryIsPrimary, entryIsStrictDisposition, isPrimary, isStrictDisposition } from './classify.js';
import { REFUSAL_SENTENCE, runGuards, type GuardContext } from './guards.js';
import { resolveDocLinks } from './links.js';
import { stripFences, SUMMARY_SYSTEM, summaryUserMessage, type PromptDocument } from './prompt.js';
import { summaryMaxTokens } from './provider.js';

/**
 * Case summaries (spec summaries §1–§6): for each logical docket of a case whose summary is missing
 * or stale, pick the charging document and the dispositions from the stored entries, fetch their
 * text, ask the model, check the draft with the guards, resolve its links, and store it.
 */

export const FIXED = {
  sealed: 'The charging documents for this docket are currently sealed.',
  notOnRecap: 'The primary documents for this docket are not yet available on RECAP.',
  unreadable: 'The primary documents for this docket could not be read.',
  tooLarge: 'The documents for this docket are too large to summarize.',
} as const;

const STORAGE_ORIGIN = 'https://storage.courtlistener.com';
const MAX_PRIMARIES = 4; // the newest: a superseding indictment replaces the ones before it
const MAX_DISPOSITIONS = 8;

export interface SummaryDeps {
  store: Store;
  config: Config;
  client: CourtListenerClient | null; // null: only fixed messages can be written
  provider: LlmProvider | null;
  ledger?: UsageLedger | null;
  log: Logger;
  now?: () => Date;
  storageBaseUrl?: string;
  /** For tests: how long to wait between download retries. */
  sleep?: (ms: number) => Promise<void>;
}

export interface SummaryResult {
  caseId: string;
  docketNumber: string;
  courtId: string;
  written: boolean;
  chars: number;
  model: string | null;
  documents: number; // documents whose text went into the prompt
  requests: number; // CourtListener API requests + document downloads
  guardRetries: number;
  guardHits: { truthfulness: number; grounding: number; forfeiture: number; staleEvents: number };
  error: string | null;
  /** Why nothing was written though nothing failed (no model configured): the row stays stale. */
  skipped?: string;
}

interface Group {
  caseId: string;
  docketNumber: string;
  courtId: string;
  docketIds: number[];
  caption: string | null;
  citation: string | null;
}

/** The case's dockets, pooled by (docket number, court): split dockets are one PACER docket. */
export function docketGroups(store: Store, kase: CaseConfig): Group[] {
  const groups = new Map<string, Group>();
  for (const id of kase.dockets) {
    const d = store.getDocket(id);
    if (!d) continue;
    const docketNumber = d.docketNumber ?? `docket ${id}`;
    const courtId = d.courtId ?? 'unknown';
    const key = `${docketNumber}\u0000${courtId}`;
    const g = groups.get(key) ?? { caseId: kase.id, docketNumber, courtId, docketIds: [], caption: d.caseName, citation: d.courtId ? (store.getCourt(d.courtId)?.citationString ?? null) : null };
    g.docketIds.push(id);
    groups.set(key, g);
  }
  return [...groups.values()];
}

/** One copy per PACER entry number (else date + text), preferring the copy whose documents have text. */
function pooled(entries: EntryRow[]): EntryRow[] {
  const byKey = new Map<string, EntryRow>();
  for (const e of entries) {
    const key = e.entryNumber !== null ? `#${e.entryNumber}` : `${e.dateFiled}\u0000${(e.description ?? '').slice(0, 200)}`;
    const prev = byKey.get(key);
    if (!prev || (!prev.documents.some((d) => d.hasText) && e.documents.some((d) => d.hasText))) byKey.set(key, e);
  }
  return [...byKey.values()];
}

const normalized = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();
const digestOf = (s: string) => createHash('sha256').update(normalized(s)).digest('hex');
const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

interface Fetched {
  entry: EntryRow;
  docs: Array<{ text: string; url: string | null; description: string }>;
  sealed: boolean;
  noUrl: boolean;
}

function documentUrl(d: RecapDocument, storage: string): string | null {
  if (d.is_sealed) return null;
  if (d.filepath_local) return `${storage.replace(/\/+$/, '')}/${d.filepath_local.replace(/^\/+/, '')}`;
  return d.filepath_ia || null;
}

/** The documents of an entry to read: those that are themselves the filing, else the main ones, else attachments. */
function documentTiers(docs: RecapDocument[], kind: 'primary' | 'disposition'): RecapDocument[][] {
  const own = docs.filter((d) => (kind === 'primary' ? isPrimary(d.description) : isStrictDisposition(d.description)));
  const main = docs.filter((d) => !d.attachment_number);
  const attachments = docs.filter((d) => Boolean(d.attachment_number));
  return [own, main, attachments].filter((t) => t.length > 0);
}

export class Summarizer {
  private requests = 0;

  constructor(private readonly deps: SummaryDeps) {}

  /** COURTLISTENER_STORAGE_BASE_URL serves a mirror or a test double, as COURTLISTENER_BASE_URL does for the API. */
  private get storage(): string {
    return this.deps.storageBaseUrl ?? (process.env.COURTLISTENER_STORAGE_BASE_URL?.trim() || STORAGE_ORIGIN);
  }

  /** Reads an entry's documents from CourtListener, first tier with text wins. */
  private async fetchEntry(entry: EntryRow, kind: 'primary' | 'disposition'): Promise<Fetched> {
    const out: Fetched = { entry, docs: [], sealed: false, noUrl: false };
    if (!this.deps.client) return out;
    let raw: DocketEntry;
    this.requests++;
    try {
      raw = await this.deps.client.getDocketEntry(entry.entryId);
    } catch (err) {
      this.deps.log.warn({ docketId: entry.docketId, entryId: entry.entryId, err: (err as Error).message }, 'summary: could not fetch an entry; read without it');
      return out;
    }
    const docs = raw.recap_documents ?? [];
    out.sealed = docs.length > 0 && docs.every((d) => d.is_sealed);
    out.noUrl = docs.every((d) => !d.filepath_local && !d.filepath_ia && !(d.plain_text ?? '').trim());
    const verdictForm = /\bverdict\s+form\b/i.test(`${entry.description ?? ''} ${entry.shortDescription ?? ''}`);
    for (const tier of documentTiers(docs, kind)) {
      for (const d of tier) {
        const got = await documentText(
          { plain_text: d.plain_text ?? null, is_sealed: Boolean(d.is_sealed), filepath_local: d.filepath_local ?? null, filepath_ia: d.filepath_ia ?? null },
          { allowOcr: this.deps.config.summaries.allowOcr, storageBaseUrl: this.storage, sleep: this.deps.sleep },
        );
        this.requests += got.requests;
        if (got.text && got.text.trim()) {
          // A jury's verdict form is evidence of nothing alone; never a link target.
          const url = verdictForm || /\bverdict\s+form\b/i.test(d.description ?? '') ? null : documentUrl(d, this.storage);
          out.docs.push({ text: got.text.trim(), url, description: d.description ?? '' });
        }
      }
      if (out.docs.length) break;
    }
    return out;
  }

  private async select(group: Group): Promise<{ primaries: Fetched[]; dispositions: Fetched[]; entries: EntryRow[] }> {
    const entries = pooled(this.deps.store.entriesOfDockets(group.docketIds));
    const primaries = entries.filter(entryIsPrimary).slice(-MAX_PRIMARIES);
    const dispositions = entries.filter((e) => !entryIsPrimary(e) && entryIsStrictDisposition(e)).slice(-MAX_DISPOSITIONS);
    const fetchedPrimaries: Fetched[] = [];
    for (const e of primaries) fetchedPrimaries.push(await this.fetchEntry(e, 'primary'));
    const fetchedDispositions: Fetched[] = [];
    for (const e of dispositions) {
      const f = await this.fetchEntry(e, 'disposition');
      // A paperless judgment or sentencing minute is its own text; a primary never is.
      if (f.docs.length === 0 && (e.description ?? '').trim()) f.docs.push({ text: e.description!.trim(), url: null, description: e.description! });
      if (f.docs.length) fetchedDispositions.push(f);
    }
    return { primaries: fetchedPrimaries, dispositions: fetchedDispositions, entries };
  }

  async summarizeGroup(kase: CaseConfig, group: Group, siblings: Group[]): Promise<SummaryResult> {
    const { store, log } = this.deps;
    const now = (this.deps.now ?? (() => new Date()))();
    this.requests = 0;
    const result: SummaryResult = { caseId: kase.id, docketNumber: group.docketNumber, courtId: group.courtId, written: false, chars: 0, model: null, documents: 0, requests: 0, guardRetries: 0, guardHits: { truthfulness: 0, grounding: 0, forfeiture: 0, staleEvents: 0 }, error: null };
    const write = (summary: string, model: string | null, sourceEntryIds: number[]) => {
      store.transaction(() => store.putSummary({ caseId: kase.id, docketNumber: group.docketNumber, courtId: group.courtId, summary, model, sourceEntryIds }));
      Object.assign(result, { written: true, chars: summary.length, model, requests: this.requests });
      log.info({ caseId: kase.id, docketNumber: group.docketNumber, courtId: group.courtId, chars: summary.length, model }, 'summary written');
      return result;
    };

    const provider = this.deps.provider;
    if (!provider) {
      // Without a model only the fixed messages can be written; decide them from the stored
      // entries, spending no request on texts nobody will read.
      const local = pooled(store.entriesOfDockets(group.docketIds)).filter(entryIsPrimary);
      const docs = local.flatMap((e) => e.documents);
      // (An appeal's docket may borrow its trial court's charging document: that needs the model path.)
      if (local.length === 0 && siblings.length === 0 && kase.extraDocuments.every((x) => !group.docketIds.includes(x.docket))) return write(REFUSAL_SENTENCE, 'n/a (no document text)', []);
      if (local.length > 0 && docs.length > 0 && docs.every((d) => d.isSealed)) return write(FIXED.sealed, 'n/a (sealed)', []);
      if (local.length > 0 && docs.every((d) => !d.filepathLocal && !d.filepathIa && !d.hasText)) return write(FIXED.notOnRecap, 'n/a (not on RECAP)', []);
      result.skipped = 'no summary model is configured (case_summaries.provider, or an API key in .env)';
      log.warn({ caseId: kase.id, docketNumber: group.docketNumber }, `summary not written: ${result.skipped}`);
      return result;
    }
    let { primaries, dispositions, entries } = await this.select(group);
    let borrowed = false;
    if (!primaries.some((p) => p.docs.length) && siblings.length > 0) {
      // An appeal's docket rarely holds the indictment: borrow the trial court's, marked as such.
      for (const s of siblings) {
        const got = await this.select(s);
        if (!got.primaries.some((p) => p.docs.length)) continue;
        const tag = `[from sibling ${s.docketNumber}${s.citation ? ` ${s.citation}` : ''}] `;
        for (const f of [...got.primaries, ...got.dispositions]) for (const d of f.docs) d.description = tag + d.description;
        primaries = got.primaries;
        dispositions = [...got.dispositions, ...dispositions];
        borrowed = true;
        break;
      }
    }

    // Operator-supplied documents for this docket group, unless CourtListener already gave the same text.
    const seen = new Set([...primaries, ...dispositions].flatMap((f) => f.docs).filter((d) => normalized(d.text).length >= 100).map((d) => digestOf(d.text)));
    const extras: PromptDocument[] = [];
    for (const x of kase.extraDocuments.filter((x) => group.docketIds.includes(x.docket))) {
      const got = await fetchUrlText(x.url, { allowOcr: this.deps.config.summaries.allowOcr, sleep: this.deps.sleep });
      this.requests += got.requests;
      const text = got.text?.trim() ?? '';
      if (!text) {
        log.warn({ caseId: kase.id, url: x.url }, 'summary: an extra document could not be read');
        continue;
      }
      if (normalized(text).length >= 100 && seen.has(digestOf(text))) continue;
      extras.push({ token: '', entryNumber: null, description: x.note, dateFiled: null, text, url: x.url, note: x.note });
    }

    const primaryDocs = primaries.filter((p) => p.docs.length);
    if (primaryDocs.length === 0 && extras.length === 0) {
      if (primaries.length === 0) return write(REFUSAL_SENTENCE, 'n/a (no document text)', []);
      if (primaries.every((p) => p.sealed)) return write(FIXED.sealed, 'n/a (sealed)', []);
      if (primaries.every((p) => p.noUrl)) return write(FIXED.notOnRecap, 'n/a (not on RECAP)', []);
      return write(FIXED.unreadable, 'n/a (unreadable)', []);
    }
    for (const p of primaryDocs) for (const d of p.docs) if (d.text.length < 1500) log.warn({ caseId: kase.id, entryId: p.entry.entryId, chars: d.text.length }, 'summary: a primary document has little text');

    // Tokens D1…Dn in prompt order: primaries, dispositions, extras.
    const tokens = new Map<string, string | null>();
    let n = 0;
    const toPrompt = (f: Fetched): PromptDocument[] =>
      f.docs.map((d) => {
        const token = `D${++n}`;
        tokens.set(token, d.url);
        return { token, entryNumber: f.entry.entryNumber, description: d.description || f.entry.description || '', dateFiled: f.entry.dateFiled, text: d.text };
      });
    const primaryPrompt = primaryDocs.flatMap(toPrompt);
    const dispositionPrompt = dispositions.flatMap(toPrompt);
    for (const x of extras) {
      x.token = `D${++n}`;
      tokens.set(x.token, x.url ?? null);
    }
    result.documents = n;

    const hearings = store.listHearings(kase.id).filter((h) => h.docketId === null || group.docketIds.includes(h.docketId) || borrowed);
    const deadlines = store.listDeadlines(kase.id).filter((d) => d.docketId === null || group.docketIds.includes(d.docketId) || borrowed);
    const restitution = dispositions.some((f) => /\brestitution\b/i.test(f.entry.description ?? '') && !f.docs.some((d) => /\$\s?\d{1,3}(?:,\d{3})+(?:\.\d{2})?|\$\d{3,}/.test(d.text)));
    const user = summaryUserMessage({
      todayUtc: now.toISOString().slice(0, 10),
      caseName: kase.name,
      docketNumber: group.docketNumber,
      courtCitation: group.citation,
      caption: group.caption,
      financialAdvisory: restitution ? 'A judgment orders restitution, but its amount cannot be read from the documents: give no restitution or forfeiture dollar figures.' : null,
      aggregationNote: kase.aggregationNote,
      sealingAdvisory: dispositions.length ? null : sealingAdvisory(entries),
      hearings: hearings.map((h) => ({ title: h.title, status: h.status, startsAtUtc: h.startsAtUtc, localDate: h.localDate, significance: h.significance })),
      deadlines: deadlines.map((d) => ({ title: d.title, status: d.status, dueAtUtc: d.dueAtUtc, localDate: d.localDate, deadlineType: d.deadlineType, notes: d.notes, conditional: d.conditional })),
      primaries: primaryPrompt,
      dispositions: dispositionPrompt,
      operatorDocuments: extras,
    });
    const ask = async (correction: string | null): Promise<string> => {
      const reply = await provider.complete({ system: SUMMARY_SYSTEM, user: correction ? `${user}\n\nCORRECTION — your previous draft had these problems; write the whole summary again:\n${correction}\n` : user, maxTokens: summaryMaxTokens(provider), temperature: 0, purpose: 'summary' });
      this.deps.ledger?.record(reply);
      return stripFences(reply.text);
    };
    const model = `${provider.name}/${provider.model}`;
    let draft: string;
    try {
      draft = await ask(null);
    } catch (err) {
      if (err instanceof LlmError && err.kind === 'context') return write(FIXED.tooLarge, 'n/a (too large)', []);
      throw err;
    }
    const ctx: GuardContext = {
      corpus: collapse([...primaryPrompt, ...dispositionPrompt, ...extras].map((d) => d.text).concat(extras.map((x) => x.note ?? ''), kase.aggregationNote ?? '').join(' ')),
      todayUtc: now.toISOString().slice(0, 10),
      docFilingDates: [...primaryPrompt, ...dispositionPrompt].map((d) => d.dateFiled).filter((d): d is string => Boolean(d)),
      scaffold: [
        ...hearings.map((h) => ({ kind: 'hearing' as const, title: h.title, status: h.status, localDate: h.localDate, startsAtUtc: h.startsAtUtc })),
        ...deadlines.map((d) => ({ kind: 'deadline' as const, title: d.title, status: d.status, localDate: d.localDate, startsAtUtc: d.dueAtUtc })),
      ],
    };
    const guarded = draft.trim() === REFUSAL_SENTENCE ? { text: REFUSAL_SENTENCE, retries: 0, hits: result.guardHits, warnings: [] as string[] } : await runGuards(draft, ctx, (correction) => ask(correction));
    result.guardRetries = guarded.retries;
    result.guardHits = { ...guarded.hits };
    for (const w of guarded.warnings) log.warn({ caseId: kase.id, docketNumber: group.docketNumber }, `summary guard: ${w}`);
    const linked = resolveDocLinks(guarded.text, tokens);
    for (const t of linked.unknown) log.warn({ caseId: kase.id, token: t }, 'summary: the model linked a document token it was not given');
    const sources = [...primaryDocs, ...dispositions].map((f) => f.entry.entryId);
    return write(linked.text, model, [...new Set(sources)]);
  }
}

/**
 * The newest order granting a motion to seal, unless a later order unseals or later filings show
 * the docket moving again (more than three later entries with a document): the charging papers
 * may be sealed, which the summary should say rather than guess around.
 */
export function sealingAdvisory(entries: EntryRow[]): string | null {
  let at = -1;
  entries.forEach((e, i) => {
    if (/\border\b[^.]{0,200}\bgrant(?:s|ed|ing)?\b[^.]{0,200}\bto\s+seal\b/i.test(e.description ?? '')) at = i;
  });
  if (at < 0) return null;
  const later = entries.slice(at + 1);
  if (later.some((e) => /\bto\s+unseal\b/i.test(e.description ?? ''))) return null;
  const active = later.filter((e) => e.documents.some((d) => d.isAvailable)).length;
  if (active > 3) return null;
  const e = entries[at]!;
  return `entry #${e.entryNumber ?? '?'} filed ${e.dateFiled ?? 'on an unknown date'}: "${(e.description ?? '').slice(0, 240)}"; ${later.length} later entr${later.length === 1 ? 'y' : 'ies'}`;
}

export interface RefreshOptions {
  caseIds?: string[];
  force?: boolean;
  /** summarize without --force: only groups with no summary yet (spec: even stale rows are skipped). */
  missingOnly?: boolean;
  onGroup?: (r: SummaryResult) => void;
}

/** Writes every missing or stale summary (all with force); a failing docket stays stale and the run goes on. */
export async function refreshSummaries(deps: SummaryDeps, opts: RefreshOptions = {}): Promise<SummaryResult[]> {
  const results: SummaryResult[] = [];
  const summarizer = new Summarizer(deps);
  for (const kase of deps.config.cases) {
    if (opts.caseIds && !opts.caseIds.includes(kase.id)) continue;
    const groups = docketGroups(deps.store, kase);
    const rows = new Map(deps.store.listSummaries(kase.id).map((r) => [`${r.docketNumber}\u0000${r.courtId}`, r]));
    for (const g of groups) {
      const row = rows.get(`${g.docketNumber}\u0000${g.courtId}`);
      const due = opts.force || !row || (!opts.missingOnly && row.stale);
      if (!due) continue;
      // The docket was never read: nothing to write from yet.
      if (!g.docketIds.some((id) => deps.store.docketWasRead(id))) continue;
      let r: SummaryResult;
      try {
        r = await summarizer.summarizeGroup(kase, g, groups.filter((s) => s !== g));
      } catch (err) {
        deps.log.error({ caseId: kase.id, docketNumber: g.docketNumber, courtId: g.courtId, err: (err as Error).message }, 'summary failed; it stays stale and is retried next run');
        r = { caseId: kase.id, docketNumber: g.docketNumber, courtId: g.courtId, written: false, chars: 0, model: null, documents: 0, requests: 0, guardRetries: 0, guardHits: { truthfulness: 0, grounding: 0, forfeiture: 0, staleEvents: 0 }, error: (err as Error).message };
      }
      results.push(r);
      opts.onGroup?.(r);
    }
  }
  return results;
}

export function describeSummary(r: SummaryResult): string {
  if (r.error) return `  ${r.docketNumber} (${r.courtId}): FAILED — ${r.error}`;
  if (r.skipped) return `  ${r.docketNumber} (${r.courtId}): not written — ${r.skipped}`;
  return `  ${r.docketNumber} (${r.courtId}): ${r.chars} chars (model=${r.model ?? 'n/a'})`;
}

/** Progress lines for people: a heading per case, then a line per docket (spec cli §summarize). */
export function summaryProgress(config: Config, say: (line: string) => void): (r: SummaryResult) => void {
  let current = '';
  return (r) => {
    if (r.caseId !== current) say(`=== summarizing ${r.caseId} — ${config.cases.find((c) => c.id === r.caseId)?.name ?? ''} ===`);
    current = r.caseId;
    say(describeSummary(r));
  };
}
